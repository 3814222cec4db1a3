/** Export Records in `format=odm` (§3.14): REDCap's ODM document with ClinicalData only. */
import type { RequestContext } from '../context.ts';
import { compileFilterLogic } from '../records/filter-logic.ts';
import type { RecordState } from '../types.ts';
import { buildProjectXml } from '../wire/odm.ts';
import { boolParam, listParam, stringParam } from '../wire/params.ts';
import { respondRaw } from '../wire/respond.ts';

export function exportRecordsOdm(context: RequestContext): Response {
  const { state, params, user } = context;
  const records = listParam(params, 'records')?.items;
  const fields = listParam(params, 'fields')?.items;
  const events = state.longitudinal ? listParam(params, 'events')?.items : undefined;
  const filter = compileFilterLogic(state, stringParam(params, 'filterLogic') ?? '');
  const recordFilter = filter
    ? (record: RecordState): boolean =>
        [...record.cells.values()].some((cell) =>
          filter({ record, event: cell.event, instrument: cell.instrument, instance: cell.instance }),
        )
    : undefined;
  const xml = buildProjectXml(state, {
    version: context.version,
    now: context.now,
    metadataOnly: false,
    clinicalOnly: true,
    ...(records ? { records: new Set(records.map((name) => name.toLowerCase())) } : {}),
    ...(fields ? { fields: new Set(fields) } : {}),
    ...(events ? { events: new Set(events) } : {}),
    ...(recordFilter ? { recordFilter } : {}),
    userDag: user.dag,
    surveyFields: boolParam(params, 'exportSurveyFields'),
    dags: boolParam(params, 'exportDataAccessGroups') && user.dag === '',
    files: false,
  });
  context.log('Data export (API)', `project_id = ${String(state.info.project_id)}`);
  // §3.14: 15.7.6 sets no ODM mapping in sendResponse; the simulator answers text/xml.
  return respondRaw(xml, 'text/xml; charset=utf-8');
}

import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { buildProjectXml } from '../wire/odm.ts';
import { compileFilterLogic } from '../records/filter-logic.ts';
import type { RecordState } from '../types.ts';
import { boolParam, listParam, stringParam } from '../wire/params.ts';
import { fail, respond } from '../wire/respond.ts';

const NO_ACCESS =
  'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.';

/**
 * Export Project XML (§2.15): REDCap's CDISC ODM 1.3.1 document with the whole metadata and,
 * unless `returnMetadataOnly`, the data, filtered by `records`, `fields`, `events` and
 * `filterLogic`; identifiers are left out for de-identified export rights.
 */
export function exportProjectXml(context: RequestContext): Response {
  const { state, params, user } = context;
  const metadataOnly = boolParam(params, 'returnMetadataOnly');
  if (!metadataOnly && user.rights.dataExport === 0) throw fail(403, NO_ACCESS);
  const records = listParam(params, 'records')?.items;
  let fields: Set<string> | undefined = listParam(params, 'fields') ? new Set(listParam(params, 'fields')?.items) : undefined;
  if (user.rights.dataExport > 1) {
    const allowed = state.fields.filter((field) => field.identifier !== 'y').map((field) => field.field_name);
    const statuses = state.forms.map((form) => `${form.name}_complete`);
    fields = new Set([...allowed, ...statuses].filter((name) => !fields || fields.has(name)));
  }
  const events = state.longitudinal ? listParam(params, 'events')?.items : undefined;
  const filter = compileFilterLogic(state, stringParam(params, 'filterLogic') ?? '');
  const recordFilter = filter
    ? (record: RecordState): boolean =>
        [...record.cells.values()].some((cell) =>
          filter({ record, event: cell.event, instrument: cell.instrument, instance: cell.instance }),
        )
    : undefined;
  const body = buildProjectXml(state, {
    version: context.version,
    now: context.now,
    metadataOnly,
    ...(records ? { records: new Set(records.map((name) => name.toLowerCase())) } : {}),
    ...(fields ? { fields } : {}),
    ...(events ? { events: new Set(events) } : {}),
    ...(recordFilter ? { recordFilter } : {}),
    userDag: user.dag,
    surveyFields: boolParam(params, 'exportSurveyFields'),
    dags: boolParam(params, 'exportDataAccessGroups') && user.dag === '',
    files: boolParam(params, 'exportFiles'),
  });
  context.log('Export project XML (API)', `project_id = ${String(state.info.project_id)}`);
  return respond(body, outputFormat(context));
}

/** Export Records in `format=odm` (§3.14): REDCap's ODM document with ClinicalData only. */
import type { RequestContext } from '../context.ts';
import { compileFilterLogic } from '../records/filter-logic.ts';
import type { ProjectState, RecordState } from '../types.ts';
import { childNamed, childrenNamed, descendantsNamed, parseXml } from '../wire/xml-read.ts';
import type { XmlNode } from '../wire/xml-read.ts';
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

/**
 * The rows of a `format=odm` records import (§4.1): each FormData of the ClinicalData is a
 * flat row; classic projects' FormData sit directly in SubjectData. Pseudo-fields other than
 * `redcap_data_access_group` are dropped. Undefined when the document has no ClinicalData.
 */
export function readOdmRows(state: ProjectState, xml: string): Map<string, string>[] | undefined {
  const root = parseXml(xml);
  const clinical = root.name === 'ODM' ? childNamed(root, 'ClinicalData') : undefined;
  if (!clinical) return undefined;
  const get = (node: XmlNode, name: string): string => node.attributes.get(name) ?? '';
  const rows: Map<string, string>[] = [];
  for (const subject of childrenNamed(clinical, 'SubjectData')) {
    const blocks = state.longitudinal ? childrenNamed(subject, 'StudyEventData') : [subject];
    for (const block of blocks) {
      const event = get(block, 'redcap:UniqueEventName') || get(block, 'StudyEventOID').replace(/^Event\./, '');
      for (const formData of descendantsNamed(block, 'FormData')) {
        const form = get(formData, 'FormOID').replace(/^Form\./, '');
        const row = new Map<string, string>([[state.recordIdField, get(subject, 'SubjectKey')]]);
        if (state.longitudinal) row.set('redcap_event_name', event);
        const dag = get(subject, 'redcap:DataAccessGroup');
        if (dag !== '') row.set('redcap_data_access_group', dag);
        const eventKey = state.longitudinal ? event : (state.events[0]?.uniqueName ?? '');
        if (state.repeatingForms.get(eventKey)?.has(form)) {
          row.set('redcap_repeat_instrument', form);
          row.set('redcap_repeat_instance', get(formData, 'FormRepeatKey') || '1');
        } else if (state.longitudinal && state.repeatingEvents.has(event)) {
          row.set('redcap_repeat_instrument', '');
          row.set('redcap_repeat_instance', get(block, 'StudyEventRepeatKey') || '1');
        }
        for (const item of descendantsNamed(formData, 'ItemData')) {
          const oid = get(item, 'ItemOID');
          if (oid === 'redcap_survey_identifier' || oid === 'redcap_event_name' || oid.startsWith('redcap_repeat_')) continue;
          row.set(oid, get(item, 'Value'));
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

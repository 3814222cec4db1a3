/** Randomize Record (§2.16, REDCap 14.7.0+): a small allocation-table model. */
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { setCellValue } from '../records/save.ts';
import { findRecord } from '../state/records.ts';
import type { EventDef, ProjectState, RandomizationDef, RecordState } from '../types.ts';
import { fputcsv } from '../wire/csv.ts';
import { stringParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { respond, respondIn } from '../wire/respond.ts';
import { xmlObject } from '../wire/xml.ts';

/** The model's target event (the first event when the model names none). */
function targetEvent(state: ProjectState, model: RandomizationDef): string {
  return state.longitudinal && model.event !== '' ? model.event : (state.events[0] as EventDef).uniqueName;
}

/** A record's value of a (non-repeating) field: in the target event first, then any event. */
function fieldValue(record: RecordState, field: string, event: string): string {
  const cells = [...record.cells.values()].filter((cell) => cell.instrument === '');
  for (const cell of [...cells.filter((c) => c.event === event), ...cells.filter((c) => c.event !== event)]) {
    const value = cell.values.get(field);
    if (typeof value === 'string' && value !== '') return value;
  }
  return '';
}

/**
 * Randomize Record: takes the first free allocation matching the record's strata (and
 * DAG), writes its code into the target field. REDCap's refusals come as HTTP 200 texts.
 */
export function randomizeRecord(context: RequestContext): Response {
  const { state, params } = context;
  const format = outputFormat(context);
  const refuse = (text: string): Response => respond(text, format);
  const recordName = stringParam(params, 'record') ?? '';
  const idText = stringParam(params, 'randomization_id') ?? '';
  const model = /^\d+$/.test(idText) ? state.randomizations.find((candidate) => candidate.id === Number(idText)) : undefined;
  if (recordName === '' || !model) return refuse('Invalid data supplied');
  const record = findRecord(state, recordName);
  if (!record) return refuse('Cannot randomize. Record does not exist.');
  const event = targetEvent(state, model);
  if (model.allocations.some((row) => row.record === record.name) || fieldValue(record, model.targetField, event) !== '') {
    return refuse('Cannot randomize. Randomization already completed for record.');
  }
  if (model.byDag && record.dag === '') return refuse('Cannot randomize. Record not assigned to a DAG');
  const strata = new Map(model.strata.map((field) => [field, fieldValue(record, field, event)]));
  const missing = [...strata].filter(([, value]) => value === '').map(([field]) => field);
  if (missing.length > 0) return refuse(`Cannot randomize. Missing stratification data for fields: ${missing.join(',')}`);
  const allocation = model.allocations.find(
    (row) =>
      row.record === '' &&
      (!model.byDag || row.dag === record.dag) &&
      Object.entries(row.strata ?? {}).every(([field, value]) => strata.get(field) === value),
  );
  if (!allocation) return refuse('Cannot randomize. No allocations available.');
  allocation.record = record.name;
  setCellValue(state, record, event, '', 1, model.targetField, allocation.target);
  context.log('Randomize record (API)', `randomization_id = ${model.id}`, record.name);
  context.log('Update record (API)', `${model.targetField} = '${allocation.target}'`, record.name);
  const returnAlt = stringParam(params, 'returnAlt') ?? '';
  const result: Record<string, string | number> = {
    randomization_id: model.id,
    record: record.name,
    target_field: allocation.target,
    target_field_name: model.targetField,
  };
  if (returnAlt === 'true' || (returnAlt.trim() !== '' && Number(returnAlt) === 1))
    result.target_field_alt = model.blinded ? '*' : (allocation.alt ?? '');
  return respondIn(format, {
    json: () => phpJsonEncode(result),
    csv: () => fputcsv(Object.keys(result)) + fputcsv(Object.values(result).map(String)),
    xml: () => xmlObject(result),
  });
}

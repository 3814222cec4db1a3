import { flagOrphanFiles } from '../state/design.ts';
import type { RequestContext } from '../context.ts';
import { cellKey, findRecord } from '../state/records.ts';
import { fieldsOfForm, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import type { RecordState } from '../types.ts';
import { arrayParam, stringParam } from '../wire/params.ts';
import { fail, respond } from '../wire/respond.ts';
import { clearForm, dropEmptyEvents } from './save.ts';

/** Delete Records (§2.16): whole records, or an instrument/event/instance of them. Answers a bare count. */
export function deleteRecords(context: RequestContext): Response {
  const { state, params, user } = context;
  if (!user.rights.apiImport || !user.rights.recordDelete) {
    throw fail(
      400,
      "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Delete Records' privileges in the project in order to utilize this API method.",
    );
  }
  const list = arrayParam(params, 'records');
  if (!list) {
    throw fail(
      400,
      "Incorrect format for 'records' parameter. It must be passed as an array, even if it only contains a single record name.",
    );
  }
  const names = list.filter((name) => name !== '');
  if (names.length === 0) {
    throw fail(
      400,
      "The 'records' parameter is an empty array. The parameter must be an array containing one or more record names to delete.",
    );
  }
  const armText = stringParam(params, 'arm') ?? '';
  let arm: number | undefined;
  if (armText !== '' && state.longitudinal && state.arms.length > 1) {
    arm = Number(armText);
    if (!state.arms.some((candidate) => String(candidate.num) === armText))
      throw fail(400, 'The arm provided is not correct for the project.');
  }
  const armEvents = new Set(state.events.filter((event) => arm === undefined || event.armNum === arm).map((event) => event.uniqueName));
  const records: RecordState[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const record = findRecord(state, name);
    if (record && [...record.cells.values()].some((cell) => armEvents.has(cell.event))) records.push(record);
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw fail(
      400,
      `One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: ${missing.join(', ')}`,
    );
  }

  const instrument = stringParam(params, 'instrument') ?? '';
  const eventName = stringParam(params, 'event') ?? '';
  const instanceText = stringParam(params, 'repeat_instance') ?? '';
  const partial = instrument !== '' || eventName !== '' || instanceText !== '';
  if (!partial) {
    for (const record of records) {
      for (const [key, cell] of [...record.cells]) if (armEvents.has(cell.event)) record.cells.delete(key);
      if (record.cells.size === 0) state.records.delete(record.name);
      context.log('Delete record (API)', `record_id = '${record.name}'`, record.name);
    }
    flagOrphanFiles(context.state);
    return respond(String(records.length), context.returnFormat);
  }

  // Partial deletion: check every record first (nothing is deleted on any failure).
  const failures: string[] = [];
  if (instrument !== '' && !state.formByName.has(instrument))
    failures.push(...records.map((record) => `${record.name}: invalid instrument '${instrument}'`));
  if (eventName !== '' && !state.eventByName.has(eventName))
    failures.push(...records.map((record) => `${record.name}: invalid event '${eventName}'`));
  if (instrument !== '' && state.longitudinal && eventName === '')
    failures.push(...records.map((record) => `${record.name}: the 'event' parameter is required`));
  const instance = instanceText === '' ? undefined : Number(instanceText);
  if (instance !== undefined && !(Number.isInteger(instance) && instance > 0))
    failures.push(...records.map((record) => `${record.name}: invalid repeat_instance '${instanceText}'`));
  const plans: { record: RecordState; keys: string[] }[] = [];
  if (failures.length === 0) {
    for (const record of records) {
      const keys = [...record.cells.values()]
        .filter((cell) => armEvents.has(cell.event) && (eventName === '' || cell.event === eventName))
        .filter((cell) => {
          if (instance === undefined) return true;
          if (instrument !== '' && isRepeatingForm(state, cell.event, instrument))
            return cell.instrument === instrument && cell.instance === instance;
          return isRepeatingEvent(state, cell.event) && cell.instrument === '' && cell.instance === instance;
        })
        .filter((cell) => instrument === '' || cell.instrument === '' || cell.instrument === instrument)
        .map((cell) => cellKey(cell.event, cell.instrument, cell.instance));
      const hasData = keys.some((key) => {
        const cell = record.cells.get(key);
        if (!cell) return false;
        if (instrument === '') return true;
        return (
          fieldsOfForm(state, instrument).some((field) => cell.values.has(field.field_name)) || cell.values.has(`${instrument}_complete`)
        );
      });
      if (!hasData) failures.push(`${record.name}: no data for the given instrument/event/repeat_instance`);
      else plans.push({ record, keys });
    }
  }
  if (failures.length > 0) {
    throw fail(
      400,
      `One or more of the records provided are either do not exist in this project or not valid with selected params. Note: No records were deleted. Records that do not exist: ${failures.join(', ')}`,
    );
  }
  for (const { record, keys } of plans) {
    for (const key of keys) {
      if (instrument !== '') clearForm(state, record, key, instrument);
      else record.cells.delete(key);
    }
    if (instrument !== '') dropEmptyEvents(record, new Set(keys.map((key) => key.slice(0, key.indexOf('|')))));
    if (record.cells.size === 0) state.records.delete(record.name);
    context.log(
      'Delete record (API)',
      `record_id = '${record.name}'${instrument ? `, instrument = '${instrument}'` : ''}${eventName ? `, event = '${eventName}'` : ''}`,
      record.name,
    );
  }
  flagOrphanFiles(context.state);
  return respond(String(plans.length), context.returnFormat);
}

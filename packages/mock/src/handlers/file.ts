import type { RequestContext } from '../context.ts';
import { setCellValue } from '../records/save.ts';
import { ensureCell, findRecord, getCell, hasEvent } from '../state/records.ts';
import { htmlEscape } from '../wire/html.ts';
import { isDesignated, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import type { EventDef, FieldDef, RecordState } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { fail, respond, respondRaw } from '../wire/respond.ts';

/** Where a file lives: event, repeating instrument, instance. */
interface Place {
  readonly event: EventDef;
  readonly instrument: string;
  readonly instance: number;
}

function placeOf(context: RequestContext, fieldName: string, integerOnly: boolean): Place {
  const { state, params } = context;
  let event = state.events[0] as EventDef;
  if (state.longitudinal) {
    const name = stringParam(params, 'event') ?? '';
    const found = name === '' ? undefined : state.eventByName.get(name);
    if (!found) throw fail(400, 'invalid event');
    event = found;
  }
  const form = state.fieldByName.get(fieldName)?.form_name ?? '';
  const text = stringParam(params, 'repeat_instance') ?? '';
  const valid = integerOnly ? /^\d+$/.test(text) : text.trim() !== '' && Number.isFinite(Number(text));
  let instance = valid && Number(text) > 0 ? Math.trunc(Number(text)) : 1;
  const repeatingForm = isRepeatingForm(state, event.uniqueName, form);
  if (!repeatingForm && !(state.longitudinal && isRepeatingEvent(state, event.uniqueName))) instance = 1;
  return { event, instrument: repeatingForm ? form : '', instance };
}

function fileField(context: RequestContext, name: string): FieldDef {
  const field = context.state.fieldByName.get(name);
  if (field?.field_type !== 'file') throw fail(400, `The field '${htmlEscape(name)}' does not exist or is not a 'file' field`);
  return field;
}

/** Export a File (§2.9): raw bytes, `Content-type: <mime>; name="<file>"`. */
export function exportFile(context: RequestContext): Response {
  const { state, params, user } = context;
  const recordName = stringParam(params, 'record') ?? '';
  const fieldName = stringParam(params, 'field') ?? '';
  if (user.rights.dataExport === 0) {
    throw fail(
      403,
      'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.',
    );
  }
  if (user.rights.dataExport > 1 && state.fieldByName.get(fieldName)?.identifier === 'y') {
    throw fail(
      403,
      'The API request cannot complete because this File Upload field is an Identifier field while at the same time you currently have either "De-Identified" data export rights or "Remove all tagged Identifier fields" data export rights, which prevent you from exporting fields tagged as Identifiers. Higher level data export rights are required for this operation.',
    );
  }
  const place = placeOf(context, fieldName, false);
  const record = findRecord(state, recordName);
  if (!record || !hasEvent(record, place.event.uniqueName)) throw fail(400, `The record "${htmlEscape(recordName)}" does not exist`);
  fileField(context, fieldName);
  const value = getCell(record, place.event.uniqueName, place.instrument, place.instance)?.values.get(fieldName);
  const file = typeof value === 'string' ? state.files.get(Number(value)) : undefined;
  if (!file || file.deleted) throw fail(400, 'There is no file to download for this record');
  context.log('Download file (API)', `${fieldName} = '${file.docId}'`, record.name);
  const type = file.type.toLowerCase().startsWith('text/')
    ? `${file.type}; name="${file.name}";charset=UTF-8`
    : `${file.type}; name="${file.name}"`;
  return respondRaw(file.bytes.slice(), type, { 'content-security-policy': "script-src 'none'" });
}

/** Import a File (§2.9): multipart part `file`; empty body. A missing repeating instance is created. */
export async function importFile(context: RequestContext): Promise<Response> {
  const { state, params } = context;
  if (context.params.files.size === 0) throw fail(400, 'No valid file was uploaded');
  const upload = params.files.get('file');
  if (!upload || (upload.name === '' && upload.size === 0)) throw fail(400, 'There was a problem with the uploaded file');
  if (Number(state.info.in_production) > 1)
    throw fail(403, 'The file cannot be uploaded because the project is in Analysis/Cleanup status.');
  const recordName = stringParam(params, 'record') ?? '';
  const fieldName = stringParam(params, 'field') ?? '';
  const place = placeOf(context, fieldName, true);
  const docName = upload.name.replace(/'/g, '');
  const record = findRecord(state, recordName);
  if (!record) throw fail(400, `The record '${recordName}' does not exist. It must exist to upload a file`);
  const field = fileField(context, fieldName);
  if (field.text_validation_type_or_show_slider_number === 'signature') {
    throw fail(
      400,
      `The field '${fieldName}' is a signature field, which cannot be imported using the API but can only be created using the web interface. However, it can be downloaded or deleted using the API.`,
    );
  }
  const bytes = new Uint8Array(await upload.arrayBuffer());
  const docId = state.nextDocId++;
  state.files.set(docId, {
    docId,
    name: docName,
    type: upload.type === '' ? 'application/octet-stream' : upload.type,
    bytes,
    deleted: false,
  });
  const event = place.event.uniqueName;
  if (place.instrument !== '') {
    const cell = ensureCell(record, event, place.instrument, place.instance);
    if (!cell.values.has(`${place.instrument}_complete`)) cell.values.set(`${place.instrument}_complete`, '0');
  }
  // REDCap saves through getData/saveData: nothing is saved where the record has no data yet, or
  // where the field's instrument is not designated for the event; the answer is still 200.
  const target = getCell(record, event, place.instrument, place.instance);
  if (target && isDesignated(state, event, field.form_name)) {
    replaceFile(context, record, place, fieldName);
    setCellValue(state, record, event, place.instrument, place.instance, fieldName, String(docId));
  }
  context.log('Upload document (API)', `${fieldName} = '${docId}'`, record.name);
  return respond('', context.returnFormat);
}

/** Delete a File (§2.9): empty body; the stored file is only flagged deleted. */
export function deleteFile(context: RequestContext): Response {
  const { state, params } = context;
  if (Number(state.info.in_production) > 1)
    throw fail(403, 'The file cannot be deleted because the project is in Analysis/Cleanup status.');
  const recordName = stringParam(params, 'record') ?? '';
  const fieldName = stringParam(params, 'field') ?? '';
  const place = placeOf(context, fieldName, true);
  const record = findRecord(state, recordName);
  if (!record) throw fail(400, `The record '${recordName}' does not exist`);
  fileField(context, fieldName);
  const cell = getCell(record, place.event.uniqueName, place.instrument, place.instance);
  const value = cell?.values.get(fieldName);
  const file = typeof value === 'string' ? state.files.get(Number(value)) : undefined;
  if (!cell || !file || file.deleted) throw fail(400, 'There is no file to delete for this record');
  file.deleted = true;
  cell.values.delete(fieldName);
  context.log('Delete uploaded document (API)', `${fieldName} = ''`, record.name);
  return respond('', context.returnFormat);
}

function replaceFile(context: RequestContext, record: RecordState, place: Place, fieldName: string): void {
  const value = getCell(record, place.event.uniqueName, place.instrument, place.instance)?.values.get(fieldName);
  if (typeof value !== 'string') return;
  const previous = context.state.files.get(Number(value));
  if (previous) previous.deleted = true;
}

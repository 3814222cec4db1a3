import { readOdmRows } from '../odm/records.ts';
import type { RequestContext } from '../context.ts';
import { autoNumberer, findRecord } from '../state/records.ts';
import { hasRepeating, isDesignated, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import type { ProjectState, RecordState } from '../types.ts';
import { csvDelimiterOf, parseCsv } from '../wire/csv.ts';
import { boolParam, stringParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { fail, RedcapFailure, respond, respondIn } from '../wire/respond.ts';
import { NOT_IN_FORMAT, scalar } from '../wire/import-data.ts';
import { XML_DECLARATION } from '../wire/xml.ts';
import { parseXmlRows, XmlSyntaxError } from '../wire/xml-read.ts';
import { columnMap, formOfColumn } from './columns.ts';
import { eventLabel } from './export.ts';
import { writeRow } from './save.ts';
import { recalculate } from '../calc/recalc.ts';
import type { TargetRow } from './save.ts';
import { missingDataCodes } from '../state/missing-codes.ts';
import { checkCheckboxValue, checkFieldValue, checkStatusValue } from './validate.ts';

type RawRow = Map<string, string>;

/** Import Records (§4). All-or-nothing; answers in `returnFormat`. */
export function importRecords(context: RequestContext): Response {
  const { state, params } = context;
  if (Number(state.info.in_production) === 2)
    throw fail(403, 'Data may not be imported because the project is in Analysis/Cleanup status.');
  if (context.data === undefined || context.data === '') throw fail(400, 'No data was provided.');
  const background = boolParam(params, 'backgroundProcess');
  let rows = readRows(context);
  if (context.type === 'eav') rows = eavToFlat(state, rows);
  const forceRequested = boolParam(params, 'forceAutoNumber');
  // Without record auto-numbering the supplied ids are used (§4.1), but `auto_ids` still answers pairs.
  const forceAutoNumber = forceRequested && Number(state.info.record_autonumbering_enabled) === 1;
  let result: ImportResult;
  try {
    result = runImport(context, rows, forceAutoNumber);
  } catch (error) {
    if (background && error instanceof RedcapFailure) return backgroundAnswer(context);
    throw error;
  }
  if (background) return backgroundAnswer(context);
  const format = context.returnFormat;
  const returnContent = context.returnContent === 'auto_ids' && !forceRequested ? 'count' : context.returnContent;
  if (returnContent === 'nothing') return respond(format === 'xml' ? XML_DECLARATION : '', format);
  if (returnContent === 'ids' || returnContent === 'auto_ids') {
    const ids = returnContent === 'ids' ? result.ids : result.autoIds.map(([created, original]) => `${created},${original}`);
    return respondIn(format, {
      json: () => phpJsonEncode(ids),
      csv: () => [returnContent === 'ids' ? 'id' : 'id,original_id', ...ids].join('\n'),
      xml: () => `${XML_DECLARATION}<ids>${ids.map((id) => `<id>${id}</id>`).join('')}</ids>`,
    });
  }
  const count = result.ids.length;
  return respondIn(format, {
    json: () => `{"count": ${count}}`,
    csv: () => String(count),
    xml: () => `${XML_DECLARATION}<count>${count}</count>`,
  });
}

function backgroundAnswer(context: RequestContext): Response {
  return respondIn(context.returnFormat, {
    json: () => '{"success":true}',
    csv: () => 'success\ntrue',
    xml: () => `${XML_DECLARATION}\n<success>true</success>`,
  });
}

function readRows(context: RequestContext): RawRow[] {
  const data = context.data ?? '';
  if (context.format === 'json') {
    const decoded = context.jsonData;
    const list = Array.isArray(decoded) ? decoded : decoded !== null && typeof decoded === 'object' ? Object.values(decoded) : undefined;
    if (!list || list.length === 0) throw fail(400, NOT_IN_FORMAT);
    return list.map((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw fail(400, NOT_IN_FORMAT);
      const row: RawRow = new Map();
      for (const [key, value] of Object.entries(item as Record<string, unknown>)) row.set(key, scalar(value));
      return row;
    });
  }
  if (context.format === 'csv') {
    const table = parseCsv(data, csvDelimiterOf(stringParam(context.params, 'csvDelimiter')));
    const header = (table[0] ?? []).map((name) => name.trim());
    if (header.length === 0 || table.length < 2) throw fail(400, NOT_IN_FORMAT);
    return table.slice(1).map((cells) => new Map(header.map((name, index) => [name, cells[index] ?? ''])));
  }
  if (context.format === 'xml') {
    let rows: RawRow[] | undefined;
    try {
      rows = parseXmlRows(data, 'records');
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw fail(400, `The data being imported is not formatted correctly. Error: ${error.message}`);
      throw error;
    }
    if (!rows || rows.length === 0) throw fail(400, NOT_IN_FORMAT);
    return rows;
  }
  let rows: RawRow[] | undefined;
  try {
    rows = readOdmRows(context.state, data);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw fail(400, `The data being imported is not formatted correctly. Error: ${error.message}`);
    throw error;
  }
  if (!rows || rows.length === 0) throw fail(400, NOT_IN_FORMAT);
  return rows;
}

function eavToFlat(state: ProjectState, rows: readonly RawRow[]): RawRow[] {
  const grouped = new Map<string, RawRow>();
  for (const row of rows) {
    const record = row.get('record') ?? '';
    const event = row.get('redcap_event_name') ?? '';
    const instrument = row.get('redcap_repeat_instrument') ?? '';
    const instance = row.get('redcap_repeat_instance') ?? '';
    if (instance === 'new') {
      throw fail(
        400,
        `The record name (${record}) has a value of 'new' for 'redcap_repeat_instance', which is not allowed for 'eav' type data. The 'new' value for 'redcap_repeat_instance' can only be used when type=flat.`,
      );
    }
    const key = [record, event, instrument, instance].join('\u0000');
    let flat = grouped.get(key);
    if (!flat) {
      flat = new Map([[state.recordIdField, record]]);
      if (row.has('redcap_event_name')) flat.set('redcap_event_name', event);
      if (row.has('redcap_repeat_instrument')) flat.set('redcap_repeat_instrument', instrument);
      if (row.has('redcap_repeat_instance')) flat.set('redcap_repeat_instance', instance);
      grouped.set(key, flat);
    }
    const field = row.get('field_name') ?? '';
    if (field !== state.recordIdField) flat.set(field, row.get('value') ?? '');
  }
  return [...grouped.values()];
}

interface ImportResult {
  readonly ids: string[];
  readonly autoIds: [string, string][];
}

/** A data row placed in the project, before values are checked. */
interface Placed {
  readonly row: RawRow;
  readonly record: string;
  readonly event: string;
  readonly instrument: string;
  readonly instance: number;
  readonly instanceText: string;
  /** `redcap_repeat_instrument` was given but does not repeat here. */
  readonly strayInstance: boolean;
}

function runImport(context: RequestContext, rows: readonly RawRow[], forceAutoNumber: boolean): ImportResult {
  const { state, user } = context;
  const pk = state.recordIdField;
  // Sets, not arrays: at 5,000 columns or 50,000 records a linear search per item is quadratic.
  const columnSet = new Set<string>();
  for (const row of rows) for (const name of row.keys()) columnSet.add(name);
  const columns = [...columnSet];
  const first = rows[0] as RawRow;

  if (!columnSet.has(pk)) throw fail(400, `The record id field (${pk}) is missing.`);
  if ((first.has('redcap_repeat_instrument') || first.has('redcap_repeat_instance')) && !hasRepeating(state)) {
    throw fail(
      400,
      "ERROR: Trying to import repeat instance/instrument fields! The fields 'redcap_repeat_instrument' and 'redcap_repeat_instance' are reserved for when 'Repeating Instruments and Events' have been  enabled on the Project Setup page. This project does not have that feature enabled, so you may not import data with those fields.",
    );
  }
  const known = columnMap(state);
  const missing = new Set(missingDataCodes(state));
  const unknown = columns.filter((name) => !known.has(name) && !(name === 'redcap_event_name' && !state.longitudinal));
  if (unknown.length > 0) {
    const shown = unknown.map((name) => (name === '' ? '[variable name was left blank]' : name));
    throw fail(400, `The following fields were not found in the project as real data fields: ${shown.join(', ')}`);
  }
  // A row without `redcap_event_name` goes into the first event of the first arm (§4.2; PyCap issue #142).
  const firstEvent = state.events[0]?.uniqueName ?? '';
  const eventOf = (row: RawRow): string => row.get('redcap_event_name') ?? firstEvent;
  if (state.longitudinal) {
    const bad = [...new Set(rows.map(eventOf))].filter((name) => !state.eventByName.has(name));
    if (bad.length > 0) throw fail(400, `The following values of redcap_event_name are invalid: ${bad.join(', ')}`);
  }
  if (columnSet.has('redcap_data_access_group')) {
    if (user.dag !== '') {
      throw fail(
        400,
        "ERROR: Illegal use of 'redcap_data_access_group' field! You are currently in a Data Access Group, so you are not allowed to assign records to a Data Access Group.",
      );
    }
    const bad = [...new Set(rows.map((row) => row.get('redcap_data_access_group') ?? ''))].filter(
      (name) => name !== '' && !state.dags.some((dag) => dag.uniqueName === name),
    );
    if (bad.length > 0)
      throw fail(400, `The following Data Access Group are invalid for the redcap_data_access_group field: ${bad.join(', ')}`);
    const dagOf = new Map<string, string>();
    for (const row of rows) {
      const dag = row.get('redcap_data_access_group') ?? '';
      if (dag === '') continue;
      const record = (row.get(pk) ?? '').toLowerCase();
      const previous = dagOf.get(record);
      if (previous !== undefined && previous !== dag) throw fail(400, 'ERROR: Trying to assign multiple Data Access Groups per record!');
      dagOf.set(record, dag);
    }
  }

  // Record names: auto-numbering, checks, case-insensitive matching.
  const renamed = new Map<string, string>();
  const autoIds: [string, string][] = [];
  if (forceAutoNumber) {
    const dagId = state.dags.find((dag) => dag.uniqueName === user.dag)?.id;
    // One scan of the project for the highest number, then counting up: not a scan per row.
    const next = autoNumberer(state, dagId);
    for (const row of rows) {
      const original = row.get(pk) ?? '';
      if (renamed.has(original)) continue;
      const name = next();
      renamed.set(original, name);
      autoIds.push([name, original]);
    }
  }
  const nextInstance = new Map<string, number>();
  const placed: Placed[] = [];
  const seenNames = new Map<string, string>();
  for (const row of rows) {
    const given = row.get(pk) ?? '';
    let record = renamed.get(given) ?? given;
    checkRecordName(record);
    if (!forceAutoNumber) {
      const stored = findRecord(state, record)?.name ?? seenNames.get(record.toLowerCase()) ?? record;
      seenNames.set(record.toLowerCase(), stored);
      record = stored;
    }
    const event = state.longitudinal ? eventOf(row) : firstEvent;
    const instrumentGiven = row.get('redcap_repeat_instrument') ?? '';
    const instanceText = (row.get('redcap_repeat_instance') ?? '').trim();
    if (instanceText !== '' && instanceText !== 'new' && !/^\d+$/.test(instanceText)) {
      throw fail(
        400,
        `The record name (${record}) has an invalid value for 'redcap_repeat_instance'. The value must either be a positive integer or the value 'new'. Value provided: ${instanceText}`,
      );
    }
    const repeatingEvent = isRepeatingEvent(state, event);
    if (repeatingEvent && instrumentGiven === '' && instanceText === '') {
      throw fail(
        400,
        `The record name (${record}) with event "${event}" cannot be imported. This is because this event is a repeating event, but the field 'redcap_repeat_instance' could not be found in the data import fields.`,
      );
    }
    if (!repeatingEvent && instrumentGiven === '' && instanceText !== '') {
      throw fail(
        400,
        `The record name (${record}) with redcap_repeat_instance "${instanceText}" cannot be imported. This is because the field 'redcap_repeat_instrument' could not be found in the data import fields or because it has a blank value.`,
      );
    }
    const repeatingForm = instrumentGiven !== '' && isRepeatingForm(state, event, instrumentGiven);
    const instrument = repeatingForm ? instrumentGiven : '';
    const repeats = repeatingForm || repeatingEvent;
    let instance = 1;
    if (repeats && instanceText === 'new') {
      const key = `${record.toLowerCase()}|${event}|${instrument}`;
      const next = (nextInstance.get(key) ?? maxInstance(state, record, event, instrument)) + 1;
      nextInstance.set(key, next);
      instance = next;
    } else if (repeats && instanceText !== '') {
      instance = Number(instanceText);
      const key = `${record.toLowerCase()}|${event}|${instrument}`;
      nextInstance.set(key, Math.max(nextInstance.get(key) ?? maxInstance(state, record, event, instrument), instance));
    }
    placed.push({
      row,
      record,
      event,
      instrument,
      instance,
      instanceText,
      strayInstance: instrumentGiven !== '' && !repeatingForm && !repeatingEvent,
    });
  }

  if (!hasRepeating(state)) {
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const item of placed) {
      const key = `${item.record}-${item.event}--`;
      if (seen.has(key)) duplicates.add(key);
      seen.add(key);
    }
    if (duplicates.size > 0)
      throw fail(
        400,
        `The records listed below occur more than once. Please remove any duplicates and try again: ${[...duplicates].join(', ')}`,
      );
  }

  // Field-level validation.
  const lines: string[] = [];
  const targets: TargetRow[] = [];
  for (const item of placed) {
    const values = new Map<string, string>();
    const line = (field: string, value: string, message: string): void => {
      lines.push([item.record, field, value, message.replace(/[\r\n\t]+/g, ' ')].map((part) => `"${part.replace(/"/g, '""')}"`).join(','));
    };
    if (item.strayInstance) {
      line(
        'redcap_repeat_instance',
        item.instanceText,
        'redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event, respectively.  The redcap_repeat_instance field must be left blank for this row of data.',
      );
    } else if ((item.instrument !== '' || isRepeatingEvent(state, item.event)) && item.instanceText === '0') {
      line(
        'redcap_repeat_instance',
        '0',
        "Values being imported into a repeating instrument/event cannot have the 'redcap_repeat_instance' field with a value of '0'.",
      );
    }
    for (const [column, rawValue] of item.row) {
      const kind = known.get(column);
      if (!kind) continue;
      const form = formOfColumn(kind);
      if (kind.kind === 'dag') values.set(column, rawValue);
      if (form === undefined || kind.kind === 'timestamp') continue;
      const value = rawValue.trim() === '' ? '' : rawValue;
      if (value === '') {
        values.set(column, '');
        continue;
      }
      if (kind.kind === 'field' && (kind.field.field_type === 'calc' || kind.field.field_type === 'file')) continue;
      if (state.longitudinal && !isDesignated(state, item.event, form)) {
        const event = state.eventByName.get(item.event);
        line(
          column,
          value,
          `This field ('${column}') exists on an instrument that is not designated for the event named '${event ? eventLabel(state, event) : item.event}'. You are not allowed to import data for this field into this event.`,
        );
        continue;
      }
      if (item.instrument !== '' && form !== item.instrument) {
        line(
          column,
          value,
          `This field ('${column}') does not exist on the Repeating Instrument named '${item.instrument}'. You are not allowed to import data for this field into this Repeating Instrument.`,
        );
        continue;
      }
      if (item.instrument === '' && !isRepeatingEvent(state, item.event) && isRepeatingForm(state, item.event, form)) {
        line(
          column,
          value,
          "This field is located on a repeating instrument; however, no value has been provided for the field 'redcap_repeat_instrument'.",
        );
        continue;
      }
      const checked =
        kind.kind === 'complete'
          ? checkStatusValue(column, value)
          : kind.kind === 'checkbox'
            ? checkCheckboxValue(column, value)
            : kind.kind === 'field'
              ? // A missing-data code is a valid value of any field, unless @NOMISSING says otherwise.
                missing.has(value) && !/@NOMISSING\b/.test(kind.field.field_annotation ?? '')
                ? { ok: true as const, value }
                : checkFieldValue(kind.field, value, context.dateFormat)
              : { ok: true as const, value };
      if (!checked.ok) {
        line(column, value, checked.message);
        continue;
      }
      values.set(column, checked.value);
    }
    targets.push({ record: item.record, event: item.event, instrument: item.instrument, instance: item.instance, values });
  }
  if (lines.length > 0) throw fail(400, lines.join('\n'));

  // Save.
  const ids: string[] = [];
  const existed = new Set<string>();
  const changes = new Map<string, string[]>();
  for (const target of targets) {
    if (!changes.has(target.record)) {
      ids.push(target.record);
      if (findRecord(state, target.record)) existed.add(target.record);
      changes.set(target.record, []);
    }
    const written = writeRow(state, target, context.overwriteBehavior === 'overwrite');
    const list = changes.get(target.record) as string[];
    for (const change of written.changes) list.push(change);
  }
  for (const id of ids) {
    context.log(existed.has(id) ? 'Update record (API)' : 'Create record (API)', (changes.get(id) ?? []).join(', '), id);
  }
  // Calc fields are recalculated after the import, which logs their changes apart (§4.3, §4.5).
  const saved = ids.map((id) => findRecord(state, id)).filter((record): record is RecordState => record !== undefined);
  for (const [id, calcChanges] of recalculate(state, saved, { now: context.now, report: context.server.report }))
    context.log('Update record (Auto calculation)', calcChanges.join(', '), id);
  // Ids kept as supplied (no auto-numbering): each record is its own pair, in order of first appearance.
  if (!forceAutoNumber) {
    const paired = new Set<string>();
    for (const item of placed) {
      const original = item.row.get(pk) ?? '';
      if (paired.has(original)) continue;
      paired.add(original);
      autoIds.push([item.record, original]);
    }
  }
  return { ids, autoIds };
}

function checkRecordName(name: string): void {
  if (name === '') throw fail(400, 'The record name cannot be empty.');
  if (name.length > 100) {
    throw fail(
      400,
      `Record names must be 100 characters or less in length. The following record name is too long and thus cannot be imported: ${name}`,
    );
  }
  if (/<br\s*\/?>|[\r\n]/i.test(name)) {
    throw fail(
      400,
      `Record names cannot contain BR tags, line breaks, or carriage return characters. The following record name contains a BR tag, line break, or carriage return, and thus cannot be imported: ${name}`,
    );
  }
  if (/[+&#']/.test(name))
    throw fail(400, `The record name (${name}) cannot contain a plus sign (+), ampersand (&), pound sign (#), or apostrophe.`);
}

function maxInstance(state: ProjectState, name: string, event: string, instrument: string): number {
  const record = findRecord(state, name);
  if (!record) return 0;
  let max = 0;
  for (const cell of record.cells.values()) {
    if (cell.event === event && cell.instrument === instrument) max = Math.max(max, cell.instance);
  }
  return max;
}

import { exportRecordsOdm } from '../odm/records.ts';
import { outputFormat } from '../context.ts';
import type { RequestContext } from '../context.ts';
import { checkboxColumns, choicesOf, hasRepeating, isDataField, isDesignated, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import { getCell, sortedRecords, sortedRecordsNamed } from '../state/records.ts';
import { stripHtml } from '../wire/html.ts';
import type { Choice } from '../state/design.ts';
import type { Cell, EventDef, FieldDef, ProjectState, RecordState } from '../types.ts';
import { csvDelimiterOf, fputcsv } from '../wire/csv.ts';
import { boolParam, listParam, stringParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { fail, respond, respondIn } from '../wire/respond.ts';
import { cdata, XML_DECLARATION, xmlItems } from '../wire/xml.ts';
import { compileFilterLogic } from './filter-logic.ts';

/** One export column. */
type Column =
  | { readonly kind: 'recordId'; readonly name: string; readonly field: FieldDef }
  | { readonly kind: 'event' | 'repeatInstrument' | 'repeatInstance' | 'dag' | 'surveyIdentifier'; readonly name: string }
  | { readonly kind: 'timestamp' | 'complete'; readonly name: string; readonly form: string }
  | { readonly kind: 'field' | 'combined'; readonly name: string; readonly field: FieldDef }
  | { readonly kind: 'checkbox'; readonly name: string; readonly field: FieldDef; readonly choice: Choice };

/** One exported row: a record × event × (repeating instrument) × instance. */
interface Row {
  readonly record: RecordState;
  readonly event: EventDef;
  readonly instrument: string;
  readonly instance: number;
  readonly repeating: boolean;
  readonly cell: Cell | undefined;
}

interface Options {
  readonly label: boolean;
  readonly checkboxLabel: boolean;
  readonly combine: boolean;
  readonly blankGray: boolean;
}

const PSEUDO_LABELS: Record<string, string> = {
  event: 'Event Name',
  repeatInstrument: 'Repeat Instrument',
  repeatInstance: 'Repeat Instance',
  dag: 'Data Access Group',
  surveyIdentifier: 'Survey Identifier',
  timestamp: 'Survey Timestamp',
  complete: 'Complete?',
};

const STATUS_LABELS: Record<string, string> = { '0': 'Incomplete', '1': 'Unverified', '2': 'Complete' };

/** Export Records (§3): flat or EAV, json/csv/xml. */
export function exportRecords(context: RequestContext): Response {
  const { state, params, user } = context;
  if (user.rights.dataExport === 0) {
    throw fail(
      403,
      'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.',
    );
  }
  if (context.format === 'odm') return exportRecordsOdm(context);

  // Events (validated only in array form, longitudinal only).
  let events: Set<string> | undefined;
  const eventsParam = listParam(params, 'events');
  if (eventsParam && state.longitudinal) {
    if (eventsParam.kind === 'array') {
      const bad = eventsParam.items.filter((name) => !state.eventByName.has(name));
      if (bad.length > 0) throw fail(400, `The following values in the parameter "events" are not valid: ${quoteList(bad)}`);
    }
    events = new Set(eventsParam.items);
  }

  // Fields (always validated) and forms (validated in array form).
  const completeFields = new Set(state.forms.map((form) => `${form.name}_complete`));
  const selected = new Set<string>();
  const fieldsParam = listParam(params, 'fields');
  if (fieldsParam) {
    const bad = fieldsParam.items.filter((name) => !state.fieldByName.has(name) && !completeFields.has(name));
    if (bad.length > 0) throw fail(400, `The following values in the parameter "fields" are not valid: ${quoteList(bad)}`);
    for (const name of fieldsParam.items) {
      const field = state.fieldByName.get(name);
      if (field && !isDataField(field)) continue;
      selected.add(name);
    }
    if (selected.size === 0) {
      throw fail(
        400,
        'The variables provided in the parameter "fields" are not valid fields that contain data. This might happen if you only provided variables for Descriptive fields.',
      );
    }
  }
  const formsParam = listParam(params, 'forms');
  if (formsParam) {
    if (formsParam.kind === 'array') {
      const bad = formsParam.items.filter((name) => !state.formByName.has(name));
      if (bad.length > 0) throw fail(400, `The following values in the parameter "forms" are not valid: ${quoteList(bad)}`);
    }
    for (const name of formsParam.items) {
      if (!state.formByName.has(name)) continue;
      for (const field of state.fields) if (field.form_name === name && isDataField(field)) selected.add(field.field_name);
      selected.add(`${name}_complete`);
    }
  }
  const all = selected.size === 0;

  const options: Options = {
    label: context.rawOrLabel === 'label',
    checkboxLabel: context.rawOrLabel === 'label' && boolParam(params, 'exportCheckboxLabel'),
    combine: boolParam(params, 'combineCheckboxOptions'),
    blankGray: boolParam(params, 'exportBlankForGrayFormStatus'),
  };
  const columns = buildColumns(
    state,
    all,
    selected,
    boolParam(params, 'exportDataAccessGroups') && state.dags.length > 0 && user.dag === '',
    boolParam(params, 'exportSurveyFields') && Number(state.info.surveys_enabled) === 1,
    options.combine && context.type === 'flat',
  );

  // Rows.
  const recordFilter = listParam(params, 'records');
  const wanted = recordFilter ? new Set(recordFilter.items.map((name) => name.toLowerCase())) : undefined;
  const filter = compileFilterLogic(state, stringParam(params, 'filterLogic') ?? '');
  const changed = changedRecords(
    state,
    stringParam(params, 'dateRangeBegin') ?? '',
    stringParam(params, 'dateRangeEnd') ?? '',
    context.now,
  );
  const dataColumns = columns.filter((column) => column.kind !== 'recordId');
  const rows: Row[] = [];
  for (const record of recordFilter ? sortedRecordsNamed(state, recordFilter.items) : sortedRecords(state)) {
    if (wanted && !wanted.has(record.name.toLowerCase())) continue;
    if (user.dag !== '' && record.dag !== user.dag) continue;
    if (changed && !changed.has(record.name.toLowerCase())) continue;
    for (const event of state.events) {
      if (events && !events.has(event.uniqueName)) continue;
      const cells = [...record.cells.values()].filter((cell) => cell.event === event.uniqueName);
      if (cells.length === 0) continue;
      const candidates: Row[] = [];
      if (isRepeatingEvent(state, event.uniqueName)) {
        for (const cell of cells.filter((c) => c.instrument === '').sort((a, b) => a.instance - b.instance)) {
          candidates.push({ record, event, instrument: '', instance: cell.instance, repeating: true, cell });
        }
      } else {
        candidates.push({ record, event, instrument: '', instance: 1, repeating: false, cell: getCell(record, event.uniqueName, '', 1) });
      }
      for (const form of state.forms) {
        if (!isRepeatingForm(state, event.uniqueName, form.name)) continue;
        for (const cell of cells.filter((c) => c.instrument === form.name).sort((a, b) => a.instance - b.instance)) {
          const row: Row = { record, event, instrument: form.name, instance: cell.instance, repeating: true, cell };
          if (dataColumns.some((column) => hasStoredValue(column, cell))) candidates.push(row);
        }
      }
      for (const row of candidates) {
        if (filter && !filter({ record, event: event.uniqueName, instrument: row.instrument, instance: row.instance })) continue;
        rows.push(row);
      }
    }
  }

  context.log('Export data (API)', `format = ${context.format}, type = ${context.type}, rawOrLabel = ${context.rawOrLabel}`);
  const format = outputFormat(context);
  if (context.type === 'eav')
    return respond(renderEav(state, columns, rows, options, format, csvDelimiterOf(stringParam(params, 'csvDelimiter'))), format);

  const table = rows.map((row) => columns.map((column) => cellValue(state, column, row, options)));
  return respondIn(format, {
    json: () => phpJsonEncode(table.map((values) => Object.fromEntries(columns.map((column, index) => [column.name, values[index]])))),
    csv: () => {
      const delimiter = csvDelimiterOf(stringParam(params, 'csvDelimiter'));
      // No records: REDCap sends a lone line end, not even the header.
      if (rows.length === 0) return '\n';
      const header =
        context.rawOrLabelHeaders === 'label' ? columns.map((column) => headerLabel(column)) : columns.map((column) => column.name);
      return fputcsv(header, delimiter) + table.map((values) => fputcsv(values.map(String), delimiter)).join('');
    },
    xml: () =>
      xmlItems(
        'records',
        table.map((values) => columns.map((column, index) => [column.name, String(values[index])] as const)),
      ),
  });
}

/** Logging actions that change a record's data (REDCap's INSERT/UPDATE/DOC_UPLOAD/DOC_DELETE on `redcap_data`). */
const DATA_CHANGES = /^(Create record|Update record|Upload document|Delete uploaded document)( \(API\))?$/;

/**
 * `dateRangeBegin`/`dateRangeEnd` (§3.10): the lower-cased names of the records with a data
 * change logged in the window (REDCap selects records having such a logging event), or
 * `undefined` when neither bound is given. The log keeps
 * minutes, so an entry counts when any second of its minute is in the window.
 */
function changedRecords(state: ProjectState, beginText: string, endText: string, now: Date): Set<string> | undefined {
  if (beginText === '' && endText === '') return undefined;
  const begin = parseRangeBound(beginText, false) ?? '2004-08-01 00:00:00';
  const end = parseRangeBound(endText, true) ?? localTimestamp(now);
  const names = new Set<string>();
  const logged = new Set<string>();
  for (const entry of state.log) {
    if (entry.record === '' || !DATA_CHANGES.test(entry.action)) continue;
    if (entry.action.startsWith('Create record')) logged.add(entry.record.toLowerCase());
    if (`${entry.timestamp}:59` < begin || `${entry.timestamp}:00` > end) continue;
    names.add(entry.record.toLowerCase());
  }
  // Records a fixture brought have no logged creation: they count as created with the project.
  const created = String(state.info.creation_time ?? '');
  if (created !== '' && created >= begin && created <= end) {
    for (const record of state.records.values()) if (!logged.has(record.name.toLowerCase())) names.add(record.name.toLowerCase());
  }
  return names;
}

/** A range bound as `YYYY-MM-DD HH:MM:SS`: `T` or space before the time, seconds and time optional, `/` read as Y/M/D; `undefined` when unparseable. */
function parseRangeBound(text: string, end: boolean): string | undefined {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const pad = (part: string | undefined, fallback: string): string => (part ?? fallback).padStart(2, '0');
  const [, year, month, day, hour, minute, second] = match;
  const time =
    hour === undefined ? (end ? '23:59:59' : '00:00:00') : `${pad(hour, '0')}:${pad(minute, '0')}:${pad(second, end ? '59' : '00')}`;
  return `${year}-${pad(month, '1')}-${pad(day, '1')} ${time}`;
}

function localTimestamp(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function quoteList(items: readonly string[]): string {
  return items.map((item) => `'${item}'`).join(', ');
}

function buildColumns(
  state: ProjectState,
  all: boolean,
  selected: ReadonlySet<string>,
  dagColumn: boolean,
  surveyFields: boolean,
  combine: boolean,
): Column[] {
  const columns: Column[] = [];
  const idField = state.fieldByName.get(state.recordIdField) as FieldDef;
  if (all || selected.has(state.recordIdField)) {
    columns.push({ kind: 'recordId', name: state.recordIdField, field: idField });
    if (state.longitudinal) columns.push({ kind: 'event', name: 'redcap_event_name' });
    if (hasRepeating(state)) {
      columns.push({ kind: 'repeatInstrument', name: 'redcap_repeat_instrument' });
      columns.push({ kind: 'repeatInstance', name: 'redcap_repeat_instance' });
    }
    if (dagColumn) columns.push({ kind: 'dag', name: 'redcap_data_access_group' });
    if (surveyFields) columns.push({ kind: 'surveyIdentifier', name: 'redcap_survey_identifier' });
  }
  for (const form of state.forms) {
    const fields = state.fields.filter(
      (field) => field.form_name === form.name && isDataField(field) && field.field_name !== state.recordIdField,
    );
    const chosen = fields.filter((field) => all || selected.has(field.field_name));
    const complete = all || selected.has(`${form.name}_complete`);
    const touchesForm =
      chosen.length > 0 ||
      complete ||
      (form.name === state.fieldByName.get(state.recordIdField)?.form_name && (all || selected.has(state.recordIdField)));
    if (!touchesForm) continue;
    if (surveyFields && form.survey) columns.push({ kind: 'timestamp', name: `${form.name}_timestamp`, form: form.name });
    for (const field of chosen) {
      if (field.field_type === 'checkbox') {
        if (combine) columns.push({ kind: 'combined', name: field.field_name, field });
        else for (const { column, choice } of checkboxColumns(field)) columns.push({ kind: 'checkbox', name: column, field, choice });
      } else {
        columns.push({ kind: 'field', name: field.field_name, field });
      }
    }
    if (complete) columns.push({ kind: 'complete', name: `${form.name}_complete`, form: form.name });
  }
  return columns;
}

function hasStoredValue(column: Column, cell: Cell): boolean {
  switch (column.kind) {
    case 'field':
    case 'combined':
    case 'checkbox':
      return cell.values.has(column.field.field_name);
    case 'complete':
    case 'timestamp':
      return cell.values.has(column.name);
    default:
      return false;
  }
}

function applies(state: ProjectState, form: string, row: Row): boolean {
  if (!isDesignated(state, row.event.uniqueName, form)) return false;
  if (row.instrument !== '') return form === row.instrument;
  return !isRepeatingForm(state, row.event.uniqueName, form);
}

/** The event's label in label mode: the name, plus `(Arm n: name)` in multi-arm projects. */
export function eventLabel(state: ProjectState, event: EventDef): string {
  if (state.arms.length <= 1) return event.name;
  const arm = state.arms.find((candidate) => candidate.num === event.armNum);
  return `${event.name} (Arm ${event.armNum}: ${arm?.name ?? ''})`;
}

/** A stored value as exported: file fields show the file name, choices their label in label mode. */
export function exportedValue(state: ProjectState, field: FieldDef, raw: string, label: boolean): string {
  if (field.field_type === 'file') return state.files.get(Number(raw))?.name ?? '';
  if (!label) return raw;
  const choice = choicesOf(field).find((candidate) => candidate.code === raw);
  return choice ? choice.label : raw;
}

function cellValue(state: ProjectState, column: Column, row: Row, options: Options): string | number {
  const values = row.cell?.values;
  switch (column.kind) {
    case 'recordId':
      return row.record.name;
    case 'event':
      return options.label ? eventLabel(state, row.event) : row.event.uniqueName;
    case 'repeatInstrument':
      return row.instrument === '' ? '' : options.label ? (state.formByName.get(row.instrument)?.label ?? row.instrument) : row.instrument;
    case 'repeatInstance':
      return row.repeating ? row.instance : '';
    case 'dag':
      return options.label ? (state.dags.find((dag) => dag.uniqueName === row.record.dag)?.name ?? row.record.dag) : row.record.dag;
    case 'surveyIdentifier':
      return '';
    case 'timestamp': {
      if (!applies(state, column.form, row)) return '';
      const value = values?.get(column.name);
      return typeof value === 'string' ? value : '';
    }
    case 'complete': {
      if (!applies(state, column.form, row)) return '';
      const value = values?.get(column.name);
      const raw = typeof value === 'string' ? value : options.blankGray ? '' : '0';
      return options.label && raw !== '' ? (STATUS_LABELS[raw] ?? raw) : raw;
    }
    case 'checkbox': {
      if (!applies(state, column.field.form_name, row)) return '';
      const value = values?.get(column.field.field_name);
      const checked = value instanceof Set && value.has(column.choice.code);
      if (options.checkboxLabel) return checked ? column.choice.label : '';
      if (options.label) return checked ? 'Checked' : 'Unchecked';
      return checked ? '1' : '0';
    }
    case 'combined': {
      if (!applies(state, column.field.form_name, row)) return '';
      const value = values?.get(column.field.field_name);
      if (!(value instanceof Set)) return '';
      return choicesOf(column.field)
        .filter((choice) => value.has(choice.code))
        .map((choice) => (options.label ? choice.label : choice.code))
        .join(',');
    }
    case 'field': {
      if (!applies(state, column.field.form_name, row)) return '';
      const value = values?.get(column.name);
      return typeof value === 'string' ? exportedValue(state, column.field, value, options.label) : '';
    }
  }
}

function headerLabel(column: Column): string {
  switch (column.kind) {
    case 'recordId':
    case 'field':
    case 'combined':
      return stripHtml(column.field.field_label);
    case 'checkbox':
      return `${stripHtml(column.field.field_label)} (choice=${stripHtml(column.choice.label).replace(/["']/g, '')})`;
    default:
      return PSEUDO_LABELS[column.kind] ?? column.name;
  }
}

interface EavItem {
  readonly record: string;
  readonly event: string;
  readonly instrument: string;
  readonly instance: number | '';
  readonly field: string;
  readonly value: string;
}

function renderEav(
  state: ProjectState,
  columns: readonly Column[],
  rows: readonly Row[],
  options: Options,
  format: 'json' | 'csv' | 'xml',
  delimiter: string,
): string {
  const items: EavItem[] = [];
  for (const row of rows) {
    const event = options.label ? eventLabel(state, row.event) : row.event.uniqueName;
    const instrument =
      row.instrument === '' ? '' : options.label ? (state.formByName.get(row.instrument)?.label ?? row.instrument) : row.instrument;
    const base = { record: row.record.name, event, instrument, instance: row.repeating ? row.instance : ('' as const) };
    const seen = new Set<string>();
    for (const column of columns) {
      const values = row.cell?.values;
      switch (column.kind) {
        case 'recordId':
          if (row.instrument === '') items.push({ ...base, field: column.name, value: row.record.name });
          break;
        case 'dag':
          if (row.instrument === '' && row.record.dag !== '')
            items.push({ ...base, field: column.name, value: String(cellValue(state, column, row, options)) });
          break;
        case 'timestamp':
        case 'complete': {
          const value = values?.get(column.name);
          if (typeof value === 'string' && value !== '' && applies(state, column.form, row)) {
            items.push({
              ...base,
              field: column.name,
              value: options.label && column.kind === 'complete' ? (STATUS_LABELS[value] ?? value) : value,
            });
          }
          break;
        }
        case 'checkbox':
        case 'combined': {
          const name = column.field.field_name;
          if (seen.has(name)) break;
          seen.add(name);
          const value = values?.get(name);
          if (!(value instanceof Set) || !applies(state, column.field.form_name, row)) break;
          for (const choice of choicesOf(column.field)) {
            if (value.has(choice.code)) items.push({ ...base, field: name, value: options.label ? choice.label : choice.code });
          }
          break;
        }
        case 'field': {
          const value = values?.get(column.name);
          if (typeof value === 'string' && value !== '' && applies(state, column.field.form_name, row)) {
            items.push({ ...base, field: column.name, value: exportedValue(state, column.field, value, options.label) });
          }
          break;
        }
        default:
          break;
      }
    }
  }
  const repeats = items.some((item) => item.instance !== '');
  const objects = items.map((item) => {
    const out: Record<string, string | number> = { record: item.record };
    if (state.longitudinal) out.redcap_event_name = item.event;
    if (repeats) {
      out.redcap_repeat_instrument = item.instrument;
      out.redcap_repeat_instance = item.instance;
    }
    out.field_name = item.field;
    out.value = item.value;
    return out;
  });
  if (format === 'json') return phpJsonEncode(objects);
  if (format === 'csv') {
    if (items.length === 0) return '\n';
    const header = ['record', 'field_name', 'value'];
    if (repeats) header.push('redcap_repeat_instrument', 'redcap_repeat_instance');
    if (state.longitudinal) header.push('redcap_event_name');
    return (
      fputcsv(header, delimiter) +
      objects
        .map((object) =>
          fputcsv(
            header.map((key) => String(object[key] ?? '')),
            delimiter,
          ),
        )
        .join('')
    );
  }
  let out = `${XML_DECLARATION}\n<records>\n`;
  for (const object of objects) {
    out += '<item>';
    for (const [key, value] of Object.entries(object))
      out += key === 'value' ? `<value>${cdata(String(value))}</value>` : `<${key}>${value}</${key}>`;
    out += '</item>\n';
  }
  return `${out}</records>`;
}

import type { RedcapOperation } from '../errors/redcap-error.ts';
import type { MetadataField } from '../methods/metadata.ts';
import type { RecordRow } from '../methods/records/types.ts';
import { RedcapCastError } from './cast-error.ts';
import type { CastOptions, CastReport, CastRow, InvalidValue } from './cast-types.ts';
import type { RedcapProject } from './model.ts';
import type { CastValue, MissingValue } from './values.ts';

/** How a value of a text field is read, by its validation type. */
type TextKind = 'integer' | 'number' | 'comma' | 'date' | 'datetime' | 'seconds' | 'time';

/** A cast value, or why the raw value does not fit. */
type Cast = { readonly value: CastValue } | { readonly reason: string };

const textKinds: Readonly<Record<string, TextKind>> = {
  integer: 'integer',
  int: 'integer',
  number: 'number',
  float: 'number',
  number_1dp: 'number',
  number_2dp: 'number',
  number_3dp: 'number',
  number_4dp: 'number',
  number_comma_decimal: 'comma',
  number_1dp_comma_decimal: 'comma',
  number_2dp_comma_decimal: 'comma',
  number_3dp_comma_decimal: 'comma',
  number_4dp_comma_decimal: 'comma',
  date: 'date',
  date_ymd: 'date',
  date_mdy: 'date',
  date_dmy: 'date',
  datetime: 'datetime',
  datetime_ymd: 'datetime',
  datetime_mdy: 'datetime',
  datetime_dmy: 'datetime',
  datetime_seconds: 'seconds',
  datetime_seconds_ymd: 'seconds',
  datetime_seconds_mdy: 'seconds',
  datetime_seconds_dmy: 'seconds',
  time: 'time',
  time_hh_mm_ss: 'time',
  time_mm_ss: 'time',
};

/** How a text field's value is read (`undefined`: as text). */
export function textKindOf(field: Readonly<MetadataField>): TextKind | undefined {
  return field.field_type === 'text' ? textKinds[field.text_validation_type_or_show_slider_number] : undefined;
}

const integer = /^[-+]?\d+$/;
const decimal = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const stamp = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const times: Readonly<Record<string, RegExp>> = {
  time: /^([01]?\d|2[0-3]):[0-5]\d$/,
  time_hh_mm_ss: /^([01]?\d|2[0-3])(:[0-5]\d){2}$/,
  time_mm_ss: /^[0-5]\d:[0-5]\d$/,
};

function toNumber(raw: string, comma: boolean, pattern: RegExp, reason: string): Cast {
  const text = comma ? raw.replace(',', '.') : raw;
  return pattern.test(text) ? { value: Number(text) } : { reason };
}

/** A date, datetime or datetime with seconds, checked against the calendar (no 30 February). */
function toDate(raw: string, kind: 'date' | 'datetime' | 'seconds', dates: 'string' | 'date'): Cast {
  const shape = { date: 'YYYY-MM-DD', datetime: 'YYYY-MM-DD HH:MM', seconds: 'YYYY-MM-DD HH:MM:SS' }[kind];
  const reason = `not a ${kind === 'date' ? 'date' : 'datetime'} (${shape})`;
  const parts = stamp.exec(raw);
  if (!parts || (kind === 'date') !== (parts[4] === undefined) || (kind === 'seconds') !== (parts[6] !== undefined)) return { reason };
  const [year, month, day, hours = 0, minutes = 0, seconds = 0] = parts.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(year!, month! - 1, day, hours, minutes, seconds);
  const fits =
    date.getFullYear() === year && date.getMonth() === month! - 1 && date.getDate() === day && hours < 24 && minutes < 60 && seconds < 60;
  if (!fits) return { reason };
  return { value: dates === 'date' ? date : raw };
}

/** One non-blank value of a field that is not a checkbox. */
function castValue(project: RedcapProject, field: Readonly<MetadataField>, raw: string, options: ResolvedOptions): Cast {
  switch (field.field_type) {
    case 'yesno':
    case 'truefalse':
      return raw === '1' ? { value: true } : raw === '0' ? { value: false } : { reason: 'not 1 or 0' };
    case 'dropdown':
    case 'radio': {
      const choice = project.choicesOf(field.field_name).find((item) => item.code === raw);
      if (!choice) return { reason: "not one of the field's choices" };
      return { value: options.choices === 'labels' ? choice.label : choice.code };
    }
    case 'calc':
    case 'slider':
      return toNumber(raw, options.comma, decimal, 'not a number');
    case 'text': {
      const kind = textKindOf(field);
      if (kind === 'integer') return toNumber(raw, false, integer, 'not an integer');
      if (kind === 'number') return toNumber(raw, options.comma, decimal, 'not a number');
      if (kind === 'comma') return toNumber(raw, true, decimal, 'not a number');
      if (kind === 'time') {
        const type = field.text_validation_type_or_show_slider_number;
        return times[type]?.test(raw)
          ? { value: raw }
          : { reason: `not a time (${type === 'time' ? 'HH:MM' : type === 'time_mm_ss' ? 'MM:SS' : 'HH:MM:SS'})` };
      }
      if (kind) return toDate(raw, kind, options.dates);
      return { value: raw };
    }
    default:
      return { value: raw };
  }
}

interface ResolvedOptions {
  readonly dates: 'string' | 'date';
  readonly choices: 'codes' | 'labels';
  /** The export asked for `decimalCharacter: ','`. */
  readonly comma: boolean;
}

/** What every row of one export shares: the project's missing-data codes as cast values. */
interface Plan {
  readonly missing: ReadonlyMap<string, MissingValue>;
}

/**
 * Casts flat rows of a raw JSON export with the project's dictionary. Every value
 * is either cast or reported, never dropped: a value that does not fit stays raw in
 * its row and goes into `invalid`.
 *
 * - Numbers for integer, number (any decimals, comma decimals too), calc and slider fields;
 *   booleans for yesno and truefalse; codes (or labels) for dropdown and radio.
 * - Dates and datetimes as REDCap's text, or `Date`s in local time; times as text.
 * - A checkbox as one array of its checked codes (or labels), in choice order, under
 *   its field name. All its columns blank (the form does not apply to the row) gives
 *   `null`; so does a blank form status (`exportBlankForGrayFormStatus`: a form never
 *   saved). A checked missing-data column gives that {@link MissingValue}.
 * - A missing-data code in any other field gives its {@link MissingValue}; blanks give `null`.
 * - `redcap_repeat_instance` and `<form>_complete` become numbers; columns the
 *   project does not know are kept as they are.
 *
 * @example
 * ```ts
 * const project = projectFrom({ metadata });
 * const { rows, invalid } = castRecords(project, await exportRecords(client), { invalid: 'report' });
 * ```
 */
export function castRecords(
  project: RedcapProject,
  rows: readonly RecordRow[],
  options: CastOptions & { readonly decimalCharacter?: ',' | '.' | undefined } = {},
): CastReport {
  const resolved: ResolvedOptions = {
    dates: options.dates ?? 'string',
    choices: options.choices ?? 'codes',
    comma: options.decimalCharacter === ',',
  };
  const plan: Plan = { missing: new Map(project.missingDataCodes.map((item) => [item.code, { missing: item.code, label: item.label }])) };
  const invalid: InvalidValue[] = [];
  const cast = rows.map((row) => castRow(project, row, resolved, plan, invalid));
  return { rows: cast, invalid };
}

function castRow(project: RedcapProject, row: RecordRow, options: ResolvedOptions, plan: Plan, invalid: InvalidValue[]): CastRow {
  const out: CastRow = {};
  const record = String(row[project.recordIdField] ?? '');
  const event = typeof row.redcap_event_name === 'string' && row.redcap_event_name !== '' ? row.redcap_event_name : null;
  const instance =
    row.redcap_repeat_instance === '' || row.redcap_repeat_instance === undefined ? null : Number(row.redcap_repeat_instance);
  const report = (field: string, value: string, reason: string): void => {
    invalid.push({ record, event, instance, field, value, reason });
  };
  const checkboxes = new Map<string, { columns: [column: string, code: string, missing: boolean, raw: string][] }>();
  for (const [column, given] of Object.entries(row)) {
    const raw = typeof given === 'string' ? given : String(given);
    const meaning = project.columnOf(column);
    if (!meaning) {
      const field = project.field(column);
      // combineCheckboxOptions: one column of the checked codes joined by commas.
      if (field?.field_type === 'checkbox')
        out[column] = combined(project, field, raw, options, (reason: string) => report(column, raw, reason));
      else out[column] = given;
      continue;
    }
    switch (meaning.kind) {
      case 'recordId':
        out[column] = raw;
        break;
      case 'repeatInstance':
        if (raw === '') out[column] = null;
        else if (integer.test(raw)) out[column] = Number(raw);
        else {
          report(column, raw, 'not an instance number');
          out[column] = given;
        }
        break;
      case 'complete':
        if (raw === '') out[column] = null;
        else if (raw === '0' || raw === '1' || raw === '2') out[column] = Number(raw);
        else {
          report(column, raw, 'not a form status (0, 1 or 2)');
          out[column] = raw;
        }
        break;
      case 'checkbox': {
        const name = meaning.field.field_name;
        let group = checkboxes.get(name);
        if (!group) {
          group = { columns: [] };
          checkboxes.set(name, group);
          // The field takes the place of its first column.
          out[name] = null;
        }
        group.columns.push([column, meaning.code, meaning.missing, raw]);
        break;
      }
      case 'field': {
        if (raw === '') {
          out[column] = null;
          break;
        }
        const missing = plan.missing.get(raw);
        if (missing) {
          out[column] = missing;
          break;
        }
        const result = castValue(project, meaning.field, raw, options);
        if ('reason' in result) {
          report(column, raw, result.reason);
          out[column] = raw;
        } else out[column] = result.value;
        break;
      }
      default:
        out[column] = raw === '' ? null : raw;
    }
  }
  for (const [name, { columns }] of checkboxes) {
    const field = project.field(name)!;
    const bad = columns.filter(([, , , raw]) => raw !== '' && raw !== '0' && raw !== '1');
    if (bad.length > 0) {
      // Not folded: each column stays raw, so nothing is lost.
      delete out[name];
      for (const [column, , , raw] of columns) out[column] = raw;
      for (const [column, , , raw] of bad) report(column, raw, 'not 1 or 0 (a checkbox column)');
      continue;
    }
    if (columns.every(([, , , raw]) => raw === '')) continue;
    const missing = columns.find(([, , isMissing, raw]) => isMissing && raw === '1');
    if (missing) {
      out[name] = plan.missing.get(missing[1]) ?? null;
      continue;
    }
    const checked = columns.filter(([, , isMissing, raw]) => !isMissing && raw === '1').map(([, code]) => code);
    // A blank status is a form never saved (exportBlankForGrayFormStatus): nothing was entered, not "none checked".
    if (checked.length === 0 && row[`${field.form_name}_complete`] === '') continue;
    out[name] = labelled(project, name, checked, options);
  }
  return out;
}

function labelled(project: RedcapProject, field: string, codes: readonly string[], options: ResolvedOptions): readonly string[] {
  if (options.choices === 'codes') return codes;
  const choices = project.choicesOf(field);
  return codes.map((code) => choices.find((choice) => choice.code === code)?.label ?? code);
}

/** A checkbox exported with `combineCheckboxOptions`: `1,3`, or `""` for none. */
function combined(
  project: RedcapProject,
  field: Readonly<MetadataField>,
  raw: string,
  options: ResolvedOptions,
  report: (reason: string) => void,
): CastValue {
  if (raw === '') return [];
  const codes = raw.split(',');
  const missing = codes.length === 1 ? project.missingDataCodes.find((item) => item.code === codes[0]) : undefined;
  if (missing) return { missing: missing.code, label: missing.label };
  const known = new Set(project.choicesOf(field.field_name).map((choice) => choice.code));
  if (!codes.every((code) => known.has(code))) {
    report("not a list of the field's choices");
    return raw;
  }
  return labelled(project, field.field_name, codes, options);
}

/**
 * A cast export's result for its options: the rows, the rows with their report
 * (`invalid: 'report'`), or a {@link RedcapCastError} listing every value that does not fit.
 */
export function castExport(
  project: RedcapProject,
  rows: readonly RecordRow[],
  options: CastOptions & { readonly decimalCharacter?: ',' | '.' | undefined },
  operation: RedcapOperation,
): CastRow[] | CastReport {
  const report = castRecords(project, rows, options);
  if (options.invalid === 'report') return report;
  if (report.invalid.length > 0) throw new RedcapCastError(report.invalid, operation);
  return report.rows;
}

import type { RedcapOperation } from '../errors/redcap-error.ts';
import { RedcapValidationError } from '../errors/validation-error.ts';
import type { MetadataField } from '../methods/metadata.ts';
import type { ImportRow } from '../methods/records/types.ts';
import { textKindOf } from './cast.ts';
import { checkboxColumnCode } from './choices.ts';
import type { RedcapProject } from './model.ts';
import { type CastValue, isMissingValue } from './values.ts';

/**
 * A row to import with typed values: what a cast export gives (numbers, booleans,
 * `Date`s, checkbox arrays under the field name, {@link MissingValue}s, `null`), as
 * well as REDCap's own strings.
 *
 * @example
 * ```ts
 * const row: TypedImportRow = { record_id: '9', smoker: true, dob: new Date(1980, 3, 12), race: ['1', '4'] };
 * ```
 */
export type TypedImportRow = Readonly<Record<string, CastValue | undefined>>;

/**
 * Options of {@link uncastRecords}: the `labels` and `dateFormat` of a records import.
 *
 * @example
 * ```ts
 * const options: UncastOptions = { labels: true, dateFormat: 'DMY' };
 * ```
 */
export interface UncastOptions {
  /** Turn choice labels (dropdown, radio, yesno, truefalse, checkbox arrays) into their codes. @default false */
  readonly labels?: boolean | undefined;
  /** How dates are written for REDCap (the import's `dateFormat`). @default 'YMD' */
  readonly dateFormat?: 'YMD' | 'MDY' | 'DMY' | undefined;
}

const importOperation: RedcapOperation = { content: 'record', action: 'import' };
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A `Date` as the field's validation writes it, in local time (as casting reads it). */
function formatDate(field: Readonly<MetadataField>, date: Date, dateFormat: 'YMD' | 'MDY' | 'DMY'): string | undefined {
  const kind = textKindOf(field);
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const seconds = pad(date.getSeconds());
  if (kind === 'time') {
    const type = field.text_validation_type_or_show_slider_number;
    return type === 'time_mm_ss' ? `${pad(date.getMinutes())}:${seconds}` : type === 'time_hh_mm_ss' ? `${hm}:${seconds}` : hm;
  }
  if (kind !== 'date' && kind !== 'datetime' && kind !== 'seconds') return undefined;
  const [y, m, d] = [pad(date.getFullYear(), 4), pad(date.getMonth() + 1), pad(date.getDate())];
  const day = dateFormat === 'MDY' ? `${m}-${d}-${y}` : dateFormat === 'DMY' ? `${d}-${m}-${y}` : `${y}-${m}-${d}`;
  return kind === 'date' ? day : kind === 'datetime' ? `${day} ${hm}` : `${day} ${hm}:${seconds}`;
}

/** A choice given as its code, or (with `labels`) as its label; `undefined` when it is neither. */
function codeOf(project: RedcapProject, field: string, given: string, labels: boolean): string | undefined {
  const choices = project.choicesOf(field);
  if (choices.some((choice) => choice.code === given)) return given;
  return labels ? choices.find((choice) => choice.label === given)?.code : undefined;
}

/**
 * The choice columns of a checkbox field, and the column of one missing-data code
 * when one is given. Other missing-data columns are left out: sent only when
 * set, so a project (or simulator) without them is not refused.
 */
function optionColumns(project: RedcapProject, field: string, missing?: string): { column: string; code: string }[] {
  const columns = project.choicesOf(field).map(({ code }) => ({ column: `${field}___${checkboxColumnCode(code)}`, code }));
  if (missing !== undefined) columns.push({ column: `${field}___${checkboxColumnCode(missing)}`, code: missing });
  return columns;
}

/**
 * Turns typed rows into REDCap's raw values with the project's dictionary, the
 * reverse of casting: booleans become `1`/`0`, `Date`s the text the field's
 * validation expects (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `... HH:MM:SS`, `HH:MM`,
 * in local time, ordered by `dateFormat`), a checkbox array its `___code` columns
 * (`1` for each code given, `0` for the others), a {@link MissingValue} its code.
 * With `labels`, choice labels become codes. Strings and numbers pass unchanged.
 * A value that fits no field is refused with a `RedcapValidationError` naming the
 * row and field, before anything is sent.
 *
 * @example
 * ```ts
 * uncastRecords(project, [{ record_id: '9', smoker: true, race: ['Asian'] }], { labels: true });
 * // [{ record_id: '9', smoker: '1', race___1: '0', race___2: '1', ... }]
 * ```
 */
export function uncastRecords(
  project: RedcapProject,
  rows: readonly TypedImportRow[],
  options: UncastOptions = {},
  operation: RedcapOperation = importOperation,
): ImportRow[] {
  const labels = options.labels === true;
  const dateFormat = options.dateFormat ?? 'YMD';
  return rows.map((row, index) => {
    const out: Record<string, string | number | null | undefined> = {};
    const refuse = (key: string, problem: string): never => {
      throw new RedcapValidationError(`data[${index}].${key}`, `(row ${index + 1}, field \`${key}\`) ${problem}`, operation);
    };
    for (const [key, value] of Object.entries(row)) {
      const meaning = project.columnOf(key);
      const field = meaning && 'field' in meaning ? meaning.field : project.field(key);
      if (value === null || value === undefined || typeof value === 'number') {
        out[key] = value;
      } else if (typeof value === 'string') {
        const choiceField = meaning?.kind === 'field' && /^(dropdown|radio|yesno|truefalse)$/.test(meaning.field.field_type);
        out[key] = labels && choiceField ? (codeOf(project, key, value, true) ?? value) : value;
      } else if (typeof value === 'boolean') {
        const fits = meaning?.kind === 'checkbox' || (meaning?.kind === 'field' && /^(yesno|truefalse)$/.test(meaning.field.field_type));
        if (!fits) refuse(key, 'is a boolean, which fits only yesno and truefalse fields and checkbox columns (`race___1`).');
        out[key] = value ? '1' : '0';
      } else if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) refuse(key, 'is an invalid Date.');
        const text = meaning?.kind === 'field' ? formatDate(meaning.field, value, dateFormat) : undefined;
        if (text === undefined) refuse(key, 'is a Date, which fits only date, datetime and time fields.');
        out[key] = text;
      } else if (isMissingValue(value)) {
        if (!project.missingDataCodes.some((item) => item.code === value.missing)) {
          refuse(key, `is the missing-data code ${JSON.stringify(value.missing)}, which the project does not define.`);
        }
        if (field?.field_type === 'checkbox' && !meaning) {
          for (const { column, code } of optionColumns(project, key, value.missing)) out[column] = code === value.missing ? '1' : '0';
        } else out[key] = value.missing;
      } else if (Array.isArray(value)) {
        if (field?.field_type !== 'checkbox' || meaning) {
          refuse(key, 'is an array, which fits only a checkbox field given by its name (`race: ["1", "3"]`).');
        }
        const codes = new Set<string>();
        for (const item of value as readonly unknown[]) {
          const code = typeof item === 'string' ? codeOf(project, key, item, labels) : undefined;
          if (code === undefined) {
            refuse(key, `holds ${JSON.stringify(item)}, which is not one of the field's choice ${labels ? 'codes or labels' : 'codes'}.`);
          }
          codes.add(code as string);
        }
        for (const { column, code } of optionColumns(project, key)) out[column] = codes.has(code) ? '1' : '0';
      } else {
        refuse(key, 'is an object; expected a string, number, boolean, Date, checkbox array or missing-data code.');
      }
    }
    return out;
  });
}

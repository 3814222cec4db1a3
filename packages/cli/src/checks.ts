import type { ImportRow, Redcap } from '@redcap-sdk/core';

/** One problem of an import file: where it is and REDCap's own message for it. */
export interface RowProblem {
  /** The record name of the row (`''` when blank). */
  readonly record: string;
  readonly field: string;
  readonly value: string;
  /** REDCap's message for this problem, as its import would answer it. */
  readonly message: string;
  /** The 1-based row of the file (the header is row 0). */
  readonly row: number;
}

/** Columns REDCap accepts beside the fields. */
const special = /^redcap_(?:event_name|repeat_instrument|repeat_instance|data_access_group|survey_identifier)$/;

/** Returns REDCap's message for `value` of a field of this type and validation, or undefined when REDCap takes it. */
function problemOf(field: Record<string, string>, value: string, column: string): string | undefined {
  const name = field.field_name ?? column;
  const type = field.field_type;
  const validation = field.text_validation_type_or_show_slider_number ?? '';
  if (type === 'checkbox')
    return /^[01]$/.test(value)
      ? undefined
      : `${name} is a checkbox field and thus can only have a value of '1' (checked) or '0' (unchecked).`;
  if (type === 'yesno' || type === 'truefalse') return /^[01]$/.test(value) ? undefined : `The value is not a valid category for ${name}`;
  if (type === 'dropdown' || type === 'radio') {
    const codes = (field.select_choices_or_calculations ?? '').split('|').map((choice) => choice.split(',')[0]!.trim());
    return codes.includes(value) ? undefined : `The value is not a valid category for ${name}`;
  }
  if (type !== 'text') return undefined;
  if (validation === 'integer') return /^-?\d+$/.test(value) ? undefined : `The value of ${name} must be an integer.`;
  if (validation === 'number') return /^-?(?:\d+\.?\d*|\.\d+)$/.test(value) ? undefined : `The value of ${name} must be numeric.`;
  if (validation.startsWith('date_'))
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
      ? undefined
      : 'Invalid date format. (NOTE: Dates must be imported here only in Y-M-D format, regardless of the specific date format designated for this field.)';
  return undefined;
}

/**
 * Checks every row of an import against the project's data dictionary before anything is sent,
 * and returns all problems (not only the first), each with REDCap's message: unknown columns,
 * blank record names, values that are not a choice code, a checkbox value other than 0/1,
 * integers, numbers and Y-M-D dates. Only reads (metadata, export field names).
 *
 * @example
 * ```ts
 * const problems = await checkRows(redcap, rows);
 * if (problems.length > 0) console.table(problems);
 * ```
 */
export async function checkRows(redcap: Redcap, rows: readonly ImportRow[]): Promise<RowProblem[]> {
  const [metadata, exportNames] = await Promise.all([redcap.metadata.export(), redcap.fieldNames.export()]);
  const fields = new Map(metadata.map((field) => [field.field_name, field as unknown as Record<string, string>]));
  const recordId = metadata[0]?.field_name ?? 'record_id';
  const known = new Set<string>([...fields.keys(), ...exportNames.map((name) => name.export_field_name)]);
  for (const form of new Set(metadata.map((field) => field.form_name))) known.add(`${form}_complete`);
  const problems: RowProblem[] = [];
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const unknown = columns.filter((column) => !known.has(column) && !special.test(column));
  if (unknown.length > 0)
    problems.push({
      record: '',
      field: unknown.join(', '),
      value: '',
      message: `The following fields were not found in the project as real data fields: ${unknown.join(', ')}`,
      row: 0,
    });
  rows.forEach((row, index) => {
    const record = String(row[recordId] ?? '');
    if (record.trim() === '')
      problems.push({ record, field: recordId, value: record, message: 'The record name cannot be empty.', row: index + 1 });
    for (const [column, raw] of Object.entries(row)) {
      const value = raw === null || raw === undefined ? '' : String(raw);
      if (value === '' || column === recordId) continue;
      // A checkbox column is exported as <field>___<code>.
      const base = fields.get(column) ?? fields.get(column.replace(/___[^_].*$/, ''));
      if (!base) continue;
      const message = problemOf(base, value, column);
      if (message) problems.push({ record, field: column, value, message, row: index + 1 });
    }
  });
  return problems;
}

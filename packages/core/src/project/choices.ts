/** One choice of a multiple-choice field, or one missing-data code: REDCap's `code, label` pair. */
export interface Choice {
  /** The code REDCap stores and exports (`1`, `0`, `-1`, `a`, `UNK`). */
  readonly code: string;
  /** The label people see (`Yes`, `Yes, daily`). */
  readonly label: string;
}

/**
 * Parses REDCap's choice syntax, `1, Yes | 2, No`, into code and label pairs. Entries
 * are split on `|` (or the line breaks a data dictionary may hold), then on the first
 * comma only, so labels keep their commas; both parts are trimmed. Codes may be zero,
 * negative, decimal or letters. An entry without a comma is its own code and label,
 * as REDCap reads it; blank entries are skipped. The same syntax holds the project's
 * `missing_data_codes`.
 *
 * @example
 * ```ts
 * parseChoices('0, No | 1, Yes, daily | -1, Not asked');
 * // [{ code: '0', label: 'No' }, { code: '1', label: 'Yes, daily' }, { code: '-1', label: 'Not asked' }]
 * ```
 */
export function parseChoices(text: string): Choice[] {
  const choices: Choice[] = [];
  for (const entry of text.split(/\||\r?\n/)) {
    const comma = entry.indexOf(',');
    const code = (comma === -1 ? entry : entry.slice(0, comma)).trim();
    if (code === '') continue;
    const label = comma === -1 ? code : entry.slice(comma + 1).trim();
    choices.push(Object.freeze({ code, label }));
  }
  return choices;
}

/**
 * A choice code as it appears in a checkbox column name (`<field>___<code>`): REDCap
 * lower-cases it, turns `-` and `.` into `_` and drops every other character outside
 * `[a-z0-9_]`, so code `-1` gives `race____1` and `A.b` gives `race___a_b`.
 *
 * @example
 * ```ts
 * `race___${checkboxColumnCode('-1')}`; // 'race____1'
 * ```
 */
export function checkboxColumnCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[-.]/g, '_')
    .replace(/[^a-z0-9_]/g, '');
}

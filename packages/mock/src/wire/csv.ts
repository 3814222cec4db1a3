/**
 * One CSV line quoted only where CSV needs it (delimiter, quote, line break), quotes doubled.
 * Unlike PHP's `fputcsv` it leaves spaces and tabs alone: REDCap builds some CSV answers
 * (the repeating instruments and events export) this way.
 *
 * @example
 * csvLineMinimal(['visits', 'Visit on [visit_date]']); // 'visits,Visit on [visit_date]\n'
 */
export function csvLineMinimal(fields: readonly string[], delimiter = ','): string {
  const cells = fields.map((field) => (field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field));
  return `${cells.join(delimiter)}\n`;
}

/**
 * One line as PHP's `fputcsv` writes it: a field is enclosed in `"` when it holds the
 * delimiter, `"`, the escape character, `\n`, `\r`, `\t` or a space; inner `"` are doubled
 * except right after the escape character. Lines end with `\n`.
 */
export function fputcsv(fields: readonly string[], delimiter = ',', escapeChar = '\\'): string {
  const cells = fields.map((field) => {
    const needsQuotes =
      field.includes(delimiter) || field.includes('"') || (escapeChar !== '' && field.includes(escapeChar)) || /[\n\r\t ]/.test(field);
    if (!needsQuotes) return field;
    let out = '"';
    let escaped = false;
    for (const ch of field) {
      if (escapeChar !== '' && ch === escapeChar) escaped = true;
      else if (!escaped && ch === '"') out += '"';
      else escaped = false;
      out += ch;
    }
    return `${out}"`;
  });
  return `${cells.join(delimiter)}\n`;
}

/** `csvDelimiter` as REDCap accepts it: `,` `tab` `;` `|` `^`; anything else is `,`. */
export function csvDelimiterOf(value: string | undefined): string {
  if (value === undefined) return ',';
  if (value.toLowerCase() === 'tab') return '\t';
  if (value === ';' || value === '|' || value === '^' || value === ',') return value;
  return ',';
}

/**
 * Parses CSV text (quoted fields, doubled quotes, `\r\n` or `\n`) into rows of cells. Blank lines are skipped.
 *
 * Kept in house rather than taken from a CSV library: REDCap reads imports with PHP's
 * `fgetcsv`, which keeps text after a closing quote (`"ab"cd` is `abcd`) and takes an
 * unclosed quote to the end of the data; csv-parse and d3-dsv refuse or split those, so
 * a client's slightly malformed CSV would get a different answer than from REDCap.
 *
 * @example
 * ```ts
 * parseCsv('record_id,name\n1,"Lee, Ann"\n'); // [['record_id', 'name'], ['1', 'Lee, Ann']]
 * ```
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRow = (): void => {
    row.push(cell);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    cell = '';
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
      i++;
    } else if (ch === '\r' && source[i + 1] === '\n') {
      endRow();
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i++;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

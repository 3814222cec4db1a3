import type { ImportRow } from '../methods/records/types.ts';

/**
 * Reads CSV text into row objects keyed by the header row, as REDCap's import reads
 * it (PHP's `fgetcsv`): a leading BOM dropped, header names trimmed, quoted cells may
 * hold the delimiter, doubled quotes and line breaks, text after a closing quote is
 * kept, `\r\n` and `\n` both end a row, blank lines are no rows. Missing trailing
 * cells are blank.
 *
 * @example
 * ```ts
 * readCsvRows('record_id,notes\n1,"two\nlines"\n', ','); // [{ record_id: '1', notes: 'two\nlines' }]
 * ```
 */
export function readCsvRows(text: string, delimiter: string): ImportRow[] {
  const table = readCsvTable(text, delimiter);
  const header = (table[0] ?? []).map((name) => name.trim());
  const rows: ImportRow[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    // Own keys only: a column named `__proto__` must stay a column.
    const row: Record<string, string> = Object.create(null);
    for (let c = 0; c < header.length; c++) row[header[c]!] = cells[c] ?? '';
    rows.push({ ...row });
  }
  return rows;
}

/** The cells of every non-blank line. */
function readCsvTable(text: string, delimiter: string): string[][] {
  const table: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') table.push(row);
    row = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && cell === '') {
      // A quoted part runs to the next lone quote; doubled quotes stand for one.
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          cell += text.slice(i);
          i = text.length;
          break;
        }
        cell += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          cell += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) endRow();
  return table;
}

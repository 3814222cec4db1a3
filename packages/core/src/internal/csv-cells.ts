/** What a batched CSV export needs of one batch's text: where its header ends, and each row's record id. */
export interface CsvOutline {
  /** The header line as REDCap wrote it, its line break included (a BOM before it left out). */
  readonly header: string;
  /** Where the first data row starts in the text. */
  readonly bodyStart: number;
  /** The first cell of every data row, in order (a record's events and instances each have a row). */
  readonly firstCells: string[];
}

/**
 * Scans CSV as PHP's fputcsv writes it (REDCap's writer): cells quoted when they
 * hold the delimiter, a quote or a line break, quotes doubled inside. Quoted cells
 * may span lines (notes fields, labels), so rows are found by walking the quotes,
 * not by splitting on line breaks. Only first cells are copied out: a batch of
 * wide rows costs no more than its text.
 *
 * @example
 * ```ts
 * outlineCsv('record_id,notes\n1,"two\nlines"\n2,x\n', ',').firstCells; // ['1', '2']
 * ```
 */
export function outlineCsv(text: string, delimiter: string): CsvOutline {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstCells: string[] = [];
  let headerEnd = -1;
  let i = start;
  while (i < text.length) {
    // One row: its first cell is copied, the rest skipped.
    let cell = '';
    let first = true;
    let rowDone = false;
    while (!rowDone && i <= text.length) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            value += text.slice(i);
            i = text.length;
            break;
          }
          value += text.slice(i, quote);
          if (text[quote + 1] === '"') {
            value += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
      }
      // The unquoted part (or what follows a closing quote) runs to the next delimiter or line break.
      let end = i;
      while (end < text.length && text[end] !== delimiter && text[end] !== '\n') end++;
      if (first) cell = value + text.slice(i, end).replace(/\r$/, '');
      first = false;
      if (end >= text.length || text[end] === '\n') rowDone = true;
      i = end + 1;
    }
    if (headerEnd === -1) headerEnd = Math.min(i, text.length);
    // A blank line (REDCap's body may end with one) is no row.
    else if (cell !== '') firstCells.push(cell);
  }
  const bodyStart = headerEnd === -1 ? text.length : headerEnd;
  return { header: text.slice(start, bodyStart), bodyStart, firstCells };
}

/** REDCap's `csvDelimiter` values as the character they stand for. */
export function delimiterOf(csvDelimiter: unknown): string {
  return csvDelimiter === 'tab' ? '\t' : typeof csvDelimiter === 'string' ? csvDelimiter : ',';
}

/** Writing REDCap's list answers (users, roles, DAGs, logging, repository, survey participants). */
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { fputcsv } from './csv.ts';
import { phpJsonEncode } from './php-json.ts';
import { respond } from './respond.ts';
import { XML_DECLARATION, xmlElement } from './xml.ts';

/**
 * A cell of a list answer: numbers stay numbers in JSON; objects are `forms`-like maps.
 *
 * @example
 * ```ts
 * const row: Record<string, Cell> = { username: 'ann', design: 1, forms: { demographics: 130 } };
 * ```
 */
export type Cell = string | number | Readonly<Record<string, string | number>>;

/** A CSV/XML cell: `form:right,form:right` for maps. */
function flat(value: Cell): string {
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([key, item]) => `${key}:${item}`)
      .join(',');
  return String(value);
}

/**
 * A list answer: JSON array (PHP escaping), CSV with a header (only the header, without a
 * line end, when empty), or XML `<root>` with one `<item>` per row and a final newline.
 *
 * @example
 * ```ts
 * return respondRows(context, [{ data_access_group_name: 'Site A', unique_group_name: 'site_a' }], header, 'dags');
 * ```
 */
export function respondRows(
  context: RequestContext,
  rows: readonly Readonly<Record<string, Cell>>[],
  header: readonly string[],
  root: string,
  item = 'item',
): Response {
  const format = outputFormat(context);
  if (format === 'json') return respond(phpJsonEncode(rows), 'json');
  const keys = rows[0] ? Object.keys(rows[0]) : header;
  if (format === 'csv') {
    if (rows.length === 0) return respond(keys.join(','), 'csv');
    return respond(fputcsv(keys) + rows.map((row) => fputcsv(keys.map((key) => flat(row[key] ?? '')))).join(''), 'csv');
  }
  let body = `${XML_DECLARATION}\n<${root}>\n`;
  for (const row of rows) body += `<${item}>${keys.map((key) => xmlElement(key, flat(row[key] ?? ''))).join('')}</${item}>\n`;
  return respond(`${body}</${root}>\n`, 'xml');
}

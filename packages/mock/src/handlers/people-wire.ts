/** Reading import data and writing list answers the way REDCap's user, role and DAG methods do. */
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { fputcsv, parseCsv } from '../wire/csv.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { respond } from '../wire/respond.ts';
import { XML_DECLARATION, xmlElement } from '../wire/xml.ts';
import { parseXmlItems, type XmlNode } from '../wire/xml-read.ts';

/** `$lang['data_import_tool_200']`: what these methods answer (HTTP 200) when `data` cannot be decoded. */
export const NOT_IN_FORMAT = 'The data is not in the specified format.';

/** One decoded import row: strings, or objects for `forms`/`forms_export`. */
export type ImportRow = Record<string, unknown>;

/**
 * Decodes `data` as the method files do: JSON through the router's decoding, CSV with a
 * header row, XML under `root` with `<item>` rows. `undefined` when it cannot be decoded.
 */
export function readImportRows(context: RequestContext, root: string): ImportRow[] | undefined {
  const data = context.data ?? '';
  if (data === '') return undefined;
  if (context.format === 'json') {
    const decoded = context.jsonData;
    if (Array.isArray(decoded))
      return decoded.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as ImportRow) : {}));
    if (decoded !== null && typeof decoded === 'object') return [];
    return undefined;
  }
  if (context.format === 'csv') {
    const table = parseCsv(
      data
        .replace(/&#13;&#10;/g, '\r\n')
        .replace(/&#10;/g, '\n')
        .replace(/&#13;/g, '\r'),
    );
    const header = (table[0] ?? []).map((name) => name.trim());
    return table.slice(1).map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
  }
  if (context.format === 'xml') {
    let items: XmlNode[] | undefined;
    try {
      items = parseXmlItems(data, root);
    } catch {
      return undefined;
    }
    if (!items || items.length === 0) return undefined;
    // An element with elements inside is a map (`<forms><demographics>1</demographics></forms>`).
    return items.map((item) =>
      Object.fromEntries(
        item.children.map((child) => [
          child.name,
          child.children.length > 0 ? Object.fromEntries(child.children.map((inner) => [inner.name, inner.text])) : child.text,
        ]),
      ),
    );
  }
  return undefined;
}

/** An import value as PHP sees a decoded scalar: `true` → `1`, `null`/`false` → `''`. */
export function scalar(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

/** The 200 answer of an undecodable `data`. */
export function notInFormat(context: RequestContext): Response {
  return respond(NOT_IN_FORMAT, outputFormat(context));
}

/** A bare count, in `format`. */
export function respondCount(context: RequestContext, count: number): Response {
  return respond(String(count), outputFormat(context));
}

/** A cell of a list answer: numbers stay numbers in JSON; objects are `forms`-like maps. */
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

/**
 * `One or more components are missing in your input data. The following attributes are
 * required: ...` (`$lang['design_641']`), when the first row lacks a required attribute.
 */
export function missingComponents(rows: readonly ImportRow[], required: readonly string[]): string | undefined {
  const first = rows[0];
  if (first && required.every((name) => name in first)) return undefined;
  return `One or more components are missing in your input data. The following attributes are required: ${required.join(', ')}`;
}

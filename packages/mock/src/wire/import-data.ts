/**
 * Reading the `data` of an import the way REDCap's method files decode it, and the answers
 * they give when it cannot be decoded. Record imports have their own reader (`records/import.ts`);
 * design and people imports share these.
 */
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { parseCsv } from './csv.ts';
import { respond } from './respond.ts';
import { parseXmlItems, parseXmlRows, type XmlNode, XmlSyntaxError } from './xml-read.ts';

/** `$lang['data_import_tool_200']`: what imports answer when `data` cannot be decoded. */
export const NOT_IN_FORMAT = 'The data is not in the specified format.';

/**
 * The 200 answer of an undecodable `data`: {@link NOT_IN_FORMAT} in `format`'s content type.
 *
 * @example
 * ```ts
 * if (!rows) return notInFormat(context);
 * ```
 */
export function notInFormat(context: RequestContext): Response {
  return respond(NOT_IN_FORMAT, outputFormat(context));
}

/**
 * A count answer: a bare number in `format`'s content type.
 *
 * @example
 * ```ts
 * return respondCount(context, rows.length); // body '2'
 * ```
 */
export function respondCount(context: RequestContext, count: number): Response {
  return respond(String(count), outputFormat(context));
}

/**
 * PHP's string form of a decoded JSON scalar: `true` → `1`, `null`/`false` → `''`.
 * `arrays` is what an array or object turns into: `''` where REDCap's code skips them,
 * `'Array'` where it casts them (design imports).
 *
 * @example
 * ```ts
 * scalar(true); // '1'
 * scalar({}, 'Array'); // 'Array'
 * ```
 */
export function scalar(value: unknown, arrays: '' | 'Array' = ''): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return arrays;
  return String(value);
}

/**
 * CSV `data` as a table: REDCap's import files turn the HTML-escaped line breaks some
 * clients send back into real ones before parsing.
 */
function csvTable(data: string): string[][] {
  return parseCsv(
    data
      .replace(/&#13;&#10;/g, '\r\n')
      .replace(/&#10;/g, '\n')
      .replace(/&#13;/g, '\r'),
  );
}

/** A header row and the rows under it, as `header → cell` entries (a short row gives `''`). */
function csvEntries(data: string): [string, string][][] {
  const table = csvTable(data);
  const header = (table[0] ?? []).map((name) => name.trim());
  return table.slice(1).map((cells) => header.map((name, index): [string, string] => [name, cells[index] ?? '']));
}

/** One decoded people import row: strings, or objects for `forms`/`forms_export`. */
export type ImportRow = Record<string, unknown>;

/**
 * Decodes a people import's `data` (users, roles, DAGs, mappings): JSON through the router's
 * decoding, CSV with a header row, XML under `root` with `<item>` rows, an element with
 * elements inside read as a map. `undefined` when it cannot be decoded.
 *
 * @example
 * ```ts
 * const rows = readImportRows(context, 'users');
 * if (!rows) return notInFormat(context);
 * ```
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
  if (context.format === 'csv') return csvEntries(data).map((entries) => Object.fromEntries(entries));
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

/**
 * `One or more components are missing in your input data. The following attributes are
 * required: ...` (`$lang['design_641']`), when the first row lacks a required attribute.
 *
 * @example
 * ```ts
 * const missing = missingComponents(rows, ['data_access_group_name', 'unique_group_name']);
 * if (missing) throw fail(400, missing);
 * ```
 */
export function missingComponents(rows: readonly ImportRow[], required: readonly string[]): string | undefined {
  const first = rows[0];
  if (first && required.every((name) => name in first)) return undefined;
  return `One or more components are missing in your input data. The following attributes are required: ${required.join(', ')}`;
}

/** A row of a design import: column → value, every value a string as PHP would see it. */
export type DesignRow = Map<string, string>;

/**
 * Decodes a design import's `data` into rows. `undefined` means REDCap's method-level
 * decoder gave up (JSON `""`/`false`, XML without the expected root): the caller answers
 * HTTP 200 {@link NOT_IN_FORMAT}. JSON that is not a list of objects gives rows of what
 * could be read (a scalar gives none), so the caller's required-attribute check fires.
 *
 * @example
 * ```ts
 * const rows = decodeDesignRows(context, 'arms');
 * if (!rows) return notInFormat(context);
 * ```
 */
export function decodeDesignRows(context: RequestContext, xmlRoot: string): DesignRow[] | undefined {
  const data = context.data ?? '';
  if (context.format === 'json') {
    const decoded = context.jsonData;
    if (decoded === '' || decoded === false || decoded === undefined || decoded === null) return undefined;
    if (typeof decoded !== 'object') return [];
    // An object is a PHP associative array: its values are the rows.
    const list = Array.isArray(decoded) ? decoded : Object.values(decoded as Record<string, unknown>);
    return list.map((item) => {
      const row: DesignRow = new Map();
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        for (const [key, value] of Object.entries(item as Record<string, unknown>)) row.set(key, scalar(value, 'Array'));
      }
      return row;
    });
  }
  if (context.format === 'csv') return csvEntries(data).map((entries) => new Map(entries));
  try {
    return parseXmlRows(data, xmlRoot) ?? undefined;
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
}

/** PHP's `isinteger()`: an optional sign and digits. */
export function isIntegerText(text: string): boolean {
  return /^[-+]?\d+$/.test(text.trim());
}

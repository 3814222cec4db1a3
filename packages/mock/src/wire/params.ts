/**
 * Request parameters with PHP's `$_POST` semantics: `name[i]` and `name[]` build arrays,
 * a repeated plain name keeps only its last value, `.` and spaces in the base name become `_`.
 * File parts of a multipart body go to `files` (PHP's `$_FILES`), not to `values`.
 */
export type ParamValue = string | ParamArray;
/** A PHP array: keys in insertion order. */
export type ParamArray = Map<string, ParamValue>;

export interface Params {
  readonly values: Map<string, ParamValue>;
  readonly files: Map<string, File>;
}

/** An empty parameter set (what PHP sees for a body it cannot parse). */
export function emptyParams(): Params {
  return { values: new Map(), files: new Map() };
}

/** Reads the body of a POST the way PHP fills `$_POST`/`$_FILES`. */
export async function readParams(request: Request): Promise<Params> {
  const params = emptyParams();
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return params;
  }
  // Read once: the file names are taken from the raw headers, the parts from the same bytes.
  let form: FormData;
  let rawNames: Map<string, string> | undefined;
  try {
    const bytes = await request.arrayBuffer();
    if (type.startsWith('multipart/form-data')) rawNames = fileNamesAsSent(bytes);
    form = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    return params;
  }
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') addParam(params.values, name, value);
    else {
      const sent = rawNames?.get(name);
      params.files.set(name, sent === undefined || sent === value.name ? value : new File([value], sent, { type: value.type }));
    }
  }
  return params;
}

/**
 * The file names of a multipart body's file parts, byte for byte as the client
 * wrote them. PHP reads a backslash inside `filename="..."` as itself (it only
 * escapes a quote), while some runtimes' `formData()` (Chromium's) read `\x` as
 * `x`: a stored name such as `..\..\x.pdf` must not depend on where the simulator runs.
 */
function fileNamesAsSent(body: ArrayBuffer): Map<string, string> {
  const names = new Map<string, string>();
  const text = new TextDecoder().decode(body);
  const disposition = /^content-disposition:[^\r\n]*?\bname="((?:[^"\\]|\\.)*)"[^\r\n]*?\bfilename="((?:\\"|[^"])*)"/gim;
  for (const match of text.matchAll(disposition)) names.set(match[1]!, match[2]!.replace(/\\"/g, '"'));
  return names;
}

/** Adds one `name=value` pair with PHP's bracket rules. */
export function addParam(target: Map<string, ParamValue>, rawName: string, value: string): void {
  const open = rawName.indexOf('[');
  let base = open === -1 ? rawName : rawName.slice(0, open);
  let rest = open === -1 ? '' : rawName.slice(open);
  if (open !== -1 && !rest.includes(']')) {
    // PHP turns an unclosed `[` into `_` and treats the name as plain.
    base = `${base}_${rest.slice(1)}`;
    rest = '';
  }
  base = base.replace(/[ .]/g, '_');
  if (base === '') return;
  const keys: string[] = [];
  let remaining = rest;
  while (remaining.startsWith('[')) {
    const close = remaining.indexOf(']');
    if (close === -1) break;
    keys.push(remaining.slice(1, close));
    remaining = remaining.slice(close + 1);
  }
  if (keys.length === 0) {
    target.set(base, value);
    return;
  }
  let container = target;
  let key = base;
  for (const next of keys) {
    let current = container.get(key);
    if (!(current instanceof Map)) {
      current = new Map<string, ParamValue>();
      container.set(key, current);
    }
    container = current;
    key = next === '' ? String(nextIndex(current)) : next;
  }
  container.set(key, value);
}

function nextIndex(array: ParamArray): number {
  let max = -1;
  for (const key of array.keys()) {
    if (/^(0|-?[1-9]\d*)$/.test(key)) max = Math.max(max, Number(key));
  }
  return max + 1;
}

/** The parameter as a string, or `undefined` when absent or an array. */
export function stringParam(params: Params, name: string): string | undefined {
  const value = params.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The string values of an array parameter (nested arrays skipped), or `undefined` when not an array. */
export function arrayParam(params: Params, name: string): string[] | undefined {
  const value = params.values.get(name);
  if (!(value instanceof Map)) return undefined;
  const out: string[] = [];
  for (const item of value.values()) if (typeof item === 'string') out.push(item);
  return out;
}

/**
 * A list parameter where REDCap also accepts a comma-separated string: items split on `,`,
 * trimmed, single and double quotes stripped, empties dropped. `kind` tells which form came in.
 */
export function listParam(params: Params, name: string): { items: string[]; kind: 'array' | 'string' } | undefined {
  const array = arrayParam(params, name);
  if (array) {
    const items = array.map((item) => item.trim()).filter((item) => item !== '');
    return items.length > 0 ? { items, kind: 'array' } : undefined;
  }
  const text = stringParam(params, name);
  if (text === undefined || text.trim() === '') return undefined;
  const items = text
    .split(',')
    .map((item) => item.replace(/['"]/g, '').trim())
    .filter((item) => item !== '');
  return items.length > 0 ? { items, kind: 'string' } : undefined;
}

/** REDCap's boolean flags: true iff `1` or, case-insensitively, `true`. */
export function boolParam(params: Params, name: string): boolean {
  const value = stringParam(params, name);
  return value !== undefined && (value === '1' || value.toLowerCase() === 'true');
}

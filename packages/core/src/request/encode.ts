/** A parameter value as it goes on the wire; `undefined` is left out. */
export type WireValue = string | number | boolean | readonly (string | number)[] | undefined;

/** A file part of a multipart upload. */
export interface WireFile {
  readonly blob: Blob;
  readonly name: string;
}

/** Adds `name=value` pairs the way PHP parses them: arrays as `name[0]`, `name[1]`, ... */
function appendTo(target: URLSearchParams | FormData, params: Readonly<Record<string, WireValue>>): void {
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      // REDCap drops all but the last of repeated plain names, and comma lists work only for some methods.
      value.forEach((item, index) => {
        target.append(`${name}[${index}]`, String(item));
      });
    } else {
      target.append(name, String(value));
    }
  }
}

/**
 * Encodes parameters as REDCap expects: urlencoded, or multipart when a file is sent.
 *
 * @example
 * ```ts
 * encodeBody({ token, content: 'record', records: ['1', '2'] }); // token=...&content=record&records[0]=1&records[1]=2
 * ```
 */
export function encodeBody(params: Readonly<Record<string, WireValue>>, file?: WireFile): URLSearchParams | FormData {
  if (!file) {
    const body = new URLSearchParams();
    appendTo(body, params);
    return body;
  }
  const body = new FormData();
  appendTo(body, params);
  body.append('file', file.blob, file.name);
  return body;
}

/**
 * What goes over `module.ajax` between {@link moduleAjaxFetch} and the PHP side
 * (`php/RedcapApiAjax.php`). The framework sends JSON, so files travel as base64.
 */
export interface AjaxCall {
  /** The form fields of the API call, in order (REDCap's names: `records[0]`, ...). */
  readonly params: Array<[string, string]>;
  /** The files of an upload. */
  readonly files: Array<{ readonly field: string; readonly name: string; readonly type: string; readonly base64: string }>;
}

/** REDCap's answer as the PHP side returns it: status, the headers the SDK reads, and the body. */
export interface AjaxAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** `text` for JSON, CSV, XML and text; `base64` for file contents. */
  readonly encoding: 'text' | 'base64';
}

const chunk = 0x8000;

/** Base64 of bytes, in slices (a spread of a large array overflows the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += chunk) binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  return btoa(binary);
}

/** Bytes of base64 text. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Checks that what came back is the PHP side's answer, not something else the hook returned. */
export function isAjaxAnswer(value: unknown): value is AjaxAnswer {
  const answer = value as Partial<AjaxAnswer> | null;
  return (
    typeof answer === 'object' &&
    answer !== null &&
    typeof answer.status === 'number' &&
    typeof answer.body === 'string' &&
    (answer.encoding === 'text' || answer.encoding === 'base64') &&
    typeof answer.headers === 'object'
  );
}

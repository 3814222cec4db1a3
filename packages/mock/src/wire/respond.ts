import { fputcsv } from './csv.ts';
import { phpJsonEncode } from './php-json.ts';
import { XML_DECLARATION } from './xml.ts';

/** The formats a body can be written in. */
export type WireFormat = 'json' | 'csv' | 'xml';

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'There were errors with your request. If you are sending data, then it might be due to the data being misformatted. ',
  401: 'The API token was missing or incorrect',
  403: 'You do not have permissions to use the API',
  500: 'The server encountered an error processing your request.',
  501: 'The requested method is not implemented.',
};

/** `Content-type` of `RestUtility::sendResponse` for a format. */
export function contentTypeOf(format: WireFormat): string {
  if (format === 'json') return 'application/json; charset=utf-8';
  if (format === 'csv') return 'text/csv; charset=utf-8';
  return 'text/xml; charset=utf-8';
}

/** An error REDCap answers with; the router wraps it in the `returnFormat` envelope. */
export class RedcapFailure extends Error {
  override name = 'RedcapFailure' as const;
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Shorthand: `throw fail(400, '...')`. */
export function fail(status: number, message: string): RedcapFailure {
  return new RedcapFailure(status, message);
}

/** A success body in a format, with REDCap's content type. */
export function respond(body: string | Uint8Array, format: WireFormat, status = 200): Response {
  return new Response(body as BodyInit, {
    status,
    statusText: REASONS[status] ?? '',
    headers: { 'content-type': contentTypeOf(format) },
  });
}

/** A body with an explicit content type (survey links, files). */
export function respondRaw(body: string | Uint8Array, contentType: string, extra: Record<string, string> = {}): Response {
  return new Response(body as BodyInit, { status: 200, statusText: 'OK', headers: { 'content-type': contentType, ...extra } });
}

/** The error envelope of §1.9 for a status and message in `returnFormat`. */
export function errorBody(status: number, message: string, returnFormat: WireFormat): string {
  const text = message === '' ? (DEFAULT_MESSAGES[status] ?? '') : message;
  if (returnFormat === 'json') return text.startsWith('{"error"') ? text : `{"error":${phpJsonEncode(text)}}`;
  if (returnFormat === 'csv') return `ERROR: ${text}`;
  return `${XML_DECLARATION}<hash><error>${text}</error></hash>`;
}

/** A complete error response. */
export function respondError(status: number, message: string, returnFormat: WireFormat): Response {
  return respond(errorBody(status, message, returnFormat), returnFormat, status);
}

/** Rows of string cells as CSV (`fputcsv` per row). Empty `rows` still writes the header line. */
export function csvTable(header: readonly string[], rows: readonly (readonly string[])[], delimiter = ',', escapeChar = '\\'): string {
  return fputcsv(header, delimiter, escapeChar) + rows.map((row) => fputcsv(row, delimiter, escapeChar)).join('');
}

/** The body of each format an answer can take; only the one asked for is built. */
export interface FormatBodies {
  readonly json: () => string;
  readonly csv: () => string;
  readonly xml: () => string;
}

/**
 * The one json/csv/xml switch of the success answers: builds the body of `format` and
 * sends it with that format's content type.
 *
 * @example
 * ```ts
 * return respondIn(outputFormat(context), {
 *   json: () => phpJsonEncode(rows),
 *   csv: () => csvTable(['arm_num', 'name'], cells),
 *   xml: () => `${xmlItems('arms', pairs)}\n`,
 * });
 * ```
 */
export function respondIn(format: WireFormat, bodies: FormatBodies): Response {
  return respond(bodies[format](), format);
}

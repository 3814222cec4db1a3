import { RedcapApiError } from '../errors/api-error.ts';
import { RedcapHttpError } from '../errors/http-error.ts';
import type { RedcapError, RedcapOperation } from '../errors/redcap-error.ts';
import { RedcapResponseError } from '../errors/response-error.ts';
import { cut, quote, scrub } from '../internal/scrub.ts';
import { retryableStatuses } from './retry-policy.ts';

/**
 * What a successful answer's body is. A file answer is read by the reader its
 * method brings (`fileAnswer`), so that only the methods that download files carry
 * the file-reading code.
 */
export type AnswerKind = 'json' | 'text' | 'empty' | FileAnswer;

/** Reads a 2xx answer that should be a file; see `read-file.ts`. */
export interface FileAnswer {
  readonly read: (received: Received, contentType: string, spec: AnswerSpec) => Answer;
}

/** A body read and checked: a value, or an error with whether another attempt may help. */
export type Answer =
  | { readonly ok: true; readonly value: unknown; readonly bytes: number }
  | { readonly ok: false; readonly error: RedcapError; readonly retryable: boolean };

/** An answer as the transport received it: status, headers and the body's bytes (for an error status, only its start). */
export interface Received {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

/** How to read one answer. `accept` rejects a 200 text body that is REDCap's error text (rename, DAG switch). */
export interface AnswerSpec {
  readonly kind: AnswerKind;
  readonly operation: RedcapOperation;
  readonly accept?: ((text: string) => boolean) | undefined;
  /** The error text when `accept` refuses a body; by default the body itself (REDCap's message). */
  readonly refusal?: ((text: string) => string) | undefined;
  /** Removed from every text that could end up in an error (a proxy may echo the request). */
  readonly secret?: string | undefined;
  /** Values the call sent (its `data`): an echo of them never goes into an error. */
  readonly echoes?: readonly string[] | undefined;
}

/**
 * A body that starts like a web page: a login page, a proxy's error page, PHP's
 * error output. Comments, `<meta>`, `<script>`, `<form>` and an XML declaration
 * before an HTML doctype all start such pages, so they count too.
 */
export const htmlStart: RegExp =
  /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--|<!doctype\s+html|<(?:html|head|body|meta|script|form|title|style|link|br|b|p|div|center|h[1-6]|table|iframe|noscript)[\s/>])/i;
/** PHP's non-fatal diagnostics printed before the body (display_errors on), as HTML or as text. */
const phpNotice =
  /^\s*(?:<br \/>\s*)?(?:<b>)?(?:PHP )?(?:Warning|Notice|Deprecated)(?:<\/b>)?:[^\n]*?on line (?:<b>)?\d+(?:<\/b>)?(?:<br \/>)?[ \t]*\r?\n?/i;
const errorEnvelope = /\{"error":\s*"((?:[^"\\]|\\.)*)"?\}?/;
const bannedIp = /has been banned due to suspected abuse/;

/**
 * Decides what the caller gets from an answer. The status alone is not enough:
 * REDCap answers some errors with 200 and a text, and an out-of-memory PHP page
 * arrives as 200 HTML with REDCap's JSON error after it.
 */
export function readAnswer(received: Received, spec: AnswerSpec): Answer {
  const { operation, secret, echoes } = spec;
  const { status, headers, body } = received;
  const contentType = headers.get('content-type') ?? '';

  if (status < 200 || status > 299) {
    const text = scrub(decode(body, contentType), secret, echoes);
    const message = redcapErrorMessage(text);
    const retryable = retryableStatuses.includes(status) && !bannedIp.test(text);
    if (message !== undefined) return fail(new RedcapApiError(status, message, operation), retryable);
    if (bannedIp.test(text) || (status === 403 && !htmlStart.test(text) && text.trim() !== '')) {
      return fail(new RedcapApiError(status, text.trim(), operation), false);
    }
    return fail(new RedcapHttpError(status, explainStatus(status), stripHtml(text), operation), retryable);
  }

  if (typeof spec.kind === 'object') return spec.kind.read(received, contentType, spec);

  const bytes = body.byteLength;
  // Left as REDCap sent it: only the texts that go into an error are scrubbed.
  const text = withoutNotices(decode(body, contentType));
  const refuse = (message: string, retryable: boolean): Answer =>
    fail(new RedcapApiError(status, scrub(message, secret, echoes), operation), retryable);
  if (htmlStart.test(text)) {
    // A PHP fatal error page: REDCap's own error often follows the HTML. A login page: another attempt may pass the proxy.
    return refuse(
      redcapErrorMessage(text) ?? `REDCap answered with an HTML page where data was expected: ${htmlSnippet(text, spec)}`,
      true,
    );
  }
  const message = redcapErrorMessage(text);
  if (message !== undefined) return refuse(message, false);

  switch (spec.kind) {
    case 'json':
      // REDCap always sends JSON here (methods whose answer can be empty say so with `empty`):
      // an empty body was cut short on the way, and another attempt may get it whole.
      if (text.trim() === '') {
        return fail(new RedcapResponseError('the body is empty where REDCap sends JSON: the answer was cut short.', '', operation), true);
      }
      try {
        return { ok: true, value: JSON.parse(text), bytes };
      } catch {
        return fail(
          new RedcapResponseError(
            'the body is not valid JSON: it was cut short, or did not come from REDCap.',
            scrub(text.slice(0, 4096), secret, echoes),
            operation,
          ),
          true,
        );
      }
    case 'text':
      if (spec.accept && !spec.accept(text)) return refuse(spec.refusal ? spec.refusal(text) : text.trim(), false);
      return { ok: true, value: text, bytes };
    case 'empty':
      return { ok: true, value: undefined, bytes };
  }
}

export function fail(error: RedcapError, retryable: boolean): Answer {
  return { ok: false, error, retryable };
}

/**
 * The body as text in its declared charset (REDCap sites on Latin-1 databases send
 * `charset=ISO-8859-1`); UTF-8 when none is declared or the label is unknown.
 */
export function decode(body: Uint8Array, contentType: string): string {
  const label = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (label) {
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // An unknown label: UTF-8 is what REDCap sends everywhere else.
    }
  }
  return new TextDecoder().decode(body);
}

/** The body without the PHP warnings a server with display_errors on prints before it. */
export function withoutNotices(text: string): string {
  let rest = text;
  for (let match = phpNotice.exec(rest); match; match = phpNotice.exec(rest)) rest = rest.slice(match[0].length);
  return rest;
}

/** REDCap's error text in any of its envelopes: JSON `{"error":...}`, `ERROR: ...`, XML `<error>`. */
export function redcapErrorMessage(text: string): string | undefined {
  const trimmed = withoutNotices(text).trim();
  // Only bodies that start like an error are searched: a data export can be megabytes.
  // The envelope may be cut short (an error body is read only up to a few kB): what is there is still REDCap's message.
  const json = trimmed.startsWith('{"error"') || htmlStart.test(trimmed) ? errorEnvelope.exec(trimmed) : null;
  if (json) {
    try {
      return JSON.parse(`"${json[1]!.replace(/\\$/, '')}"`) as string;
    } catch {
      return json[1];
    }
  }
  if (/^ERROR:/i.test(trimmed)) return trimmed.replace(/^ERROR:\s*/i, '');
  const xml = /^<\?xml[^>]*>\s*<hash>\s*<error>([\s\S]*)<\/error>\s*<\/hash>$/.exec(trimmed);
  if (xml) return xml[1];
  return undefined;
}

function explainStatus(status: number): string {
  if (status === 404) return 'the URL was not found. Check `url`: it is the API endpoint, usually ending in /api/.';
  if (status === 301 || status === 302 || status === 307 || status === 308)
    return 'the server redirects the API to another URL; use that URL as `url`.';
  if (status === 502 || status === 503 || status === 504) return 'a proxy or gateway in front of REDCap failed or timed out.';
  return "an answer that did not come from REDCap's API.";
}

function stripHtml(text: string): string {
  return text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A page's text as an error quotes it: scrubbed first, then cut to a few hundred characters. */
export function htmlSnippet(text: string, spec: AnswerSpec): string {
  return cut(stripHtml(quote(text, spec.secret, spec.echoes, 100_000)));
}

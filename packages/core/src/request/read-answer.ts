import { RedcapApiError } from '../errors/api-error.ts';
import { RedcapHttpError } from '../errors/http-error.ts';
import type { RedcapError, RedcapOperation } from '../errors/redcap-error.ts';
import { scrub } from '../internal/scrub.ts';
import { retryableStatuses } from './retry-policy.ts';

/** What a successful answer's body is. */
export type AnswerKind = 'json' | 'text' | 'file' | 'empty';

/** A body read and checked: a value, or an error with whether another attempt may help. */
export type Answer =
  | { readonly ok: true; readonly value: unknown; readonly bytes: number }
  | { readonly ok: false; readonly error: RedcapError; readonly retryable: boolean; readonly retryAfter: string | null };

/** How to read one answer. `accept` rejects a 200 text body that is REDCap's error text (rename, DAG switch). */
export interface AnswerSpec {
  readonly kind: AnswerKind;
  readonly operation: RedcapOperation;
  readonly accept?: ((text: string) => boolean) | undefined;
  /** The error text when `accept` refuses a body; by default the body itself (REDCap's message). */
  readonly refusal?: ((text: string) => string) | undefined;
  /** Removed from every text that could end up in an error (a proxy may echo the request). */
  readonly secret?: string | undefined;
}

const htmlStart = /^\s*(?:<!doctype html|<html|<head|<body|<br\s*\/?>|<b>|<p>|<div|<title)/i;
const errorEnvelope = /\{"error":\s*"((?:[^"\\]|\\.)*)"\}/;
const bannedIp = /has been banned due to suspected abuse/;

/**
 * Reads a response and decides what the caller gets. The status alone is not
 * enough: REDCap answers some errors with 200 and a text, and an out-of-memory
 * PHP page arrives as 200 HTML with REDCap's JSON error after it.
 */
export async function readAnswer(response: Response, spec: AnswerSpec): Promise<Answer> {
  const { operation } = spec;
  const retryAfter = response.headers.get('retry-after');
  const contentType = response.headers.get('content-type') ?? '';

  if (response.status < 200 || response.status > 299) {
    const text = scrub(await response.text(), spec.secret);
    const message = redcapErrorMessage(text);
    const retryable = retryableStatuses.has(response.status) && !bannedIp.test(text);
    if (message !== undefined) return fail(new RedcapApiError(response.status, message, operation), retryable, retryAfter);
    if (bannedIp.test(text) || (response.status === 403 && !htmlStart.test(text) && text.trim() !== '')) {
      return fail(new RedcapApiError(response.status, text.trim(), operation), false, retryAfter);
    }
    return fail(new RedcapHttpError(response.status, explainStatus(response.status), stripHtml(text), operation), retryable, retryAfter);
  }

  if (spec.kind === 'file') return readFile(response, contentType, spec, retryAfter);

  const body = await response.arrayBuffer();
  const bytes = body.byteLength;
  // Left as REDCap sent it: only the texts that go into an error are scrubbed of the token.
  const text = new TextDecoder().decode(body);
  const refuse = (message: string, retryable: boolean): Answer =>
    fail(new RedcapApiError(response.status, scrub(message, spec.secret), operation), retryable, retryAfter);
  if (htmlStart.test(text)) {
    // A PHP fatal error page: REDCap's own error often follows the HTML.
    return refuse(
      redcapErrorMessage(text) ?? `REDCap answered with an HTML page where data was expected: ${stripHtml(text).slice(0, 300)}`,
      true,
    );
  }
  const message = redcapErrorMessage(text);
  if (message !== undefined) return refuse(message, false);

  switch (spec.kind as Exclude<AnswerKind, 'file'>) {
    case 'json':
      // REDCap always sends JSON here (methods whose answer can be empty say so with `empty`):
      // an empty body was cut short on the way, and another attempt may get it whole.
      if (text.trim() === '')
        return fail(
          new RedcapHttpError(response.status, 'the body is empty where REDCap sends JSON: the answer was cut short', '', operation),
          true,
          retryAfter,
        );
      try {
        return { ok: true, value: JSON.parse(text), bytes };
      } catch {
        return fail(
          new RedcapHttpError(
            response.status,
            'the body is not valid JSON: it was cut short, or did not come from REDCap',
            scrub(text.slice(0, 4096), spec.secret),
            operation,
          ),
          true,
          retryAfter,
        );
      }
    case 'text':
      if (spec.accept && !spec.accept(text)) return refuse(spec.refusal ? spec.refusal(text) : text.trim(), false);
      return { ok: true, value: text, bytes };
    case 'empty':
      return { ok: true, value: undefined, bytes };
  }
}

/**
 * A file answer is bytes. REDCap names it in `Content-Type: <mime>; name="..."`;
 * a PDF export comes without a name (and as text/html), so only a body that
 * starts like an HTML page or an error counts as an error.
 */
async function readFile(response: Response, contentType: string, spec: AnswerSpec, retryAfter: string | null): Promise<Answer> {
  const { operation } = spec;
  const bytes = await response.arrayBuffer();
  const type = contentType.split(';')[0]!.trim();
  if (/;\s*name=/i.test(contentType)) {
    return { ok: true, value: new File([bytes], fileNameOf(contentType), { type }), bytes: bytes.byteLength };
  }
  const head = scrub(new TextDecoder().decode(bytes.slice(0, 4096)), spec.secret);
  const message = redcapErrorMessage(head);
  if (message !== undefined) return fail(new RedcapApiError(response.status, message, operation), htmlStart.test(head), retryAfter);
  if (htmlStart.test(head)) {
    return fail(
      new RedcapApiError(
        response.status,
        `REDCap answered with an HTML page where a file was expected: ${stripHtml(head).slice(0, 300)}`,
        operation,
      ),
      true,
      retryAfter,
    );
  }
  const pdf = head.startsWith('%PDF');
  return {
    ok: true,
    value: new File([bytes], pdf ? `${operation.content}.pdf` : operation.content, { type: pdf ? 'application/pdf' : type }),
    bytes: bytes.byteLength,
  };
}

function fail(error: RedcapError, retryable: boolean, retryAfter: string | null): Answer {
  return { ok: false, error, retryable, retryAfter };
}

/** REDCap's error text in any of its envelopes: JSON `{"error":...}`, `ERROR: ...`, XML `<error>`. */
export function redcapErrorMessage(text: string): string | undefined {
  const trimmed = text.trim();
  // Only bodies that start like an error are searched: a data export can be megabytes.
  const json = trimmed.startsWith('{"error"') || htmlStart.test(trimmed) ? errorEnvelope.exec(trimmed) : null;
  if (json) {
    try {
      return JSON.parse(`"${json[1]}"`) as string;
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

/** The file name REDCap puts in `Content-Type: <mime>; name="<file>"`. */
export function fileNameOf(contentType: string): string {
  const match = /;\s*name=(?:"([^"]*)"|'([^']*)'|([^;]+))/i.exec(contentType);
  return (match?.[1] ?? match?.[2] ?? match?.[3] ?? 'file').trim();
}

import ky, { isForceRetryError, isHTTPError, isTimeoutError } from 'ky';
import { checkByteLimit } from '../client/check-options.ts';
import type { RedcapClient } from '../client/create-client.ts';
import type { CallOptions } from '../client/options.ts';
import { type ClientState, stateOf } from '../client/state.ts';
import { type EventObserver, emit, type RedcapEvent } from '../client/events.ts';
import { RedcapHttpError } from '../errors/http-error.ts';
import { RedcapNetworkError } from '../errors/network-error.ts';
import { RedcapError, type RedcapOperation } from '../errors/redcap-error.ts';
import { RedcapResponseError } from '../errors/response-error.ts';
import { RedcapTimeoutError } from '../errors/timeout-error.ts';
import { scrub } from '../internal/scrub.ts';
import { encodeBody, type WireFile, type WireValue } from './encode.ts';
import { type Answer, type AnswerKind, type Received, readAnswer } from './read-answer.ts';
import { parseRetryAfter, planRetries, retryableStatuses } from './retry-policy.ts';

/** One REDCap call, ready to send: REDCap's own parameter names and values. */
export interface WireRequest {
  readonly operation: RedcapOperation;
  readonly params: Readonly<Record<string, WireValue>>;
  readonly file?: WireFile | undefined;
  readonly answer: AnswerKind;
  /** `read` is retried by default, `write` only on request, `never` not at all. */
  readonly retry: 'read' | 'write' | 'never';
  readonly accept?: ((text: string) => boolean) | undefined;
  /** The error text when `accept` refuses a body. */
  readonly refusal?: ((text: string) => string) | undefined;
  /** Told the size in bytes of a successful answer's body. */
  readonly onBody?:
    | ((bytes: number) => void)
    | undefined /** The answer is CSV: a 2xx body must end with a line break (REDCap ends every CSV line with `\n`). */;
  readonly csv?: boolean | undefined;
  /** Told how each attempt ended, retries included, as soon as it is known. */
  readonly onAttempt?: ((outcome: AttemptOutcome) => void) | undefined;
  /** Rewrites a 2xx text body before it is read (project creation: PHP warnings before the token). */
  readonly rewrite?: ((body: string) => string) | undefined;
  /** The method's name for events (`exportRecords`); `content/action` when absent. */
  readonly method?: string | undefined;
}

/** How one attempt of a request ended, as far as the transport knows. */
export interface AttemptOutcome {
  /**
   * The HTTP status of the answer, or `undefined` when none came (connection lost,
   * timeout, abort). Only a 4xx proves REDCap did not run the request: anything
   * else may have come after REDCap saved.
   */
  readonly status: number | undefined;
}

/** Error answers are read this far: enough for REDCap's message, never a whole runaway page. */
const errorBodyBytes = 8 * 1024;
const maxRedirects = 5;

/**
 * Sends a call and returns the checked body. ky does the HTTP work: retries (of
 * statuses, network errors and timeouts, and of bodies found wrong by the
 * `afterResponse` hook), backoff with jitter, `Retry-After`, the per-attempt
 * timeout and `totalTimeout`. Ours is the transport ky calls as its `fetch`
 * (see {@link transport}) and the reading of REDCap's answers.
 *
 * @example
 * ```ts
 * const version = await send(client, { operation: { content: 'version', action: 'export' }, params: {}, answer: 'text', retry: 'read' });
 * ```
 */
export async function send(client: RedcapClient, request: WireRequest, options: CallOptions = {}): Promise<unknown> {
  const state = stateOf(client);
  const { operation } = request;
  const plan = planRetries(options.retry, state.retry, request.retry);
  const perAttempt = options.timeout ?? state.timeout;
  const total = options.totalTimeout ?? state.totalTimeout;
  const maxBytes = checkByteLimit('options.maxResponseBytes', options.maxResponseBytes, operation) ?? state.maxResponseBytes;
  const caller = options.signal;
  caller?.throwIfAborted();

  const data = request.params.data;
  const echoes = typeof data === 'string' ? [data] : [];
  const started = Date.now();
  const observers = [state.onEvent, options.onEvent].filter((observer): observer is EventObserver => observer !== undefined);
  const method = request.method ?? `${operation.content}/${operation.action}`;
  const call: Call = {
    maxBytes,
    received: undefined,
    attempts: 0,
    lastEnd: started,
    // Events are built only when someone listens: most calls have no observer.
    tell: observers.length === 0 ? undefined : (event) => emit(observers, { method, operation, ...event } as RedcapEvent),
  };
  // What the hook made of the current attempt's answer.
  let answer: Answer | undefined;

  try {
    await ky.post(state.url, {
      body: encodeBody(wireParams(state, request), request.file),
      headers: state.headers,
      fetch: transport(state, request, call),
      signal: caller,
      redirect: 'manual',
      timeout: perAttempt,
      totalTimeout: total,
      retry: {
        limit: plan.limit,
        // REDCap's API is POST only; whether a call may be repeated is decided by `plan`.
        methods: ['post'],
        statusCodes: [...retryableStatuses],
        afterStatusCodes: [429, 503],
        maxRetryAfter: plan.maxRetryAfter,
        delay: (retry) => plan.delay * 2 ** (retry - 1),
        // 50-100% of the backoff, so parallel clients do not retry in step (ky leaves server waits unjittered).
        jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
        retryOnTimeout: true,
        shouldRetry: ({ error }) => {
          if (caller?.aborted) return false;
          if (isHTTPError(error)) {
            if (!answer || answer.ok || !answer.retryable) return false;
            const wait = parseRetryAfter(error.response.headers.get('retry-after'));
            // ky would cap the wait at maxRetryAfter and try again too early; a server asking for that long is better told to the caller.
            if (wait !== undefined && wait > plan.maxRetryAfter) throw waitTooLong(answer.error, wait, plan.maxRetryAfter);
            return undefined;
          }
          if (error instanceof RedcapError) return transient.has(error);
          return undefined;
        },
      },
      hooks: {
        beforeRetry: [
          ({ error, retryCount }) => {
            call.tell?.({ type: 'retry', attempt: retryCount + 1, reason: reasonOf(error, perAttempt), delay: Date.now() - call.lastEnd });
          },
        ],
        afterResponse: [
          ({ response }) => {
            answer = readAnswer(call.received!, {
              kind: request.answer,
              operation,
              accept: request.accept,
              refusal: request.refusal,
              secret: state.token,
              echoes,
            });
            if (answer.ok) return undefined;
            if (response.status === 429 && answer.retryable) {
              // REDCap counts requests per IP: every call of this client waits, not just this one.
              const wait = parseRetryAfter(response.headers.get('retry-after')) ?? 1000;
              if (wait <= plan.maxRetryAfter) {
                state.limiter.pause(wait);
                call.tell?.({ type: 'rate-limit:wait', ms: wait, reason: '429' });
              }
            }
            // An error status: ky throws its HTTPError, and retries it by status and Retry-After (shouldRetry above).
            if (!response.ok) return undefined;
            // A 200 whose body is wrong (an HTML page, a body cut short): ky retries it as a forced retry.
            if (answer.retryable) return ky.retry({ cause: answer.error, code: 'REDCAP_BODY' });
            throw answer.error;
          },
        ],
      },
    });
  } catch (error) {
    // ky's errors hold the request (its body holds the token): only ours go out.
    if (caller?.aborted) throw caller.reason;
    const elapsed = Date.now() - started;
    if (isTimeoutError(error)) {
      // ky bounds the last attempt by what is left of the total: a timeout then is the total's.
      const byTotal = total !== false && (perAttempt === false || elapsed >= total - 20);
      throw new RedcapTimeoutError(byTotal ? total : (perAttempt as number), operation, { attempts: call.attempts, ms: elapsed });
    }
    throw withAttempts(ourError(error), call.attempts, elapsed);
  }
  const result = answer as Extract<Answer, { ok: true }>;
  request.onBody?.(result.bytes);
  return result.value;

  function ourError(error: unknown): RedcapError {
    if (error instanceof RedcapError) return error;
    if (isHTTPError(error) && answer && !answer.ok) return answer.error;
    if (isForceRetryError(error) && error.cause instanceof RedcapError) return error.cause;
    return new RedcapNetworkError(describe(error, state.token), operation);
  }
}

/** Adds to an error after retries how many attempts were made over how long: a user can tell a flaky server from a dead one. */
function withAttempts(error: RedcapError, attempts: number, ms: number): RedcapError {
  if (attempts > 1) error.message += ` (${attempts} attempts over ${seconds(ms)} s)`;
  return error;
}

/** Milliseconds as seconds with one decimal: `8.6`. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** Why an attempt failed, for a retry event: a status or our own (scrubbed) message, never ky's (it quotes the request). */
function reasonOf(error: Error, perAttempt: number | false): string {
  if (isHTTPError(error)) return `HTTP ${error.response.status}`;
  if (isTimeoutError(error)) return perAttempt === false ? 'no answer in time' : `no answer within ${perAttempt} ms`;
  if (isForceRetryError(error) && error.cause instanceof RedcapError) return error.cause.message;
  if (error instanceof RedcapError) return error.message;
  return 'the request failed';
}

/** One call's limits, and what its transport received for the current attempt. */
interface Call {
  readonly maxBytes: number;
  received: Received | undefined;
  /** Attempts begun so far. */
  attempts: number;
  /** When the last attempt ended, for the delay a retry event reports. */
  lastEnd: number;
  /** Tells the call's observers, when there are any. */
  readonly tell: ((event: EventFields) => void) | undefined;
}

/** An event without the fields every event of a call shares. */
type EventFields = RedcapEvent extends infer E ? (E extends RedcapEvent ? Omit<E, 'method' | 'operation'> : never) : never;

/** The Requests whose transfer is under way: see {@link transport}. */
const live = new Set<Request>();

/** Errors of ours that another attempt may cure (the network failed). */
const transient = new WeakSet<RedcapError>();

/**
 * The `fetch` ky calls for each attempt. It does what ky cannot:
 * - takes a limiter slot first (the wait counts against the attempt's timeout, as
 *   ky times this whole function) and frees it only once the transfer has stopped;
 * - follows redirects within the endpoint's origin, re-sending the POST (fetch would
 *   turn a 301/302 into a GET), and never to another origin (the token stays here);
 * - reads the body itself, bounded by `maxResponseBytes` (8 KiB for error statuses),
 *   and cancels it when the signal aborts: Node's fetch can lose a `Request`'s
 *   signal (undici #3644, #4068) and keep the socket reading after a timeout.
 * ky gets a bodyless copy of the response; the bytes go to `keep`.
 */
function transport(state: ClientState, request: WireRequest, call: Call): (input: string | URL | Request) => Promise<Response> {
  const fetchImpl = (input: Request): Promise<Response> =>
    // Looked up per call so that interceptors installed after the client (msw) still apply.
    state.fetch ? state.fetch(input) : globalThis.fetch(input);
  return async (given) => {
    // ky always passes its Request (with its managed signal: timeout, totalTimeout and the caller's).
    const input = given as Request;
    const { signal } = input;
    // undici links a Request's signal to ky's only weakly: once ky drops the Request (it keeps a clone for
    // the retry), the signal can be collected and never fire (undici #3644, #4068). Held until the end.
    live.add(input);
    const attempt = ++call.attempts;
    let release: () => void;
    try {
      release = await state.limiter.acquire(signal, call.tell && ((ms, reason) => call.tell?.({ type: 'rate-limit:wait', ms, reason })));
    } catch (error) {
      live.delete(input);
      throw error;
    }
    const sent = Date.now();
    call.tell?.({ type: 'request:start', attempt });
    let told = false;
    const tell = (status: number | undefined, bytes = 0): void => {
      if (told) return;
      told = true;
      call.lastEnd = Date.now();
      request.onAttempt?.({ status });
      call.tell?.({ type: 'request:end', attempt, status, bytes, ms: call.lastEnd - sent });
    };
    // An attempt given up on (its timeout, the caller's abort) ends now, not when its transfer has stopped.
    const abandoned = (): void => tell(undefined);
    signal.addEventListener('abort', abandoned, { once: true });
    const transfer = receive(input, signal).then(
      (got) => {
        tell(got.status, got.body.byteLength);
        if (signal.aborted) throw signal.reason;
        call.received = got;
        return new Response(null, { status: got.status, headers: got.headers });
      },
      (error: unknown) => {
        tell(undefined);
        throw error;
      },
    );
    // The slot is freed when the transfer has really stopped (read to the end, failed, or cancelled), not when ky gives up.
    const done = (): void => {
      live.delete(input);
      release();
    };
    transfer.then(done, done);
    return untilAborted(transfer, signal);
  };

  async function receive(input: Request, signal: AbortSignal): Promise<Received> {
    const origin = new URL(state.url).origin;
    let url = state.url;
    let response: Response;
    try {
      response = await fetchImpl(input);
      for (let hop = 0; ; hop++) {
        if (signal.aborted) throw signal.reason;
        if (response.type === 'opaqueredirect') {
          throw new RedcapHttpError(
            0,
            'the server answered with a redirect, and the browser does not reveal where to. Open `url` in a browser to see where the API moved, and use that URL.',
            '',
            request.operation,
          );
        }
        if (![301, 302, 303, 307, 308].includes(response.status)) break;
        await response.body?.cancel().catch(() => undefined);
        if (request.retry === 'never') {
          // A write that could create something twice (auto-numbering, an upload, a new DAG) is never sent again,
          // and a redirect after it may mean it was already saved.
          throw new RedcapHttpError(
            response.status,
            'the server redirected a write that must not be sent twice, so it was not re-sent; it may have been saved. Check before trying again, and use the address the API moved to as `url`.',
            '',
            request.operation,
          );
        }
        const location = response.headers.get('location');
        const target = location ? new URL(location, url) : undefined;
        if (!target || target.origin !== origin) {
          // The Location may carry the token (a proxy that copies the query): it is scrubbed like any server text.
          const where = target ? ` to ${scrub(target.href, state.token)}` : '';
          throw new RedcapHttpError(
            response.status,
            `the API moved${where}. The request was not re-sent there, so the token stayed here: if you trust that address, use it as \`url\`.`,
            '',
            request.operation,
          );
        }
        if (hop >= maxRedirects) {
          throw new RedcapHttpError(response.status, `more than ${maxRedirects} redirects; check \`url\`.`, '', request.operation);
        }
        url = target.href;
        response = await fetchImpl(
          new Request(url, {
            method: 'POST',
            body: encodeBody(wireParams(state, request), request.file),
            headers: state.headers,
            signal,
            redirect: 'manual',
          }),
        );
      }
    } catch (error) {
      throw signal.aborted || error instanceof RedcapError ? error : networkError(error);
    }
    const ok = response.status >= 200 && response.status <= 299;
    const body = await readBody(response, signal, ok ? call.maxBytes : errorBodyBytes, ok ? request.operation : undefined);
    if (!ok) return { status: response.status, headers: response.headers, body };
    const shortBy = cutShort(response.headers, body, request.csv === true);
    if (shortBy) throw transientError(`the answer was cut short on the way: ${shortBy}`);
    const rewritten = request.rewrite ? new TextEncoder().encode(request.rewrite(new TextDecoder().decode(body))) : body;
    return { status: response.status, headers: response.headers, body: rewritten };
  }

  function networkError(error: unknown): RedcapNetworkError {
    return transientError(describe(error, state.token));
  }

  /** A failure another attempt may cure: the answer was lost or damaged on the way. */
  function transientError(reason: string): RedcapNetworkError {
    const error = new RedcapNetworkError(reason, request.operation);
    transient.add(error);
    return error;
  }

  /**
   * Reads a body up to `limit` bytes (decoded: fetch has already gunzipped it). Past the
   * limit, an error answer is kept cut short, and a data answer fails: it is not retried,
   * since the next attempt would be as large. An abort cancels the body at once.
   */
  async function readBody(
    response: Response,
    signal: AbortSignal,
    limit: number,
    failPast: RedcapOperation | undefined,
  ): Promise<Uint8Array> {
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    let cancelling: Promise<void> | undefined;
    const cancel = (): Promise<void> => {
      cancelling ??= reader.cancel().catch(() => undefined);
      return cancelling;
    };
    signal.addEventListener('abort', cancel, { once: true });
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (signal.aborted) {
          await cancel();
          throw signal.reason;
        }
        if (done) break;
        if (size + value.byteLength > limit) {
          await cancel();
          if (failPast) {
            throw new RedcapResponseError(
              `larger than \`maxResponseBytes\` (${limit} bytes): export in smaller batches, or raise it.`,
              '',
              failPast,
            );
          }
          chunks.push(value.subarray(0, limit - size));
          size = limit;
          break;
        }
        chunks.push(value);
        size += value.byteLength;
      }
    } catch (error) {
      if (signal.aborted || error instanceof RedcapError) throw error;
      throw networkError(error);
    } finally {
      signal.removeEventListener('abort', cancel);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return body;
  }
}

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a;

/**
 * Why a complete-looking 2xx body is not whole, or `undefined`: fewer bytes than its
 * `Content-Length` (only comparable when the body was not decoded), or CSV that stops part
 * way through a line (REDCap ends every CSV line with `\n`; bodies that start like JSON or
 * HTML are error texts, read as such, and an empty body is REDCap's empty export).
 */
function cutShort(headers: Headers, body: Uint8Array, csv: boolean): string | undefined {
  const declared = headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && !headers.has('content-encoding') && body.byteLength < Number(declared)) {
    return `${body.byteLength} of the ${declared} bytes its Content-Length announced arrived.`;
  }
  if (!csv || body.byteLength === 0 || body[body.byteLength - 1] === 0x0a) return undefined;
  const first = body.find((byte) => !isSpace(byte));
  if (first === 0x7b || first === 0x3c) return undefined;
  return 'the CSV ends part way through a line (REDCap ends every CSV line with a line break).';
}

function wireParams(state: ClientState, request: WireRequest): Record<string, WireValue> {
  const { content, action } = request.operation;
  return {
    token: state.token,
    content,
    // Always sent: REDCap infers it for some contents, and sending it is harmless for all.
    action,
    // Errors always come back as JSON, whatever format the data is in.
    returnFormat: 'json',
    ...request.params,
  };
}

/** The answer's error, saying that the server asked for a longer wait than the call allows. */
function waitTooLong(error: RedcapError, wait: number, cap: number): RedcapError {
  error.message += ` The server asked to wait ${Math.round(wait / 1000)} s (Retry-After), longer than \`retry.maxRetryAfter\` (${cap} ms).`;
  return error;
}

/** The runtime's reason for a failed fetch, without anything that could hold the token. */
function describe(error: unknown, token: string | undefined): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return scrub(parts.filter(Boolean).join(': ') || 'the request failed', token);
}

/** Settles as `promise` does, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

import ky from 'ky';
import type { CallOptions } from '../client/options.ts';
import { stateOf, type ClientState } from '../client/state.ts';
import type { RedcapClient } from '../client/create-client.ts';
import { RedcapHttpError } from '../errors/http-error.ts';
import { RedcapNetworkError } from '../errors/network-error.ts';
import type { RedcapError, RedcapOperation } from '../errors/redcap-error.ts';
import { RedcapTimeoutError } from '../errors/timeout-error.ts';
import { encodeBody, type WireFile, type WireValue } from './encode.ts';
import { readAnswer, type Answer, type AnswerKind } from './read-answer.ts';
import { backoff, parseRetryAfter, planRetries } from './retry-policy.ts';

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
  readonly onBody?: ((bytes: number) => void) | undefined;
}

const abortedBy = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

/**
 * Sends a call, retrying as its plan allows, and returns the checked body.
 * The retry loop is ours, not ky's: REDCap reports some failures inside 200
 * bodies, so whether to retry is known only after the body is read.
 */
export async function send(client: RedcapClient, request: WireRequest, options: CallOptions = {}): Promise<unknown> {
  const state = stateOf(client);
  const plan = planRetries(options.retry, state.retry, request.retry);
  const perAttempt = options.timeout ?? state.timeout;
  const total = options.totalTimeout ?? state.totalTimeout;
  const caller = options.signal;
  caller?.throwIfAborted();

  const totalController = new AbortController();
  const totalTimer = total === false ? undefined : setTimeout(() => totalController.abort(), total);
  try {
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptOnce(state, request, perAttempt, caller, totalController.signal);
      if (outcome.ok) {
        request.onBody?.(outcome.bytes);
        return outcome.value;
      }
      if (abortedBy(caller)) throw caller!.reason;
      if (abortedBy(totalController.signal)) throw new RedcapTimeoutError(total as number, request.operation);
      if (!outcome.retryable || attempt >= plan.limit) throw outcome.error;
      await sleep(backoff(plan, attempt + 1, outcome.retryAfter), caller, totalController.signal);
      if (abortedBy(caller)) throw caller!.reason;
      if (abortedBy(totalController.signal)) throw new RedcapTimeoutError(total as number, request.operation);
    }
  } finally {
    clearTimeout(totalTimer);
  }
}

async function attemptOnce(
  state: ClientState,
  request: WireRequest,
  timeout: number | false,
  caller: AbortSignal | undefined,
  total: AbortSignal,
): Promise<Answer> {
  let release: (() => void) | undefined;
  try {
    release = await state.limiter.acquire(AbortSignal.any([total, ...(caller ? [caller] : [])]));
  } catch {
    return failure(new RedcapNetworkError('aborted', request.operation), false);
  }
  // The attempt's timeout starts once the limiter lets it go.
  const attemptController = new AbortController();
  const timer = timeout === false ? undefined : setTimeout(() => attemptController.abort(), timeout);
  const signal = AbortSignal.any([attemptController.signal, total, ...(caller ? [caller] : [])]);
  try {
    // Raced with the signal, not only passed to fetch: a fetch that ignores it, or a body that never ends, must not outlast the timeout.
    const response = await untilAborted(post(state, request, signal), signal);
    if (response instanceof RedcapHttpError) return failure(response, false);
    const answer = await untilAborted(
      readAnswer(response, {
        kind: request.answer,
        operation: request.operation,
        accept: request.accept,
        refusal: request.refusal,
        secret: state.token,
      }),
      signal,
    );
    if (response.status === 429 && !answer.ok && answer.retryable) {
      // REDCap counts requests per IP: every call of this client waits, not just this one.
      state.limiter.pause(parseRetryAfter(answer.retryAfter) ?? 1000);
    }
    return answer;
  } catch (error) {
    if (abortedBy(caller) || abortedBy(total)) return failure(new RedcapNetworkError('aborted', request.operation), false);
    if (attemptController.signal.aborted) return failure(new RedcapTimeoutError(timeout as number, request.operation), true);
    return failure(new RedcapNetworkError(describe(error, state.token), request.operation), true);
  } finally {
    clearTimeout(timer);
    release();
  }
}

const maxRedirects = 5;

/**
 * POSTs the call, following redirects only within the endpoint's origin and
 * re-sending the POST (fetch would turn a 301/302 into a GET and drop the body).
 * A redirect elsewhere is not followed, so the token never leaves for another
 * origin: the caller learns the new URL instead.
 */
async function post(state: ClientState, request: WireRequest, signal: AbortSignal): Promise<Response | RedcapHttpError> {
  let url = state.url;
  for (let hop = 0; ; hop++) {
    const response = await ky.post(url, {
      body: encodeBody(wireParams(state, request), request.file),
      headers: state.headers,
      // Looked up per call so that interceptors installed after the client (msw) still apply.
      fetch: state.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      signal,
      redirect: 'manual',
      timeout: false,
      retry: 0,
      throwHttpErrors: false,
    });
    if (response.type === 'opaqueredirect') {
      return new RedcapHttpError(
        0,
        'the server answered with a redirect, and the browser does not reveal where to. Open `url` in a browser to see where the API moved, and use that URL.',
        '',
        request.operation,
      );
    }
    if (![301, 302, 303, 307, 308].includes(response.status)) return response;
    await response.body?.cancel();
    const location = response.headers.get('location');
    const target = location ? new URL(location, url) : undefined;
    if (!target || target.origin !== new URL(state.url).origin) {
      return new RedcapHttpError(
        response.status,
        `the API moved${target ? ` to ${target.href}` : ''}. The request was not re-sent there, so the token stayed here: if you trust that address, use it as \`url\`.`,
        '',
        request.operation,
      );
    }
    if (hop >= maxRedirects)
      return new RedcapHttpError(response.status, `more than ${maxRedirects} redirects; check \`url\`.`, '', request.operation);
    url = target.href;
  }
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

function failure(error: RedcapError, retryable: boolean): Answer {
  return { ok: false, error, retryable, retryAfter: null };
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
  const text = parts.filter(Boolean).join(': ') || 'the request failed';
  return token ? text.replaceAll(token, '[token]') : text;
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

function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    const done = (): void => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}

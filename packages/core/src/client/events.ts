import { RedcapValidationError } from '../errors/validation-error.ts';
import type { RedcapOperation } from '../errors/redcap-error.ts';

/** What every event says about the call it belongs to. */
interface EventBase {
  /** The method's name, as the standalone function is named (`exportRecords`, `version`, ...). */
  readonly method: string;
  /** REDCap's `content` and `action` of the call. */
  readonly operation: RedcapOperation;
}

/** An attempt of a request is sent: its limiter slot is taken (any wait is over). */
export interface RequestStartEvent extends EventBase {
  readonly type: 'request:start';
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

/** An attempt of a request ended: answered (with any status) or not (`status` undefined). */
export interface RequestEndEvent extends EventBase {
  readonly type: 'request:end';
  readonly attempt: number;
  /** The HTTP status, or `undefined` when no answer came (connection lost, timeout, abort). */
  readonly status: number | undefined;
  /** Bytes of the answer's body as read (after gzip), 0 when none was read. */
  readonly bytes: number;
  /** Milliseconds from sending to the end of the answer (or to giving up on it). */
  readonly ms: number;
}

/** A failed attempt is tried again. Told as the retry starts, once its delay is over. */
export interface RetryEvent extends EventBase {
  readonly type: 'retry';
  /** The attempt that starts now: 2 for the first retry. */
  readonly attempt: number;
  /** Why the previous attempt failed, e.g. `HTTP 503` or `no answer within 1000 ms`. */
  readonly reason: string;
  /** Milliseconds waited since the failed attempt ended (the backoff, or the server's `Retry-After`). */
  readonly delay: number;
}

/** The client's rate limiter holds a request back. */
export interface RateLimitWaitEvent extends EventBase {
  readonly type: 'rate-limit:wait';
  /** How long the request will wait, in milliseconds, as far as is known now. */
  readonly ms: number;
  /** `per-minute`: the client's own budget (`rateLimit.perMinute`) is spent; `429`: REDCap asked every call to wait. */
  readonly reason: 'per-minute' | '429';
}

/** A batch of a batched records export or import is sent. */
export interface BatchStartEvent extends EventBase {
  readonly type: 'batch:start';
  /** 1-based number of the batch. */
  readonly batch: number;
  readonly totalBatches: number;
  /** Records in this batch. */
  readonly records: number;
}

/** A batch of a batched records export or import ended. */
export interface BatchEndEvent extends EventBase {
  readonly type: 'batch:end';
  readonly batch: number;
  readonly totalBatches: number;
  readonly records: number;
  /** Milliseconds the batch took, retries and waits included. */
  readonly ms: number;
  /** Whether the batch arrived (export) or landed (import). */
  readonly ok: boolean;
}

/**
 * What a client tells an `onEvent` observer while it works. No event carries the
 * token or a request body: only names, counts, statuses and times.
 *
 * @example
 * ```ts
 * const redcap = createRedcap({
 *   url,
 *   token,
 *   onEvent: (event) => {
 *     if (event.type === 'retry') console.error(`retrying ${event.method} (${event.reason}), attempt ${event.attempt}`);
 *     if (event.type === 'rate-limit:wait') console.error(`waiting ${event.ms} ms (${event.reason})`);
 *   },
 * });
 * ```
 */
export type RedcapEvent = RequestStartEvent | RequestEndEvent | RetryEvent | RateLimitWaitEvent | BatchStartEvent | BatchEndEvent;

/**
 * An observer of a client's or a call's {@link RedcapEvent}s. One that throws is ignored.
 *
 * @example
 * ```ts
 * const log: EventObserver = (event) => console.error(event.type, event.method);
 * await redcap.records.export({ batchSize: 1000 }, { onEvent: log });
 * ```
 */
export type EventObserver = (event: RedcapEvent) => void;

/** Checks an `onEvent` option: a function or nothing. */
export function checkObserver(path: string, value: unknown, operation: RedcapOperation): EventObserver | undefined {
  if (value === undefined || typeof value === 'function') return value as EventObserver | undefined;
  throw new RedcapValidationError(path, 'expected a function that takes an event.', operation);
}

/**
 * Tells each observer. An observer that throws is ignored: a progress display
 * failing must not fail (or half-finish) the export it watches.
 */
export function emit(observers: readonly (EventObserver | undefined)[], event: RedcapEvent): void {
  for (const observer of observers) {
    if (!observer) continue;
    try {
      observer(event);
    } catch {
      // Deliberately ignored: see above.
    }
  }
}

/**
 * Runs one batch of a batched call, telling the observers when it starts and ends.
 * Without observers it just runs the batch.
 */
export async function inBatch<T>(
  observers: readonly (EventObserver | undefined)[],
  base: { readonly method: string; readonly operation: RedcapOperation; readonly totalBatches: number },
  batch: number,
  records: number,
  run: () => Promise<T>,
): Promise<T> {
  if (!observers.some(Boolean)) return run();
  const fields = { ...base, batch, records };
  emit(observers, { type: 'batch:start', ...fields });
  const started = Date.now();
  let ok = false;
  try {
    const value = await run();
    ok = true;
    return value;
  } finally {
    emit(observers, { type: 'batch:end', ...fields, ms: Date.now() - started, ok });
  }
}

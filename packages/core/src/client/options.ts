import type { RedcapResponseError } from '../errors/response-error.ts';
import type { RateLimit } from '../request/limiter.ts';
import type { EventObserver } from './events.ts';

/** How a failed call is retried. A number is the retry limit; `false` turns retries off. */
export type RetryOption =
  | number
  | false
  | {
      /** Retries after the first attempt. @default 3 */
      readonly limit?: number;
      /** Base of the exponential backoff, in milliseconds (doubled each retry, jittered). @default 1000 */
      readonly delay?: number;
      /**
       * The longest `Retry-After` wait accepted, in milliseconds. A server asking for a
       * longer wait fails the call with its error (and a note saying so) instead of
       * stalling it and every other call of the client. @default 60000
       */
      readonly maxRetryAfter?: number;
    };

/** Options of {@link createClient} and {@link createRedcap}. */
export interface ClientOptions {
  /** The API endpoint, e.g. `https://redcap.example.edu/api/`. https unless the host is loopback. */
  readonly url: string | URL;
  /**
   * The API token: 32 hex characters (64 for a super token). `null` when the URL is a
   * same-origin endpoint of yours that adds the token on the server (a proxy, such as
   * `@redcap-sdk/proxy`). A missing key, `undefined` or an empty string is an error: the last two are what an unset
   * environment variable gives.
   */
  readonly token?: string | null;
  /** Accepts tokens of another shape, for sites that issue them. @default /^(?:[0-9A-F]{32}|[0-9A-F]{64})$/i */
  readonly tokenPattern?: RegExp;
  /** Per-attempt timeout in milliseconds, or `false`. @default 300000 (5 minutes: REDCap exports are slow) */
  readonly timeout?: number | false;
  /** Timeout for the whole call, retries and waits included, in milliseconds. @default false */
  readonly totalTimeout?: number | false;
  /** Retries of read-only calls (writes are not retried unless a call asks). @default { limit: 3, delay: 1000 } */
  readonly retry?: RetryOption;
  /**
   * The largest answer accepted, in bytes of the decoded body (after gzip): a larger
   * one fails with a {@link RedcapResponseError} and is not retried. Batched exports
   * apply it per batch. Error answers are read only up to 8 KiB whatever this says.
   * @default 268435456 (256 MiB)
   */
  readonly maxResponseBytes?: number;
  /** A fetch implementation, e.g. a simulator's `mock.fetch`. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** Extra HTTP headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The client's request budget, shared by all its calls: requests in flight and per
   * minute. REDCap bans an IP permanently past 600 requests a minute by default.
   * `false` turns the limiter off. @default { perMinute: 300, concurrency: 4 }
   */
  readonly rateLimit?: RateLimit | false;
  /** Allows a token in a browser, where every visitor of the page could read it. @default false */
  readonly dangerouslyAllowBrowser?: boolean;
  /**
   * Told what every call of the client does: attempts, retries, rate-limit waits and
   * batches (see {@link RedcapEvent}). A call's own `onEvent` is told as well, not instead.
   */
  readonly onEvent?: EventObserver;
}

/** Options of a single call; they override the client's. */
export interface CallOptions {
  /** Aborts the call; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds, or `false`. */
  readonly timeout?: number | false;
  /** Timeout for the whole call in milliseconds, or `false`. */
  readonly totalTimeout?: number | false;
  /** Retries for this call. Writes that could create a second record are never retried. */
  readonly retry?: RetryOption;
  /** The largest decoded answer accepted for each request of this call, in bytes; the client's when absent. */
  readonly maxResponseBytes?: number;
  /** Told what this call does (see {@link RedcapEvent}), besides the client's `onEvent`. */
  readonly onEvent?: EventObserver;
}

/** The names of {@link CallOptions}, for splitting them out of an import's options object. */
export const callOptionNames: readonly string[] = ['signal', 'timeout', 'totalTimeout', 'retry', 'maxResponseBytes', 'onEvent'];

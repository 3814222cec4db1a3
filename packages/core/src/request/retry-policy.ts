import type { RetryOption } from '../client/options.ts';

/** Statuses worth another attempt: the server or a proxy was busy or failed on the way. */
export const retryableStatuses: readonly number[] = [408, 429, 500, 502, 503, 504];

/** The longest `Retry-After` a call waits for unless it says otherwise: REDCap's rate limit counts per minute. */
export const defaultMaxRetryAfter = 60_000;

/** The retry limit, backoff base and `Retry-After` cap a call ends up with. */
export interface RetryPlan {
  readonly limit: number;
  readonly delay: number;
  readonly maxRetryAfter: number;
}

const defaults = { limit: 3, delay: 1000 };

/**
 * Resolves the call's retry option over the client's. Reads retry by default;
 * writes only when the call asks; writes that could create a second record never.
 * `maxRetryAfter` is resolved on its own: the client's cap holds for writes too.
 */
export function planRetries(
  callRetry: RetryOption | undefined,
  clientRetry: RetryOption | undefined,
  kind: 'read' | 'write' | 'never',
): RetryPlan {
  const capOf = (option: RetryOption | undefined): number | undefined => (typeof option === 'object' ? option.maxRetryAfter : undefined);
  const maxRetryAfter = capOf(callRetry) ?? capOf(clientRetry) ?? defaultMaxRetryAfter;
  const none = { limit: 0, delay: 0, maxRetryAfter };
  if (kind === 'never') return none;
  // The client's setting is for reads; a write is retried only when its own call asks.
  const chosen = kind === 'write' ? callRetry : (callRetry ?? clientRetry);
  if (chosen === undefined) return kind === 'read' ? { ...defaults, maxRetryAfter } : none;
  if (chosen === false) return none;
  if (typeof chosen === 'number') return { limit: chosen, delay: defaults.delay, maxRetryAfter };
  return {
    // An object that sets only the cap leaves reads at the default limit, and writes at none.
    limit: chosen.limit ?? (kind === 'write' && chosen.delay === undefined ? 0 : defaults.limit),
    delay: chosen.delay ?? defaults.delay,
    maxRetryAfter,
  };
}

const imfDate = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * `Retry-After` in milliseconds, read strictly: delay-seconds, or an IMF-fixdate
 * (RFC 9110). Anything else, such as two headers joined as `3600, 1` (which
 * `Date.parse` reads as the year 3600), counts as absent. ky reads the header
 * the same way for the wait itself; this copy decides whether the wait is too long.
 */
export function parseRetryAfter(value: string | null): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!imfDate.test(text)) return undefined;
  return Math.max(0, Date.parse(text) - Date.now());
}

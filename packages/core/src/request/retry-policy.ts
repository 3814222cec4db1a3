import type { RetryOption } from '../client/options.ts';

/** Statuses worth another attempt: the server or a proxy was busy or failed on the way. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** The retry limit and backoff base a call ends up with. */
export interface RetryPlan {
  readonly limit: number;
  readonly delay: number;
}

const defaultPlan: RetryPlan = { limit: 3, delay: 1000 };

/**
 * Resolves the call's retry option over the client's. Reads retry by default;
 * writes only when the call asks; writes that could create a second record never.
 */
export function planRetries(
  callRetry: RetryOption | undefined,
  clientRetry: RetryOption | undefined,
  kind: 'read' | 'write' | 'never',
): RetryPlan {
  if (kind === 'never') return { limit: 0, delay: 0 };
  // The client's setting is for reads; a write is retried only when its own call asks.
  const chosen = kind === 'write' ? callRetry : (callRetry ?? clientRetry);
  if (chosen === undefined) return kind === 'read' ? defaultPlan : { limit: 0, delay: 0 };
  if (chosen === false) return { limit: 0, delay: 0 };
  if (typeof chosen === 'number') return { limit: chosen, delay: defaultPlan.delay };
  return { limit: chosen.limit ?? defaultPlan.limit, delay: chosen.delay ?? defaultPlan.delay };
}

/**
 * Milliseconds to wait before retry number `retry` (1-based): the server's
 * `Retry-After` when it gave one, else exponential backoff with jitter
 * (50-100% of `delay * 2^(retry-1)`) so parallel clients do not retry in step.
 */
export function backoff(plan: RetryPlan, retry: number, retryAfter: string | null, random: () => number = Math.random): number {
  const fromServer = parseRetryAfter(retryAfter);
  if (fromServer !== undefined) return fromServer;
  const base = plan.delay * 2 ** (retry - 1);
  return Math.round(base * (0.5 + random() * 0.5));
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

import { RedcapValidationError } from '../errors/validation-error.ts';
import type { RedcapOperation } from '../errors/redcap-error.ts';
import type { RetryOption } from './options.ts';
import type { RateLimit } from '../request/limiter.ts';

/** Checks a timeout option: a positive number of milliseconds, or `false`. */
export function checkTimeout(path: string, value: unknown, operation: RedcapOperation): number | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 2_147_483_647) {
    throw new RedcapValidationError(path, 'expected a positive number of milliseconds (at most 2147483647), or false.', operation);
  }
  return value;
}

/** Checks a retry option: a limit, `false`, or `{ limit, delay }`. */
export function checkRetryOption(path: string, value: unknown, operation: RedcapOperation): RetryOption | undefined {
  if (value === undefined || value === false) return value;
  const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100;
  if (typeof value === 'number') {
    if (!isCount(value)) throw new RedcapValidationError(path, 'expected a whole number of retries from 0 to 100.', operation);
    return value;
  }
  if (typeof value !== 'object' || value === null) {
    throw new RedcapValidationError(path, 'expected a number of retries, false, or { limit, delay }.', operation);
  }
  const { limit, delay, maxRetryAfter, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw new RedcapValidationError(`${path}.${unknown}`, 'is not a retry option; use `limit`, `delay` and `maxRetryAfter`.', operation);
  if (maxRetryAfter !== undefined && (typeof maxRetryAfter !== 'number' || !(maxRetryAfter >= 0 && maxRetryAfter <= 2_147_483_647))) {
    throw new RedcapValidationError(`${path}.maxRetryAfter`, 'expected milliseconds as a number from 0 to 2147483647.', operation);
  }
  if (limit !== undefined && !isCount(limit))
    throw new RedcapValidationError(`${path}.limit`, 'expected a whole number of retries from 0 to 100.', operation);
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)) {
    throw new RedcapValidationError(`${path}.delay`, 'expected milliseconds as a number of 0 or more.', operation);
  }
  return value as RetryOption;
}

/** Checks a byte limit option: a whole number of bytes of 1 or more. */
export function checkByteLimit(path: string, value: unknown, operation: RedcapOperation): number | undefined {
  if (value === undefined) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RedcapValidationError(path, 'expected a whole number of bytes of 1 or more.', operation);
  }
  return value;
}

/** Checks the rate limit option: `false`, or `{ perMinute, concurrency }` of positive whole numbers. */
export function checkRateLimit(value: unknown, operation: RedcapOperation): RateLimit | false {
  if (value === undefined) return {};
  if (value === false) return false;
  if (typeof value !== 'object' || value === null) {
    throw new RedcapValidationError('rateLimit', 'expected false or { perMinute, concurrency }.', operation);
  }
  const { perMinute, concurrency, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw new RedcapValidationError(`rateLimit.${unknown}`, 'is not a rate limit option; use `perMinute` and `concurrency`.', operation);
  for (const [key, n] of [
    ['perMinute', perMinute],
    ['concurrency', concurrency],
  ] as const) {
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1)) {
      throw new RedcapValidationError(`rateLimit.${key}`, 'expected a whole number of 1 or more.', operation);
    }
  }
  return value as RateLimit;
}

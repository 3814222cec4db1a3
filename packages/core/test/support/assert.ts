/** Runtime-neutral assertions: the scenario suite runs in Node, Deno, Bun and in a browser page. */

import { dequal } from 'dequal';

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function show(value: unknown): string {
  try {
    // Maps and Sets as their entries, so a failure message shows what differed (JSON shows `{}`).
    return (
      JSON.stringify(value, (_k, v) =>
        typeof v === 'bigint' ? String(v) : v instanceof Map ? { Map: [...v] } : v instanceof Set ? { Set: [...v] } : v,
      ) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

export function ok(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

/**
 * Strict deep equality, as `node:assert`'s `deepStrictEqual` judges it (`Date`s by time,
 * `Map`s and `Set`s by content, a missing key unlike an `undefined` one). The comparison is
 * dequal's: `node:assert` itself cannot go into the Chromium page, and a hand-written one
 * had treated any two `Date`s, `Map`s or `Set`s as equal.
 *
 * @example
 * deepEqual(await redcap.arms.export(), [{ arm_num: 1, name: 'Arm 1' }]);
 */
export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!dequal(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function match(actual: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(actual)) throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(actual)} to match ${pattern}`);
}

/** Awaits a promise that must reject; checks the error's class and returns it. */
export async function rejects<E extends Error>(
  promise: Promise<unknown> | (() => Promise<unknown>),
  errorClass: abstract new (...args: never[]) => E,
  check?: (error: E) => void,
): Promise<E> {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await (typeof promise === 'function' ? promise() : promise) };
  } catch (error) {
    outcome = { error };
  }
  if ('value' in outcome) throw new AssertionError(`expected a ${errorClass.name}, but the call resolved to ${show(outcome.value)}`);
  if (!(outcome.error instanceof errorClass)) {
    throw new AssertionError(`expected a ${errorClass.name}, got ${(outcome.error as Error)?.name}: ${(outcome.error as Error)?.message}`);
  }
  check?.(outcome.error);
  return outcome.error;
}

/** Calls a function that must throw synchronously; checks the error's class and returns it. */
export function throws<E extends Error>(fn: () => unknown, errorClass: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof errorClass) return error;
    throw new AssertionError(`expected a ${errorClass.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
  }
  throw new AssertionError(`expected a ${errorClass.name}, but nothing was thrown`);
}

import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/**
 * The call took longer than its `timeout` (per attempt) or `totalTimeout`.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof RedcapTimeoutError) console.log(`gave up after ${error.timeout} ms`);
 * }
 * ```
 */
export class RedcapTimeoutError extends RedcapError {
  override name: 'RedcapTimeoutError' = 'RedcapTimeoutError';
  /** The limit that was reached, in milliseconds. */
  readonly timeout: number;
  /** Attempts made, retries included. */
  readonly attempts: number;
  /** Milliseconds from the first attempt to giving up, retry delays included. */
  readonly elapsed: number;

  constructor(
    timeout: number,
    operation: RedcapOperation,
    tries: { readonly attempts: number; readonly ms: number } = { attempts: 1, ms: timeout },
  ) {
    const plural = tries.attempts === 1 ? 'attempt' : 'attempts';
    super(
      `REDCap gave no answer within ${timeout} ms, ${tries.attempts} ${plural} over ${(tries.ms / 1000).toFixed(1)} s (${operation.content}/${operation.action}). Large exports are slow: raise \`timeout\`, or export in batches.`,
      operation,
    );
    this.timeout = timeout;
    this.attempts = tries.attempts;
    this.elapsed = tries.ms;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeout: this.timeout, attempts: this.attempts, elapsed: this.elapsed };
  }
}

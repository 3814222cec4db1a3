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

  constructor(timeout: number, operation: RedcapOperation) {
    super(
      `REDCap did not answer within ${timeout} ms (${operation.content}/${operation.action}). Large exports are slow: raise \`timeout\`, or export in batches.`,
      operation,
    );
    this.timeout = timeout;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeout: this.timeout };
  }
}

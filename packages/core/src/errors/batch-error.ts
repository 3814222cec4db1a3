import type { ImportErrorDetail } from './api-error.ts';
import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/**
 * One batch REDCap refused, in a batched import that went on (`continueOnError`).
 *
 * @example
 * ```ts
 * const refusal: BatchRefusal = { records: ['7'], redcapMessage: '"7","age","abc","The value of age must be an integer."', details: [] };
 * ```
 */
export interface BatchRefusal {
  /** The records of the batch: none of them landed. */
  readonly records: readonly string[];
  /** REDCap's message, verbatim. */
  readonly redcapMessage: string;
  /** REDCap's problems, one per refused value (empty for request-level refusals such as unknown fields). */
  readonly details: readonly ImportErrorDetail[];
}

/** Where each record of a batched call stands after it stopped. */
export interface BatchOutcome {
  /** Records whose batch REDCap confirmed. */
  readonly landed: readonly string[];
  /** Records of the batch REDCap refused (REDCap imports are all-or-nothing: none of them landed). */
  readonly failed: readonly string[];
  /** Records of batches whose answer never came (network, timeout): they may or may not have landed. */
  readonly uncertain: readonly string[];
  /** Records that were never sent because an earlier batch failed. */
  readonly notSent: readonly string[];
}

/**
 * A batched call stopped part way. For an import it says exactly which records
 * landed, so the caller can send only the rest; `cause` is the failed batch's own
 * error with REDCap's message, or the error `onProgress` threw. For an export it names the records REDCap left out.
 *
 * @example
 * ```ts
 * try {
 *   await redcap.records.import(rows, { batchSize: 500, continueOnError: true });
 * } catch (error) {
 *   if (error instanceof RedcapBatchError) {
 *     const rest = rows.filter((row) => !error.landed.includes(String(row.record_id)));
 *     // fix the data of error.failed, then import `rest` again
 *     for (const d of error.details) console.log(d.record, d.field, d.message);
 *   }
 * }
 * ```
 */
export class RedcapBatchError extends RedcapError implements BatchOutcome {
  override name: 'RedcapBatchError' = 'RedcapBatchError';
  readonly landed: readonly string[];
  readonly failed: readonly string[];
  readonly uncertain: readonly string[];
  readonly notSent: readonly string[];
  /** For exports: requested records that REDCap did not return. */
  readonly missing: readonly string[];
  /** For imports: every batch REDCap refused (one, or all of them with `continueOnError`). */
  readonly refusals: readonly BatchRefusal[];
  /** For imports: the problems of every refused batch, in batch order, as REDCap listed them. */
  readonly details: readonly ImportErrorDetail[];

  constructor(
    message: string,
    operation: RedcapOperation,
    outcome: Partial<BatchOutcome> & { missing?: readonly string[]; refusals?: readonly BatchRefusal[]; cause?: unknown },
  ) {
    super(message, operation, outcome.cause !== undefined ? { cause: outcome.cause } : undefined);
    this.landed = outcome.landed ?? [];
    this.failed = outcome.failed ?? [];
    this.uncertain = outcome.uncertain ?? [];
    this.notSent = outcome.notSent ?? [];
    this.missing = outcome.missing ?? [];
    this.refusals = outcome.refusals ?? [];
    this.details = this.refusals.flatMap((refusal) => refusal.details);
  }

  override toJSON(): Record<string, unknown> {
    // A callback's own error (onProgress) is the caller's: only its name and message go out.
    const cause =
      this.cause instanceof RedcapError
        ? this.cause.toJSON()
        : this.cause instanceof Error
          ? { name: this.cause.name, message: this.cause.message }
          : undefined;
    return {
      ...super.toJSON(),
      landed: this.landed,
      failed: this.failed,
      uncertain: this.uncertain,
      notSent: this.notSent,
      missing: this.missing,
      refusals: this.refusals,
      cause,
    };
  }
}

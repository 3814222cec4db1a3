import { cut } from '../internal/scrub.ts';
import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/** One problem REDCap found in imported data: a `"record","field","value","message"` line. */
export interface ImportErrorDetail {
  readonly record: string;
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

/**
 * REDCap answered, and the answer is an error: a 4xx/5xx with REDCap's error body,
 * a 200 whose body is an error text (DAG switch, rename, randomize, method-level
 * decode failures), or HTML where data was expected.
 *
 * @example
 * ```ts
 * try {
 *   await redcap.records.import([{ record_id: '1', age: 'abc' }]);
 * } catch (error) {
 *   if (error instanceof RedcapApiError) {
 *     console.log(error.status, error.redcapMessage);
 *     for (const d of error.details) console.log(d.record, d.field, d.message);
 *   }
 * }
 * ```
 */
export class RedcapApiError extends RedcapError {
  override name: 'RedcapApiError' = 'RedcapApiError';
  /** The HTTP status REDCap answered with (200 for REDCap's error-text answers). */
  readonly status: number;
  /** REDCap's own message, verbatim. */
  readonly redcapMessage: string;
  /** For import validation failures: one entry per problem REDCap listed; otherwise empty. */
  readonly details: readonly ImportErrorDetail[];

  constructor(status: number, redcapMessage: string, operation: RedcapOperation) {
    // The message quotes a few hundred characters at most: REDCap's text can list every imported value it refused.
    super(`REDCap API error ${status} (${operation.content}/${operation.action}): ${cut(redcapMessage)}`, operation);
    this.status = status;
    this.redcapMessage = redcapMessage;
    this.details = parseImportErrorDetails(redcapMessage);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, redcapMessage: this.redcapMessage, details: this.details };
  }
}

/**
 * Parses the validation lines REDCap puts in an import error: each line is four
 * double-quoted CSV cells `"record","field","value","message"` (quotes doubled
 * inside). Returns an empty list when the message is not made of such lines.
 *
 * @example
 * ```ts
 * parseImportErrorDetails('"1","age","abc","The value of age must be an integer."');
 * // [{ record: '1', field: 'age', value: 'abc', message: 'The value of age must be an integer.' }]
 * ```
 */
export function parseImportErrorDetails(message: string): ImportErrorDetail[] {
  const details: ImportErrorDetail[] = [];
  const line = /^"((?:[^"]|"")*)","((?:[^"]|"")*)","((?:[^"]|"")*)","((?:[^"]|"")*)"\s*$/;
  for (const text of message.split('\n')) {
    const match = line.exec(text.trim());
    if (!match) continue;
    const [, record, field, value, detail] = match.map((cell) => cell?.replaceAll('""', '"') ?? '');
    details.push({ record: record!, field: field!, value: value!, message: detail! });
  }
  return details;
}

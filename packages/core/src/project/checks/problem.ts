import type { ImportErrorDetail } from '../../errors/api-error.ts';

/**
 * One problem the import checks found: the `{ record, field, value, message }` of a
 * server-side {@link ImportErrorDetail}, with REDCap's own message, plus the row.
 *
 * @example
 * ```ts
 * const problem: ImportProblem = { row: 2, record: '7', field: 'age', value: 'abc', message: 'The value of age must be an integer.' };
 * ```
 */
export interface ImportProblem extends ImportErrorDetail {
  /** The row's index in the imported rows (0 = the first row; for CSV text, the first line after the header). */
  readonly row: number;
}

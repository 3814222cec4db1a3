import type { ImportProblem } from '../project/checks/problem.ts';
import type { RedcapOperation } from './redcap-error.ts';
import { RedcapValidationError } from './validation-error.ts';

/** How many problems the message quotes before "and N more". */
const SHOWN = 5;

/** One problem as the message shows it: 1-based row, as a spreadsheet counts. */
function describe(problem: ImportProblem): string {
  const where = [`row ${problem.row + 1}`];
  if (problem.record !== '') where.push(`record ${problem.record}`);
  // Values stay in `details`: like every validation error, the message does not echo them.
  if (problem.field !== '') where.push(`field ${problem.field}`);
  return `${where.join(', ')}: ${problem.message}`;
}

/**
 * The import checks refused rows before anything was sent: REDCap would have
 * refused them too. `details` lists every problem, not only the first, with the same
 * `{ record, field, value, message }` (REDCap's own texts) as a server-side
 * `RedcapApiError`, plus the row, so both kinds are handled by one code path.
 * `path` is `data`; pass `validate: false` to let REDCap judge the rows instead.
 *
 * @example
 * ```ts
 * try {
 *   await redcap.records.import(rows);
 * } catch (error) {
 *   if (error instanceof RedcapImportCheckError) {
 *     for (const d of error.details) console.log(`row ${d.row + 1}`, d.record, d.field, d.message);
 *   }
 * }
 * ```
 */
export class RedcapImportCheckError extends RedcapValidationError {
  override name: 'RedcapImportCheckError' = 'RedcapImportCheckError';
  /** Every problem found, in row order. */
  readonly details: readonly ImportProblem[];

  constructor(details: readonly ImportProblem[], operation: RedcapOperation) {
    const rows = new Set(details.map((problem) => problem.row)).size;
    const shown = details.slice(0, SHOWN).map(describe).join('; ');
    const more = details.length > SHOWN ? `; and ${details.length - SHOWN} more` : '';
    super(
      'data',
      `REDCap would refuse this import: ${details.length} problem${details.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}, nothing was sent. ${shown}${more}. Fix the rows (see \`details\`), or pass \`validate: false\` to let REDCap judge them.`,
      operation,
    );
    this.details = details;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), details: this.details };
  }
}

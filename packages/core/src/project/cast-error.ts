import { RedcapError, type RedcapOperation } from '../errors/redcap-error.ts';
import type { InvalidValue } from './cast-types.ts';

/**
 * Thrown by a cast export (`cast: true`) when values do not fit their fields
 * (`abc` in an integer field, `7` in a yes/no field): `invalid` lists every one,
 * with its record, event, instance, field, value and reason. Nothing was dropped or
 * coerced (the message names no value; `invalid` holds them); ask for `cast: { invalid: 'report' }` to get the rows with the report instead.
 *
 * @example
 * ```ts
 * try {
 *   await redcap.records.export({ cast: true });
 * } catch (error) {
 *   if (error instanceof RedcapCastError) console.table(error.invalid);
 * }
 * ```
 */
export class RedcapCastError extends RedcapError {
  override name: 'RedcapCastError' = 'RedcapCastError';
  /** Every value that does not fit its field. */
  readonly invalid: readonly InvalidValue[];

  constructor(invalid: readonly InvalidValue[], operation: RedcapOperation) {
    const first = invalid[0];
    const where = first ? ` First: record ${first.record}, field \`${first.field}\`: ${first.reason}.` : '';
    super(
      `${invalid.length} value${invalid.length === 1 ? '' : 's'} of the export do${invalid.length === 1 ? 'es' : ''} not fit ${invalid.length === 1 ? 'its field' : 'their fields'}.${where} Pass \`cast: { invalid: 'report' }\` to receive them beside the rows.`,
      operation,
    );
    this.invalid = invalid;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), invalid: this.invalid };
  }
}

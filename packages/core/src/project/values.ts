/**
 * The values a project-aware client hands out and takes in: the contract shared by
 * casting (export), uncasting (import), the pre-import checks and the generated
 * project types. REDCap itself only ever sends and accepts strings.
 */

/**
 * A REDCap missing-data code (project setting `missing_data_codes`, such as
 * `NA, Not applicable | UNK, Unknown`) found where a value was expected. Casting
 * keeps it as this distinct value, never as `null` or `NaN`, so "not asked" and
 * "asked, no answer" stay apart. Importing it sends `code` back.
 *
 * @example
 * ```ts
 * const value: MissingValue = { missing: 'UNK', label: 'Unknown' };
 * if (isMissingValue(row.age)) console.log(`age not known: ${row.age.label}`);
 * ```
 */
export interface MissingValue {
  /** The code as REDCap stores it (`UNK`). */
  readonly missing: string;
  /** The code's label from the project setting (`Unknown`). */
  readonly label: string;
}

/**
 * Tells a {@link MissingValue} apart from every other cast value.
 *
 * @example
 * ```ts
 * const ages = rows.map((row) => (isMissingValue(row.age) ? undefined : row.age));
 * ```
 */
export function isMissingValue(value: unknown): value is MissingValue {
  return typeof value === 'object' && value !== null && typeof (value as { missing?: unknown }).missing === 'string';
}

/**
 * One cast value: a number (integer, number, calc, slider and number-validated text),
 * a boolean (yesno, truefalse), a `Date` or an ISO-like string (dates, datetimes,
 * times, whichever the cast options ask for), a checkbox's selected codes (or
 * labels), a choice code (or label), other text, a missing-data code, or `null`
 * for a blank.
 *
 * @example
 * ```ts
 * const value: CastValue = new Date('2024-03-01');
 * ```
 */
export type CastValue = string | number | boolean | Date | readonly string[] | MissingValue | null;

/**
 * Values while a calculation runs, and how REDCap turns them into one another: `null` is a
 * blank (an empty field, a division by zero, a non-number in arithmetic), and blanks spread
 * through arithmetic (§5.5).
 */

/** A blank (`null`), a number, a string (a stored value or a literal) or a comparison result. */
export type Value = number | string | boolean | null;

/** REDCap's `number` validation (§5.4), which is also what counts as a number in a calculation. */
const NUMBER = /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/;

/**
 * The number a value stands for, or `null` for a blank or a non-number.
 *
 * @example
 * toNumber(' 7 '); // 7
 * toNumber('abc'); // null
 */
export function toNumber(value: Value): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = value.trim();
  return NUMBER.test(text) ? Number(text) : null;
}

/**
 * A blank, an empty string or whitespace.
 *
 * @example
 * isBlank(' '); // true
 */
export function isBlank(value: Value): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Truth as `if()`, `and`, `or` and `not` see it: blank, `0`, `'0'` and `false` are false.
 *
 * @example
 * truthy('0'); // false
 */
export function truthy(value: Value): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  const text = value.trim();
  if (text === '') return false;
  const number = toNumber(text);
  return number === null ? true : number !== 0;
}

/**
 * A finite number, or a blank for NaN and infinities (division by zero, `sqrt(-1)`).
 *
 * @example
 * finite(1 / 0); // null
 */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * `=`, `<>`, `<`, `<=`, `>`, `>=` as REDCap logic compares: numerically when both sides are
 * numbers, else as text (a blank is `''`); an ordering comparison with a blank side is false.
 *
 * @example
 * compare('5', '=', 5); // true
 * compare(null, '<', 3); // false
 */
export function compare(left: Value, op: string, right: Value): boolean {
  const a = toNumber(left);
  const b = toNumber(right);
  const numeric = a !== null && b !== null;
  const text = (value: Value): string => (value === null ? '' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  if (op === '=') return numeric ? a === b : text(left) === text(right);
  if (op === '<>') return numeric ? a !== b : text(left) !== text(right);
  if (isBlank(left) || isBlank(right)) return false;
  const order = numeric ? a - b : text(left) < text(right) ? -1 : text(left) > text(right) ? 1 : 0;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

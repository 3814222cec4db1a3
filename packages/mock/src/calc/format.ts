/** How a calculated value is stored and exported. */
import { toNumber, type Value } from './values.ts';

/**
 * The stored text of a calculation result, or `''` (blank) when it is not a finite number.
 * Whole numbers are plain (`4`, never `4.0`); others have at most 14 significant digits and no
 * trailing zeros (`3.3333333333333`), with an exponent below 1e-4 or from 1e15 on (`1.0E-5`),
 * as PHP writes a float. A comparison result is 1 or 0.
 *
 * @example
 * formatResult(22.9); // '22.9'
 * formatResult(10 / 4); // '2.5'
 * formatResult(null); // ''
 */
export function formatResult(value: Value): string {
  const number = toNumber(value);
  if (number === null) return '';
  if (Object.is(number, -0)) return '0';
  if (Number.isInteger(number) && Math.abs(number) < 1e15) return String(number);
  const exponent = Math.floor(Math.log10(Math.abs(number)));
  if (exponent < -4 || exponent >= 15) {
    const [mantissa = '', power = '0'] = number.toExponential(13).split('e');
    const trimmed = mantissa.replace(/0+$/, '').replace(/\.$/, '.0');
    const sign = power.startsWith('-') ? '-' : '+';
    return `${trimmed}E${sign}${power.replace(/^[-+]/, '')}`;
  }
  return String(Number(number.toPrecision(14)));
}

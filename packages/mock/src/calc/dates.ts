/** `datediff()`: dates as REDCap stores them (§5.4), `"today"` and `"now"`, and its units. */
import type { Value } from './values.ts';

const DAY = 86_400_000;
/** Milliseconds per unit: a year is 365.2425 days and a month 30.44 days, as REDCap's datediff() counts. */
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  y: 31_556_952_000, // 365.2425 days
  M: 2_630_016_000, // 30.44 days
  d: DAY,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
};

/**
 * Whether `unit` is one of datediff()'s: `y`, `M`, `d`, `h`, `m`, `s` (case matters: `M` months, `m` minutes).
 *
 * @example
 * isDateUnit('M'); // true
 */
export function isDateUnit(unit: string): boolean {
  return Object.hasOwn(MS_PER_UNIT, unit);
}

/** The date order of datediff()'s optional format argument. */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

/**
 * A date, datetime or time as a count of milliseconds on a wall clock without time zone,
 * or `null` when blank or unreadable. Stored values are always Y-M-D; `order` reads
 * literals written `MM-DD-YYYY` or `DD-MM-YYYY` (with `-` or `/`).
 *
 * @example
 * wallClock('2024-02-29 13:30', 'ymd', new Date()); // Date.UTC(2024, 1, 29, 13, 30)
 */
export function wallClock(value: Value, order: DateOrder, now: Date): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (text === 'today') return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  if (text === 'now') return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds());
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (time) return Date.UTC(1970, 0, 1, Number(time[1]), Number(time[2]), Number(time[3] ?? 0));
  const ymd = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const other = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  let parts: [number, number, number, number, number, number];
  if (ymd) {
    parts = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), Number(ymd[4] ?? 0), Number(ymd[5] ?? 0), Number(ymd[6] ?? 0)];
  } else if (other && order !== 'ymd') {
    const [first, second] = [Number(other[1]), Number(other[2])];
    const [month, day] = order === 'mdy' ? [first, second] : [second, first];
    parts = [Number(other[3]), month, day, Number(other[4] ?? 0), Number(other[5] ?? 0), Number(other[6] ?? 0)];
  } else {
    return null;
  }
  const [year, month, day, hour, minute, second] = parts;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return ms;
}

/**
 * datediff(d1, d2, unit, signed): `d2 - d1` in the unit, its absolute value unless `signed`;
 * blank when a date is blank or unreadable.
 *
 * @example
 * dateDiff('2024-01-01', '2024-01-31', 'd', 'ymd', false, new Date()); // 30
 */
export function dateDiff(d1: Value, d2: Value, unit: string, order: DateOrder, signed: boolean, now: Date): number | null {
  const a = wallClock(d1, order, now);
  const b = wallClock(d2, order, now);
  const perUnit = MS_PER_UNIT[unit];
  if (a === null || b === null || perUnit === undefined) return null;
  const result = (b - a) / perUnit;
  return signed ? result : Math.abs(result);
}

/** How the dates of an import are written (REDCap's `dateFormat`). */
export type ImportDateFormat = 'YMD' | 'MDY' | 'DMY';

/**
 * REDCap's message for a date or datetime it cannot read, which names the formats the
 * import's `dateFormat` accepts.
 *
 * @example
 * ```ts
 * dateMessage(false, 'MDY'); // 'Invalid date format. (NOTE: Dates must be imported here only in M/D/Y format or Y-M-D format, ...)'
 * ```
 */
export function dateMessage(withTime: boolean, dateFormat: ImportDateFormat): string {
  const ymd = withTime ? 'Y-M-D H:M[:S]' : 'Y-M-D';
  const other = dateFormat === 'MDY' ? 'M/D/Y' : 'D/M/Y';
  const formats = dateFormat === 'YMD' ? `${ymd} format` : `${other}${withTime ? ' H:M[:S]' : ''} format or ${ymd} format`;
  return `Invalid date format. (NOTE: Dates must be imported here only in ${formats}, regardless of the specific date format designated for this field.)`;
}

const TIME = String.raw`\s+(\d{1,2}):(\d{2})(?::(\d{2}))?`;
const patterns = new Map<string, RegExp>();

/** A pattern built once per shape, not once per value. */
function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    compiled = new RegExp(source);
    patterns.set(source, compiled);
  }
  return compiled;
}

/**
 * Whether REDCap reads `value` as a date (or datetime) of this kind: Y-M-D with `-` or
 * `/` always, and M/D/Y or D/M/Y when `dateFormat` says so; real calendar days only;
 * datetimes need hours and minutes, datetimes with seconds need the seconds too.
 *
 * @example
 * ```ts
 * isImportableDate('02/29/2024', 'date', 'MDY'); // true
 * isImportableDate('2023-02-29', 'date', 'YMD'); // false
 * ```
 */
export function isImportableDate(value: string, kind: 'date' | 'datetime' | 'datetime_seconds', dateFormat: ImportDateFormat): boolean {
  const time = kind === 'date' ? '' : TIME;
  const text = value.trim();
  let parts = pattern(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${time}$`).exec(text);
  let year: number;
  let month: number;
  let day: number;
  if (parts) {
    year = Number(parts[1]);
    month = Number(parts[2]);
    day = Number(parts[3]);
  } else {
    if (dateFormat === 'YMD') return false;
    parts = pattern(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${time}$`).exec(text);
    if (!parts) return false;
    year = Number(parts[3]);
    month = Number(dateFormat === 'MDY' ? parts[1] : parts[2]);
    day = Number(dateFormat === 'MDY' ? parts[2] : parts[1]);
  }
  if (!isCalendarDay(year, month, day)) return false;
  if (kind === 'date') return true;
  const [hours, minutes, seconds] = [parts[4], parts[5], parts[6]];
  if (Number(hours) > 23 || Number(minutes) > 59) return false;
  if (seconds !== undefined && Number(seconds) > 59) return false;
  return kind === 'datetime' || seconds !== undefined;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}

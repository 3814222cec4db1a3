import type { FieldDef } from '../types.ts';
import { choicesOf } from '../state/design.ts';

/** A checked value: the value to store, or the validation message. */
export type Checked = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

const GENERIC = 'The value you provided could not be validated because it does not follow the expected format. Please try again.';

const PATTERNS: Record<string, RegExp> = {
  number_1dp: /^-?\d+\.\d$/,
  number_2dp: /^-?\d+\.\d{2}$/,
  number_3dp: /^-?\d+\.\d{3}$/,
  number_4dp: /^-?\d+\.\d{4}$/,
  number_comma_decimal: /^[-+]?[0-9]*,?[0-9]+([eE][-+]?[0-9]+)?$/,
  number_1dp_comma_decimal: /^-?\d+,\d$/,
  number_2dp_comma_decimal: /^-?\d+,\d{2}$/,
  number_3dp_comma_decimal: /^-?\d+,\d{3}$/,
  number_4dp_comma_decimal: /^-?\d+,\d{4}$/,
  time_hh_mm_ss: /^(\d|[01]\d|(2[0-3]))(:[0-5]\d){2}$/,
  time_mm_ss: /^[0-5]\d:[0-5]\d$/,
  ssn: /^\d{3}-\d\d-\d{4}$/,
  mrn_10d: /^\d{10}$/,
  mrn_generic: /^[a-z0-9-_]+$/i,
  alpha_only: /^[a-z]+$/i,
  postalcode_australia: /^\d{4}$/,
  postalcode_canada: /^[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJKLMNPRSTVWXYZ]\s?\d[ABCEGHJKLMNPRSTVWXYZ]\d$/i,
  postalcode_germany: /^\d{5}$/,
  postalcode_french: /^\d{5}$/,
  postalcode_uk: /^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$/i,
  phone_australia: /^(\+?61|0)[2-478](\s?\d){8}$/,
  phone_uk: /^(\+?44|0)(\s?\d){9,10}$/,
  phone_france: /^(\+?33|0)[1-9](\s?\d{2}){4}$/,
};

/** Checks and normalises one imported value of a data field (§4.4 messages). */
export function checkFieldValue(field: FieldDef, value: string, dateFormat: 'YMD' | 'MDY' | 'DMY'): Checked {
  const name = field.field_name;
  switch (field.field_type) {
    case 'dropdown':
    case 'radio':
    case 'yesno':
    case 'truefalse':
      return choicesOf(field).some((choice) => choice.code === value) ? ok(value) : bad(`The value is not a valid category for ${name}`);
    case 'slider': {
      if (!/^[-+]?\d+(\.\d+)?$/.test(value)) return bad(`${name} must be an integer`);
      const min = field.text_validation_min === '' ? 0 : Number(field.text_validation_min);
      const max = field.text_validation_max === '' ? 100 : Number(field.text_validation_max);
      if (Number(value) < min) return bad(`${name} should not be less than the field minimum (${min})`);
      if (Number(value) > max) return bad(`${name} should not be greater than the field maximum (${max})`);
      return ok(value);
    }
    case 'text':
      return checkText(field, value, dateFormat);
    default:
      return ok(value);
  }
}

/** Checks a form status value (`0`, `1`, `2`). */
export function checkStatusValue(column: string, value: string): Checked {
  return value === '0' || value === '1' || value === '2' ? ok(value) : bad(`The value is not a valid category for ${column}`);
}

/** Checks a checkbox column value (`0` or `1`). */
export function checkCheckboxValue(column: string, value: string): Checked {
  return value === '0' || value === '1'
    ? ok(value)
    : bad(`${column} is a checkbox field and thus can only have a value of '1' (checked) or '0' (unchecked).`);
}

function checkText(field: FieldDef, value: string, dateFormat: 'YMD' | 'MDY' | 'DMY'): Checked {
  const name = field.field_name;
  const type = legacyType(field.text_validation_type_or_show_slider_number);
  if (type === '') return ok(value);
  if (type === 'integer') return /^[-+]?\b\d+\b$/.test(value) ? hardRange(field, value) : bad(`The value of ${name} must be an integer.`);
  if (type === 'number')
    return /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/.test(value) ? hardRange(field, value) : bad(`The value of ${name} must be numeric.`);
  if (type === 'email')
    return /^[^\s@()<>,;:"[\]]+@[^\s@()<>,;:"[\]]+\.[^\s@()<>,;:"[\]]+$/.test(value)
      ? ok(value)
      : bad('Email address is not properly formatted.');
  if (type === 'phone') {
    const digits = value.replace(/[\s().-]/g, '').replace(/^\+?1/, '');
    return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) ? ok(value) : bad(`${name} must be a 10-digit phone number.`);
  }
  if (type === 'zipcode') return /^\d{5}(-\d{4})?$/.test(value) ? ok(value) : bad(`${name} must be a 5 or 9 digit U.S. ZIP Code`);
  if (type === 'time')
    return /^([0-9]|[0-1][0-9]|[2][0-3]):([0-5][0-9])$/.test(value)
      ? ok(value)
      : bad('Time is not properly formatted as HH:MM (military format).');
  if (type === 'vmrn') {
    return /^[0-9]{4,9}$/.test(value)
      ? ok(value)
      : bad('Vanderbilt medical record number is not properly formatted. It should be 4- to 9-digit number (excluding leading zeros).');
  }
  if (type.startsWith('date_') || type.startsWith('datetime_')) return checkDate(type, value, dateFormat);
  const pattern = PATTERNS[type];
  if (pattern) return pattern.test(value) ? ok(value) : bad(GENERIC);
  return ok(value);
}

/**
 * A number outside the field's range imports with a warning, unless `@FORCE-MINMAX`
 * makes the range hard: then REDCap refuses it, as it refuses a slider out of range.
 */
function hardRange(field: FieldDef, value: string): Checked {
  if (!/@FORCE-MINMAX\b/.test(field.field_annotation ?? '')) return ok(value);
  const name = field.field_name;
  const min = field.text_validation_min === '' ? Number.NEGATIVE_INFINITY : Number(field.text_validation_min);
  const max = field.text_validation_max === '' ? Number.POSITIVE_INFINITY : Number(field.text_validation_max);
  if (Number(value) < min) return bad(`${name} should not be less than the field minimum (${min})`);
  if (Number(value) > max) return bad(`${name} should not be greater than the field maximum (${max})`);
  return ok(value);
}

function legacyType(type: string): string {
  if (type === 'date') return 'date_ymd';
  if (type === 'datetime') return 'datetime_ymd';
  if (type === 'datetime_seconds') return 'datetime_seconds_ymd';
  if (type === 'int') return 'integer';
  if (type === 'float') return 'number';
  return type;
}

function checkDate(type: string, value: string, dateFormat: 'YMD' | 'MDY' | 'DMY'): Checked {
  const withTime = type.startsWith('datetime_');
  const withSeconds = type.startsWith('datetime_seconds_');
  const timePart = withTime ? '\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?' : '';
  const ymd = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${timePart}$`).exec(value.trim());
  const other = dateFormat === 'YMD' ? null : new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${timePart}$`).exec(value.trim());
  let year: number | undefined;
  let month = 0;
  let day = 0;
  let time: (string | undefined)[] = [];
  if (ymd) {
    year = Number(ymd[1]);
    month = Number(ymd[2]);
    day = Number(ymd[3]);
    time = ymd.slice(4);
  } else if (other) {
    year = Number(other[3]);
    month = Number(dateFormat === 'MDY' ? other[1] : other[2]);
    day = Number(dateFormat === 'MDY' ? other[2] : other[1]);
    time = other.slice(4);
  }
  const message = dateMessage(withTime, dateFormat);
  if (year === undefined || !validDay(year, month, day)) return bad(message);
  const pad = (n: number): string => String(n).padStart(2, '0');
  let stored = `${year}-${pad(month)}-${pad(day)}`;
  if (withTime) {
    const [hours, minutes, seconds] = time.map((part) => (part === undefined ? undefined : Number(part)));
    if (hours === undefined || minutes === undefined || hours > 23 || minutes > 59) return bad(message);
    if (seconds !== undefined && seconds > 59) return bad(message);
    stored += ` ${pad(hours)}:${pad(minutes)}`;
    if (withSeconds) {
      if (seconds === undefined) return bad(message);
      stored += `:${pad(seconds)}`;
    }
  }
  return ok(stored);
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (days[month - 1] as number);
}

function dateMessage(withTime: boolean, dateFormat: 'YMD' | 'MDY' | 'DMY'): string {
  const ymd = withTime ? 'Y-M-D H:M[:S]' : 'Y-M-D';
  const formats =
    dateFormat === 'YMD'
      ? `${ymd} format`
      : `${dateFormat === 'MDY' ? 'M/D/Y' : 'D/M/Y'}${withTime ? ' H:M[:S]' : ''} format or ${ymd} format`;
  return `Invalid date format. (NOTE: Dates must be imported here only in ${formats}, regardless of the specific date format designated for this field.)`;
}

function ok(value: string): Checked {
  return { ok: true, value };
}

function bad(message: string): Checked {
  return { ok: false, message };
}

import { choiceCodes } from './choices.ts';
import { isImportableDate, dateMessage, type ImportDateFormat } from './dates.ts';
import type { CheckField } from './shape.ts';

/** Checks one non-blank value of a field: REDCap's message when it refuses it, `undefined` when it takes it. */
export type ValueCheck = (value: string) => string | undefined;

const GENERIC = 'The value you provided could not be validated because it does not follow the expected format. Please try again.';

/** The validation types REDCap refuses with its generic message, by their patterns (`redcap_validation_types`). */
const FORMATS: Readonly<Record<string, RegExp>> = {
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

/** Names REDCap still stores for old dictionaries, and the types they mean. */
const LEGACY: Readonly<Record<string, string>> = {
  date: 'date_ymd',
  datetime: 'datetime_ymd',
  datetime_seconds: 'datetime_seconds_ymd',
  int: 'integer',
  float: 'number',
};

const INTEGER = /^[-+]?\b\d+\b$/;
const NUMBER = /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/;
const EMAIL = /^[^\s@()<>,;:"[\]]+@[^\s@()<>,;:"[\]]+\.[^\s@()<>,;:"[\]]+$/;
const ZIPCODE = /^\d{5}(-\d{4})?$/;
const TIME = /^([0-9]|[0-1][0-9]|[2][0-3]):([0-5][0-9])$/;
const VMRN = /^[0-9]{4,9}$/;
const SLIDER = /^[-+]?\d+(\.\d+)?$/;

/**
 * The check of one data field's values, built once per field so a cell costs one
 * call: choices become a Set, patterns are compiled ahead. Missing-data codes pass
 * unless the field carries `@NOMISSING`. Returns `undefined` for fields whose values
 * REDCap takes as they come (plain text, notes, calc and file fields, which it ignores).
 *
 * @example
 * ```ts
 * const check = valueCheck({ field_name: 'age', form_name: 'f', field_type: 'text', text_validation_type_or_show_slider_number: 'integer' }, 'YMD', new Set());
 * check?.('abc'); // 'The value of age must be an integer.'
 * ```
 */
export function valueCheck(field: CheckField, dateFormat: ImportDateFormat, missingCodes: ReadonlySet<string>): ValueCheck | undefined {
  const check = baseCheck(field, dateFormat);
  if (!check || missingCodes.size === 0 || /@NOMISSING\b/.test(field.field_annotation ?? '')) return check;
  return (value) => (missingCodes.has(value) ? undefined : check(value));
}

function baseCheck(field: CheckField, dateFormat: ImportDateFormat): ValueCheck | undefined {
  const name = field.field_name;
  switch (field.field_type) {
    case 'dropdown':
    case 'radio':
    case 'yesno':
    case 'truefalse': {
      const codes = new Set(choiceCodes(field));
      const message = `The value is not a valid category for ${name}`;
      return (value) => (codes.has(value) ? undefined : message);
    }
    case 'slider':
      return sliderCheck(field);
    case 'text':
      return textCheck(field, dateFormat);
    default:
      return undefined;
  }
}

/** Sliders are always range-checked (0 to 100 unless the dictionary says otherwise): REDCap's hard check. */
function sliderCheck(field: CheckField): ValueCheck {
  const name = field.field_name;
  const min = field.text_validation_min ? Number(field.text_validation_min) : 0;
  const max = field.text_validation_max ? Number(field.text_validation_max) : 100;
  return (value) => {
    if (!SLIDER.test(value)) return `${name} must be an integer`;
    return rangeMessage(name, Number(value), min, max);
  };
}

function rangeMessage(name: string, value: number, min: number, max: number): string | undefined {
  if (value < min) return `${name} should not be less than the field minimum (${min})`;
  if (value > max) return `${name} should not be greater than the field maximum (${max})`;
  return undefined;
}

function textCheck(field: CheckField, dateFormat: ImportDateFormat): ValueCheck | undefined {
  const name = field.field_name;
  const given = field.text_validation_type_or_show_slider_number ?? '';
  const type = LEGACY[given] ?? given;
  const matches =
    (regex: RegExp, message: string): ValueCheck =>
    (value) =>
      regex.test(value) ? undefined : message;
  switch (type) {
    case '':
      return undefined;
    case 'integer':
      return withHardRange(field, matches(INTEGER, `The value of ${name} must be an integer.`));
    case 'number':
      return withHardRange(field, matches(NUMBER, `The value of ${name} must be numeric.`));
    case 'email':
      return matches(EMAIL, 'Email address is not properly formatted.');
    case 'phone': {
      const message = `${name} must be a 10-digit phone number.`;
      return (value) => (/^[2-9]\d{2}[2-9]\d{6}$/.test(value.replace(/[\s().-]/g, '').replace(/^\+?1/, '')) ? undefined : message);
    }
    case 'zipcode':
      return matches(ZIPCODE, `${name} must be a 5 or 9 digit U.S. ZIP Code`);
    case 'time':
      return matches(TIME, 'Time is not properly formatted as HH:MM (military format).');
    case 'vmrn':
      return matches(
        VMRN,
        'Vanderbilt medical record number is not properly formatted. It should be 4- to 9-digit number (excluding leading zeros).',
      );
    default:
      break;
  }
  const date = /^(date|datetime|datetime_seconds)_(ymd|mdy|dmy)$/.exec(type);
  if (date) {
    const kind = date[1] as 'date' | 'datetime' | 'datetime_seconds';
    const message = dateMessage(kind !== 'date', dateFormat);
    return (value) => (isImportableDate(value, kind, dateFormat) ? undefined : message);
  }
  const format = FORMATS[type];
  // A site's own validation type: REDCap checks it with a pattern only the server knows.
  return format ? matches(format, GENERIC) : undefined;
}

/** `@FORCE-MINMAX` turns a number field's soft range (a warning, the value imported) into a hard one. */
function withHardRange(field: CheckField, check: ValueCheck): ValueCheck {
  if (!/@FORCE-MINMAX\b/.test(field.field_annotation ?? '')) return check;
  const min = field.text_validation_min ? Number(field.text_validation_min) : Number.NEGATIVE_INFINITY;
  const max = field.text_validation_max ? Number(field.text_validation_max) : Number.POSITIVE_INFINITY;
  const name = field.field_name;
  return (value) =>
    check(value) ?? rangeMessage(name, Number(value), Number.isNaN(min) ? -Infinity : min, Number.isNaN(max) ? Infinity : max);
}

import type { FieldKind } from '@redcap-sdk/core';

/** The dictionary columns a field's type is read from. */
export interface KindSource {
  readonly field_type: string;
  readonly text_validation_type_or_show_slider_number: string;
}

const textKinds: Readonly<Record<string, FieldKind>> = {
  integer: 'number',
  int: 'number',
  number: 'number',
  float: 'number',
  date: 'date',
  datetime: 'datetime',
  datetime_seconds: 'datetime_seconds',
  time: 'time',
  time_hh_mm_ss: 'time',
  time_mm_ss: 'time_mm_ss',
};

/**
 * How `redcap typegen` types a field's values, from its dictionary row; `undefined` for
 * fields that hold no data (descriptive). Number validations with any decimals or a comma
 * decimal are numbers; dates in any display order are `date`/`datetime`, since REDCap
 * exports them ISO-like whatever the display format.
 *
 * @example
 * ```ts
 * fieldKind({ field_type: 'text', text_validation_type_or_show_slider_number: 'date_dmy' }); // 'date'
 * ```
 */
export function fieldKind(field: KindSource): FieldKind | undefined {
  switch (field.field_type) {
    case 'descriptive':
      return undefined;
    case 'calc':
    case 'slider':
      return 'number';
    case 'yesno':
    case 'truefalse':
      return 'boolean';
    case 'dropdown':
    case 'radio':
      return 'choice';
    case 'checkbox':
      return 'checkbox';
    case 'file':
      return 'file';
    case 'text': {
      const type = field.text_validation_type_or_show_slider_number;
      if (/^number(_\ddp)?(_comma_decimal)?$/.test(type)) return 'number';
      const dated = /^(date|datetime|datetime_seconds)_(ymd|mdy|dmy)$/.exec(type);
      if (dated) return dated[1] as FieldKind;
      return textKinds[type] ?? 'text';
    }
    default:
      return 'text';
  }
}

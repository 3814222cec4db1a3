import { DESIGN_RIGHTS_MESSAGE, PRODUCTION_MESSAGE } from './design-messages.ts';
import { fieldOf, refreshDesign } from '../state/design.ts';
import { respondCount, decodeDesignRows, notInFormat } from '../wire/import-data.ts';
import type { RequestContext } from '../context.ts';
import type { FieldDef } from '../types.ts';
import { fail } from '../wire/respond.ts';

/** The field types of a data dictionary (§5.2). */
export const FIELD_TYPES: ReadonlySet<string> = new Set([
  'text',
  'notes',
  'dropdown',
  'radio',
  'checkbox',
  'yesno',
  'truefalse',
  'calc',
  'slider',
  'file',
  'descriptive',
  'sql',
]);

/** The text validation types of REDCap 15.7.6 (§5.4), with the legacy names it normalises. */
export const VALIDATION_TYPES: ReadonlySet<string> = new Set([
  'date_ymd',
  'date_mdy',
  'date_dmy',
  'datetime_ymd',
  'datetime_mdy',
  'datetime_dmy',
  'datetime_seconds_ymd',
  'datetime_seconds_mdy',
  'datetime_seconds_dmy',
  'email',
  'integer',
  'number',
  'phone',
  'time',
  'time_hh_mm_ss',
  'zipcode',
  'alpha_only',
  'mrn_10d',
  'mrn_generic',
  'number_1dp',
  'number_2dp',
  'number_3dp',
  'number_4dp',
  'number_comma_decimal',
  'number_1dp_comma_decimal',
  'number_2dp_comma_decimal',
  'number_3dp_comma_decimal',
  'number_4dp_comma_decimal',
  'phone_australia',
  'phone_uk',
  'phone_france',
  'postalcode_australia',
  'postalcode_canada',
  'postalcode_germany',
  'postalcode_uk',
  'postalcode_french',
  'ssn',
  'time_mm_ss',
  'vmrn',
]);

const LEGACY_VALIDATION: Readonly<Record<string, string>> = {
  date: 'date_ymd',
  datetime: 'datetime_ymd',
  datetime_seconds: 'datetime_seconds_ymd',
  int: 'integer',
  float: 'number',
};

const RESERVED = new Set([
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
  'redcap_csrf_token',
]);

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Checks a data dictionary as REDCap's validator does, for the rules that matter most
 * (§5.7): names, uniqueness, reserved names, field types, choices, validation types,
 * contiguous instruments, record-id field first. Returns the messages (empty: valid).
 */
export function checkDictionary(fields: readonly FieldDef[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const forms = fields.map((field) => field.form_name);
  const finished = new Set<string>();
  fields.forEach((field, index) => {
    const name = field.field_name;
    const where = `(row ${index + 1})`;
    if (!NAME.test(name)) {
      errors.push(
        `The variable name "${name}" ${where} is not valid: variable names may only contain lower-case letters, numbers and underscores, and must begin with a letter.`,
      );
    } else if (name.length > 100) {
      errors.push(`The variable name "${name}" ${where} is longer than 100 characters.`);
    }
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
    if (RESERVED.has(name) || forms.some((form) => name === `${form}_complete` || name === `${form}_timestamp`)) {
      errors.push(`The variable name "${name}" ${where} is a reserved name and cannot be used.`);
    }
    if (!NAME.test(field.form_name)) {
      errors.push(
        `The form name "${field.form_name}" ${where} is not valid: form names may only contain lower-case letters, numbers and underscores, and must begin with a letter.`,
      );
    }
    if (index > 0 && forms[index - 1] !== field.form_name) {
      finished.add(forms[index - 1] as string);
      if (finished.has(field.form_name))
        errors.push(`The fields of the form "${field.form_name}" ${where} are not all together: every form's fields must be adjacent.`);
    }
    if (!FIELD_TYPES.has(field.field_type)) {
      errors.push(`The field type "${field.field_type}" of the variable "${name}" ${where} is not a valid field type.`);
      return;
    }
    const choices = field.select_choices_or_calculations.trim();
    if ((field.field_type === 'dropdown' || field.field_type === 'radio' || field.field_type === 'checkbox') && choices === '') {
      errors.push(`The variable "${name}" ${where} is a multiple choice field (${field.field_type}) but has no choices.`);
    }
    if (field.field_type === 'calc' && choices === '') errors.push(`The calculated field "${name}" ${where} has no calculation.`);
    const validation = field.text_validation_type_or_show_slider_number;
    if (field.field_type === 'text' && validation !== '' && !VALIDATION_TYPES.has(validation) && !(validation in LEGACY_VALIDATION)) {
      errors.push(`The validation type "${validation}" of the variable "${name}" ${where} is not a valid validation type.`);
    }
    for (const [column, value] of [
      ['identifier', field.identifier],
      ['required_field', field.required_field],
      ['matrix_ranking', field.matrix_ranking],
    ] as const) {
      if (value !== '' && value.toLowerCase() !== 'y')
        errors.push(`The value "${value}" in the column ${column} of the variable "${name}" ${where} must be "y" or blank.`);
    }
  });
  for (const name of duplicates) errors.push(`The variable name "${name}" is used more than once: variable names must be unique.`);
  const first = fields[0];
  if (first && first.field_type !== 'text') {
    errors.push(
      `The first field "${first.field_name}" is the record identifier field and must be a text field (it is a ${first.field_type} field).`,
    );
  }
  return errors;
}

/** A dictionary row as stored: choices joined with `|`, legacy validation names normalised, flags lower-case. */
function normalise(field: FieldDef): FieldDef {
  const validation = field.text_validation_type_or_show_slider_number;
  return {
    ...field,
    select_choices_or_calculations: ['dropdown', 'radio', 'checkbox'].includes(field.field_type)
      ? field.select_choices_or_calculations.replace(/\r?\n|\\n/g, '|')
      : field.select_choices_or_calculations,
    text_validation_type_or_show_slider_number: LEGACY_VALIDATION[validation] ?? validation,
    identifier: field.identifier.toLowerCase(),
    required_field: field.required_field.toLowerCase(),
    matrix_ranking: field.matrix_ranking.toLowerCase(),
  };
}

/**
 * Import Metadata (§2.14, §5.7): development only; replaces the whole data dictionary after
 * checking it; answers the number of fields as a bare number. Instruments follow the
 * fields; a new instrument is labelled from its name and designated for no event.
 */
export function importMetadata(context: RequestContext): Response {
  const { state, user } = context;
  if (Number(state.info.in_production) > 0) throw fail(400, PRODUCTION_MESSAGE);
  if (!user.rights.design) throw fail(400, DESIGN_RIGHTS_MESSAGE);
  const rows = decodeDesignRows(context, 'records');
  if (!rows) return notInFormat(context);
  const fields = rows.map((row) =>
    fieldOf(
      new Map(
        [...row].map(([key, value]) => [
          key.trim(),
          key.trim() === 'field_name' || key.trim() === 'form_name' || key.trim() === 'field_type' ? value.trim() : value,
        ]),
      ),
    ),
  );
  if (fields.length === 0) throw fail(400, 'The data dictionary is empty: it must contain at least the record identifier field.');
  const errors = checkDictionary(fields);
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  state.fields = fields.map(normalise);
  refreshDesign(state);
  context.log('Upload data dictionary (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, fields.length);
}

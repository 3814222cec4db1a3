import { checkboxColumn, choiceCodes } from './choices.ts';
import type { ImportDateFormat } from './dates.ts';
import { valueCheck, type ValueCheck } from './field-values.ts';
import type { CheckableProject } from './shape.ts';

/** What one column of flat import data means to REDCap. */
export type Column =
  | { readonly kind: 'special' | 'recordId' }
  | { readonly kind: 'timestamp'; readonly form: string }
  | { readonly kind: 'data'; readonly form: string; readonly check: ValueCheck | undefined; readonly ignored: boolean };

const SPECIAL = [
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
];

const STATUS = new Set(['0', '1', '2']);
const CHECKBOX = new Set(['0', '1']);

const cache = new WeakMap<CheckableProject, Map<ImportDateFormat, Map<string, Column>>>();

/**
 * Every column name flat data may carry, with its form and the check of its values:
 * the fields (checkboxes as one column per option, bare names unknown), each form's
 * `_complete` and `_timestamp`, and REDCap's own columns. Descriptive fields are absent:
 * REDCap calls them unknown. Built once per project and date format.
 *
 * @example
 * ```ts
 * columnsOf(project, 'YMD').get('age')?.kind; // 'data'
 * ```
 */
export function columnsOf(project: CheckableProject, dateFormat: ImportDateFormat): ReadonlyMap<string, Column> {
  let byFormat = cache.get(project);
  if (!byFormat) {
    byFormat = new Map();
    cache.set(project, byFormat);
  }
  const cached = byFormat.get(dateFormat);
  if (cached) return cached;
  const columns = new Map<string, Column>(SPECIAL.map((name) => [name, { kind: 'special' }]));
  for (const form of project.forms) {
    const message = `The value is not a valid category for ${form}_complete`;
    columns.set(`${form}_complete`, { kind: 'data', form, ignored: false, check: (value) => (STATUS.has(value) ? undefined : message) });
    columns.set(`${form}_timestamp`, { kind: 'timestamp', form });
  }
  const missing = new Set(project.missingDataCodes);
  for (const field of project.fields) {
    const form = field.form_name;
    if (field.field_type === 'descriptive') continue;
    if (field.field_name === project.recordIdField) {
      columns.set(field.field_name, { kind: 'recordId' });
    } else if (field.field_type === 'checkbox') {
      for (const code of choiceCodes(field)) {
        const column = checkboxColumn(field.field_name, code);
        const message = `${column} is a checkbox field and thus can only have a value of '1' (checked) or '0' (unchecked).`;
        columns.set(column, { kind: 'data', form, ignored: false, check: (value) => (CHECKBOX.has(value) ? undefined : message) });
      }
    } else {
      // Calc and file fields are accepted and ignored: REDCap recalculates the one and uploads the other apart.
      const ignored = field.field_type === 'calc' || field.field_type === 'file';
      columns.set(field.field_name, { kind: 'data', form, ignored, check: ignored ? undefined : valueCheck(field, dateFormat, missing) });
    }
  }
  byFormat.set(dateFormat, columns);
  return columns;
}

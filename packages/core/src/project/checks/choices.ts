import type { CheckField } from './shape.ts';

/**
 * The choice codes of a dropdown, radio or checkbox field (`1, Yes | 2, No`: split on
 * `|`, then on the first comma, so labels keep their commas), and the implied codes of
 * yes/no and true/false fields.
 *
 * @example
 * ```ts
 * choiceCodes({ field_name: 'sex', form_name: 'f', field_type: 'radio', select_choices_or_calculations: '0, Female | 1, Male' }); // ['0', '1']
 * ```
 */
export function choiceCodes(field: CheckField): string[] {
  if (field.field_type === 'yesno' || field.field_type === 'truefalse') return ['1', '0'];
  if (field.field_type !== 'dropdown' && field.field_type !== 'radio' && field.field_type !== 'checkbox') return [];
  const codes: string[] = [];
  // Stored choices are separated by `|` in exports; an uploaded dictionary may still carry the stored `\n`.
  for (const part of (field.select_choices_or_calculations ?? '').split(/\||\\n/)) {
    const comma = part.indexOf(',');
    const code = (comma === -1 ? part : part.slice(0, comma)).trim();
    if (code !== '') codes.push(code);
  }
  return codes;
}

/**
 * The column of one checkbox option, as REDCap names it: `<field>___<code>`, the code
 * lower-cased, `-` and `.` turned into `_`, other characters dropped.
 *
 * @example
 * ```ts
 * checkboxColumn('race', '-1'); // 'race____1'
 * ```
 */
export function checkboxColumn(field: string, code: string): string {
  return `${field}___${code
    .toLowerCase()
    .replace(/[-.]/g, '_')
    .replace(/[^a-z0-9_]/g, '')}`;
}

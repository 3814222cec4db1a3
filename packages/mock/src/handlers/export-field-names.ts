import { missingDataCodes } from '../state/missing-codes.ts';
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { checkboxCode, choicesOf } from '../state/design.ts';
import { stringParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { csvTable, fail, respondIn } from '../wire/respond.ts';
import { xmlItems } from '../wire/xml.ts';

interface FieldNameRow {
  original_field_name: string;
  choice_value: string;
  export_field_name: string;
}

/**
 * Export List of Export Field Names (§2.8): one row per export column in dictionary order,
 * checkbox fields one per choice (and per missing-data code unless `@NOMISSING`), each
 * instrument's status field after its fields; file and descriptive fields left out.
 */
export function exportFieldNames(context: RequestContext): Response {
  const { state, params } = context;
  const only = stringParam(params, 'field') ?? '';
  const statusFields = new Set(state.forms.map((form) => `${form.name}_complete`));
  if (only !== '' && !state.fieldByName.has(only) && !statusFields.has(only)) throw fail(400, 'Invalid field');
  const codes = missingDataCodes(state);
  const rows: FieldNameRow[] = [];
  for (const form of state.forms) {
    for (const field of state.fields) {
      if (field.form_name !== form.name || field.field_type === 'file' || field.field_type === 'descriptive') continue;
      const name = field.field_name;
      if (field.field_type !== 'checkbox') {
        rows.push({ original_field_name: name, choice_value: '', export_field_name: name });
        continue;
      }
      for (const choice of choicesOf(field))
        rows.push({ original_field_name: name, choice_value: choice.code, export_field_name: `${name}___${checkboxCode(choice.code)}` });
      if (!/@NOMISSING\b/.test(field.field_annotation)) {
        for (const code of codes)
          rows.push({ original_field_name: name, choice_value: code, export_field_name: `${name}___${checkboxCode(code)}` });
      }
    }
    const status = `${form.name}_complete`;
    rows.push({ original_field_name: status, choice_value: '', export_field_name: status });
  }
  const selected = only === '' ? rows : rows.filter((row) => row.original_field_name === only);
  context.log('Download export field names (API)', only === '' ? '' : `field = '${only}'`);
  const columns = ['original_field_name', 'choice_value', 'export_field_name'] as const;
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(selected),
    csv: () =>
      csvTable(
        columns,
        selected.map((row) => columns.map((column) => row[column])),
      ),
    xml: () =>
      `${xmlItems(
        'fields',
        selected.map((row) => columns.map((column) => [column, row[column]] as const)),
        'field',
      )}\n`,
  });
}

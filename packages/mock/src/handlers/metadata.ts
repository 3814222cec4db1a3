import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { METADATA_COLUMNS } from '../types.ts';
import { csvTable } from '../wire/respond.ts';
import { arrayParam, listParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { respondIn } from '../wire/respond.ts';
import { xmlItems } from '../wire/xml.ts';

/** Export Metadata (§2.14, §5): all 18 columns as strings; `fields` and `forms` are OR-combined; JSON items joined by `,\n`. */
export function exportMetadata(context: RequestContext): Response {
  const { state, params } = context;
  const fields = new Set(listParam(params, 'fields')?.items ?? []);
  const forms = new Set((arrayParam(params, 'forms') ?? []).filter((name) => name !== ''));
  const filtered = fields.size > 0 || forms.size > 0;
  const rows = state.fields.filter((field) => !filtered || fields.has(field.field_name) || forms.has(field.form_name));
  context.log('Download data dictionary (API)', '');
  return respondIn(outputFormat(context), {
    // REDCap writes the dictionary one field per line.
    json: () => `[${rows.map((row) => phpJsonEncode(row)).join(',\n')}]`,
    csv: () =>
      csvTable(
        METADATA_COLUMNS,
        rows.map((row) => METADATA_COLUMNS.map((column) => row[column])),
      ),
    xml: () =>
      xmlItems(
        'records',
        rows.map((row) => METADATA_COLUMNS.map((column) => [column, row[column]] as const)),
      ),
  });
}

import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { stripHtml } from '../wire/html.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { respondIn } from '../wire/respond.ts';
import { xmlItems } from '../wire/xml.ts';

/** Export Instruments (§2.11): project order, labels without HTML; CSV labels always quoted. */
export function exportInstruments(context: RequestContext): Response {
  const { state } = context;
  const rows = state.forms.map((form) => ({ instrument_name: form.name, instrument_label: stripHtml(form.label) }));
  context.log('Export instruments (API)', `project_id = ${String(state.info.project_id)}`);
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(rows),
    // REDCap quotes every label here, needed or not (not fputcsv).
    csv: () =>
      `instrument_name,instrument_label\n${rows.map((row) => `${row.instrument_name},"${row.instrument_label.replace(/"/g, '""')}"\n`).join('')}`,
    xml: () =>
      `${xmlItems(
        'instruments',
        rows.map(
          (row) =>
            [
              ['instrument_name', row.instrument_name],
              ['instrument_label', row.instrument_label],
            ] as const,
        ),
      )}\n`,
  });
}

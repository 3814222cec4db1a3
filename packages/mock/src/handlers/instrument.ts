import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { stripHtml } from '../store.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { respond } from '../wire/respond.ts';
import { xmlItems } from '../wire/xml.ts';

/** Export Instruments (§2.11): project order, labels without HTML; CSV labels always quoted. */
export function exportInstruments(context: RequestContext): Response {
  const { state } = context;
  const rows = state.forms.map((form) => ({ instrument_name: form.name, instrument_label: stripHtml(form.label) }));
  context.log('Export instruments (API)', `project_id = ${String(state.info.project_id)}`);
  const format = outputFormat(context);
  if (format === 'json') return respond(phpJsonEncode(rows), 'json');
  if (format === 'csv') {
    const lines = rows.map((row) => `${row.instrument_name},"${row.instrument_label.replace(/"/g, '""')}"\n`).join('');
    return respond(`instrument_name,instrument_label\n${lines}`, 'csv');
  }
  return respond(
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
    'xml',
  );
}

import { DESIGN_RIGHTS_MESSAGE, PRODUCTION_MESSAGE } from './design-messages.ts';
import { refreshDesign } from '../state/design.ts';
import { respondCount, decodeDesignRows, notInFormat } from '../wire/import-data.ts';
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { listParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { csvTable, fail, respondIn } from '../wire/respond.ts';
import { XML_DECLARATION } from '../wire/xml.ts';

/**
 * Export Instrument-Event Mappings (§2.12): longitudinal only; `arms` as an array or a comma
 * list; `arm_num` a number; no designation at all gives one all-blank row.
 */
export function exportInstrumentEventMappings(context: RequestContext): Response {
  const { state, params } = context;
  if (!state.longitudinal) throw fail(400, 'You cannot export form/event mappings for classic projects');
  const arms = listParam(params, 'arms')?.items;
  const rows: { arm_num: number | ''; unique_event_name: string; form: string }[] = [];
  for (const event of state.events) {
    if (arms && !arms.includes(String(event.armNum))) continue;
    for (const form of state.forms) {
      if (state.formEvents.get(event.uniqueName)?.has(form.name))
        rows.push({ arm_num: event.armNum, unique_event_name: event.uniqueName, form: form.name });
    }
  }
  if (rows.length === 0) rows.push({ arm_num: '', unique_event_name: '', form: '' });
  context.log('Export instrument-event mappings (API)', `project_id = ${String(state.info.project_id)}`);
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(rows),
    csv: () =>
      csvTable(
        ['arm_num', 'unique_event_name', 'form'],
        rows.map((row) => [String(row.arm_num), row.unique_event_name, row.form]),
      ),
    // REDCap writes these values bare, without CDATA.
    xml: () =>
      `${XML_DECLARATION}\n<items>\n${rows
        .map(
          (row) =>
            `<item><arm_num>${row.arm_num}</arm_num><unique_event_name>${row.unique_event_name}</unique_event_name><form>${row.form}</form></item>\n`,
        )
        .join('')}</items>\n`,
  });
}

/**
 * Import Instrument-Event Mappings (§2.12): development only; replaces every designation
 * with the rows given; rows naming unknown events or instruments are dropped without an
 * error. Answers the number of designations saved.
 */
export function importInstrumentEventMappings(context: RequestContext): Response {
  const { state, user } = context;
  if (Number(state.info.in_production) > 0) throw fail(400, PRODUCTION_MESSAGE);
  if (!user.rights.design) throw fail(400, DESIGN_RIGHTS_MESSAGE);
  const rows = decodeDesignRows(context, 'items');
  if (!rows) return notInFormat(context);
  const mapping = new Map<string, Set<string>>(state.events.map((event) => [event.uniqueName, new Set<string>()]));
  let count = 0;
  for (const row of rows) {
    const designated = mapping.get(row.get('unique_event_name') ?? '');
    const form = row.get('form') ?? '';
    if (!designated || !state.formByName.has(form) || designated.has(form)) continue;
    designated.add(form);
    count++;
  }
  // A classic project keeps its one hidden event with every instrument.
  if (state.longitudinal) {
    state.formEvents = mapping;
    refreshDesign(state);
  }
  context.log('Import instrument-event mappings (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, count);
}

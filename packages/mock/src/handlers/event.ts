import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { csvTable, fail, respond } from '../wire/respond.ts';
import { listParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { xmlItems } from '../wire/xml.ts';

/** Export Events (§2.7): longitudinal projects only; `arms` as array or comma list. */
export function exportEvents(context: RequestContext): Response {
  const { state, params } = context;
  if (!state.longitudinal) throw fail(400, 'You cannot export events for classic projects');
  const arms = listParam(params, 'arms')?.items;
  const scheduling = Number(state.info.scheduling_enabled) === 1;
  const rows = state.events
    .filter((event) => !arms || arms.includes(String(event.armNum)))
    .map((event) => {
      const row: Record<string, string | number> = { event_name: event.name, arm_num: event.armNum };
      if (scheduling) {
        row.day_offset = event.dayOffset;
        row.offset_min = event.offsetMin;
        row.offset_max = event.offsetMax;
      }
      row.unique_event_name = event.uniqueName;
      row.custom_event_label = event.customLabel;
      row.event_id = event.id;
      return row;
    });
  context.log('Export events (API)', '');
  const format = outputFormat(context);
  if (format === 'json') return respond(phpJsonEncode(rows), 'json');
  const header = rows[0] ? Object.keys(rows[0]) : ['event_name', 'arm_num', 'unique_event_name', 'custom_event_label', 'event_id'];
  if (format === 'csv') return respond(csvTable(header, rows.map((row) => header.map((key) => String(row[key])))), 'csv');
  return respond(xmlItems('events', rows.map((row) => header.map((key) => [key, String(row[key])] as const))), 'xml');
}

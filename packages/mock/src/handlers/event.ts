import { DESIGN_RIGHTS_MESSAGE, PRODUCTION_MESSAGE } from './design-messages.ts';
import { isIntegerText } from '../wire/import-data.ts';
import { nextEventId, refreshDesign, removeEvents, uniqueEventName } from '../state/design.ts';
import { respondCount, decodeDesignRows, notInFormat } from '../wire/import-data.ts';
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import type { EventDef } from '../types.ts';
import { csvTable, fail, respondIn } from '../wire/respond.ts';
import { arrayParam, listParam, stringParam } from '../wire/params.ts';
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
  const header = rows[0] ? Object.keys(rows[0]) : ['event_name', 'arm_num', 'unique_event_name', 'custom_event_label', 'event_id'];
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(rows),
    csv: () =>
      csvTable(
        header,
        rows.map((row) => header.map((key) => String(row[key]))),
      ),
    xml: () =>
      xmlItems(
        'events',
        rows.map((row) => header.map((key) => [key, String(row[key])] as const)),
      ),
  });
}

/**
 * Import Events (§2.7): rows without `unique_event_name` create events, rows with it
 * update them; `override=1` deletes every event (and its data) first. Errors are joined
 * with newlines and roll the whole import back.
 */
export function importEvents(context: RequestContext): Response {
  const { state, params, user } = context;
  const override = Number.parseInt(stringParam(params, 'override') ?? '0', 10) === 1;
  if (Number(state.info.in_production) > 0) throw fail(400, PRODUCTION_MESSAGE);
  if (!user.rights.design) throw fail(400, DESIGN_RIGHTS_MESSAGE);
  const rows = decodeDesignRows(context, 'events');
  if (!rows) return notInFormat(context);
  const first = rows[0];
  if (!first?.has('event_name') || !first.has('arm_num')) {
    throw fail(
      400,
      `One or more components are missing in your input data. The following attributes are required: event_name,arm_num${override ? '' : ',unique_event_name'}`,
    );
  }
  const arms = new Set(state.arms.map((arm) => arm.num));
  const events = new Map<string, EventDef>(override ? [] : state.events.map((event) => [event.uniqueName, event]));
  const taken = new Set(events.keys());
  let id = Math.max(nextEventId(state), 1);
  const errors: string[] = [];
  let count = 0;
  rows.forEach((row, index) => {
    const name = (row.get('event_name') ?? '').trim();
    const armText = (row.get('arm_num') ?? '').trim();
    // With override every event is new: a re-imported export's unique names are ignored and recomputed, as REDCap does.
    const unique = override ? '' : (row.get('unique_event_name') ?? '').trim();
    const rowErrors: string[] = [];
    if (!isIntegerText(armText) || Number(armText) <= 0) rowErrors.push(`Arm number "${armText}" is not numeric or is less than one.`);
    else if (!arms.has(Number(armText))) rowErrors.push(`Arm number "${armText}" does not exist in the project.`);
    if (name === '') rowErrors.push('The event name cannot be blank.');
    else if ([...name].length > 30) rowErrors.push(`The event name "${name}" must be less than or equal to 30 characters in length.`);
    const offsets: Record<'day_offset' | 'offset_min' | 'offset_max', number | undefined> = {
      day_offset: undefined,
      offset_min: undefined,
      offset_max: undefined,
    };
    for (const key of ['day_offset', 'offset_min', 'offset_max'] as const) {
      const text = (row.get(key) ?? '').trim();
      if (text === '') continue;
      if (!Number.isFinite(Number(text))) rowErrors.push(`The value "${text}" of ${key} must be numeric.`);
      else offsets[key] = Number(text);
    }
    const existing = unique === '' ? undefined : events.get(unique);
    if (unique !== '' && !existing) rowErrors.push(`The unique event name "${unique}" does not exist in the project.`);
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    const armNum = Number(armText);
    const label = row.has('custom_event_label') ? (row.get('custom_event_label') ?? '') : (existing?.customLabel ?? '');
    if (existing) {
      events.set(existing.uniqueName, {
        ...existing,
        name,
        armNum,
        dayOffset: offsets.day_offset ?? existing.dayOffset,
        offsetMin: offsets.offset_min ?? existing.offsetMin,
        offsetMax: offsets.offset_max ?? existing.offsetMax,
        customLabel: label,
      });
    } else {
      const uniqueName = uniqueEventName(name, armNum, taken);
      taken.add(uniqueName);
      events.set(uniqueName, {
        uniqueName,
        name,
        armNum,
        id: id++,
        dayOffset: offsets.day_offset ?? index + 1,
        offsetMin: offsets.offset_min ?? 0,
        offsetMax: offsets.offset_max ?? 0,
        customLabel: label,
      });
    }
    count++;
  });
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  if (override) removeEvents(state, new Set(state.events.map((event) => event.uniqueName)));
  state.events = [...events.values()];
  const formEvents = new Map(state.formEvents);
  for (const event of state.events) if (!formEvents.has(event.uniqueName)) formEvents.set(event.uniqueName, new Set());
  state.formEvents = formEvents;
  refreshDesign(state);
  context.log('Import events (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, count);
}

/** Delete Events (§2.7): development only; `events` as an array of unique names; unknown names just do not count. */
export function deleteEvents(context: RequestContext): Response {
  const { state, params, user } = context;
  if (Number(state.info.in_production) > 0) throw fail(400, PRODUCTION_MESSAGE);
  if (!user.rights.design) throw fail(400, DESIGN_RIGHTS_MESSAGE);
  const names = new Set((arrayParam(params, 'events') ?? []).filter((name) => state.longitudinal && state.eventByName.has(name)));
  removeEvents(state, names);
  context.log('Delete events (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, names.size);
}

import { refreshDesign } from '../state/design.ts';
import { SETUP_RIGHTS_MESSAGE } from './design-messages.ts';
import { decodeDesignRows, NOT_IN_FORMAT, respondCount } from '../wire/import-data.ts';
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { defaultEvent, hasRepeating } from '../state/design.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { fail, respondIn } from '../wire/respond.ts';
import { csvLineMinimal } from '../wire/csv.ts';
import { xmlItems } from '../wire/xml.ts';

/**
 * Export Repeating Instruments and Events (§2.17): needs the design right; classic rows
 * `{form_name, custom_form_label}`, longitudinal rows start with the unique `event_name`
 * and a blank `form_name` for a repeating event.
 */
export function exportRepeatingFormsEvents(context: RequestContext): Response {
  const { state, user } = context;
  if (!user.rights.design) {
    throw fail(
      400,
      "Insufficient user privileges: You must have 'API Export' privileges and 'Project Setup/Design' privileges in the project.",
    );
  }
  if (!hasRepeating(state)) {
    throw fail(
      400,
      'You cannot export repeating instruments and events because the project does not contain any repeating instruments and events',
    );
  }
  const rows: Record<string, string>[] = [];
  for (const event of state.events) {
    const eventLabel = state.repeatingEvents.get(event.uniqueName);
    if (state.longitudinal && eventLabel !== undefined)
      rows.push({ event_name: event.uniqueName, form_name: '', custom_form_label: eventLabel });
    const forms = state.repeatingForms.get(event.uniqueName);
    if (!forms) continue;
    for (const form of state.forms) {
      const label = forms.get(form.name);
      if (label === undefined) continue;
      rows.push(
        state.longitudinal
          ? { event_name: event.uniqueName, form_name: form.name, custom_form_label: label }
          : { form_name: form.name, custom_form_label: label },
      );
    }
  }
  context.log('Export repeating instruments and events (API)', `project_id = ${String(state.info.project_id)}`);
  const header = state.longitudinal ? ['event_name', 'form_name', 'custom_form_label'] : ['form_name', 'custom_form_label'];
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(rows),
    // Quoted only where CSV needs it, not on every space as PHP's fputcsv does.
    csv: () => [header, ...rows.map((row) => header.map((key) => row[key] ?? ''))].map((cells) => csvLineMinimal(cells)).join(''),
    xml: () =>
      `${xmlItems(
        'repeatingFormsEvents',
        rows.map((row) => header.map((key) => [key, row[key] ?? ''] as const)),
      )}\n`,
  });
}

/**
 * Import Repeating Instruments and Events (§2.17): needs the design right; replaces the
 * whole repeating setup; unknown events and instruments are errors (joined with `; `).
 * Answers the number of rows saved.
 */
export function importRepeatingFormsEvents(context: RequestContext): Response {
  const { state, user } = context;
  if (!user.rights.design) throw fail(400, SETUP_RIGHTS_MESSAGE);
  const rows = decodeDesignRows(context, 'repeatingFormsEvents');
  if (!rows || rows.length === 0) throw fail(400, NOT_IN_FORMAT);
  const errors: string[] = [];
  const forms = new Map<string, Map<string, string>>();
  const events = new Map<string, string>();
  let count = 0;
  for (const row of rows) {
    const eventName = state.longitudinal ? (row.get('event_name') ?? '').trim() : defaultEvent(state).uniqueName;
    const form = (row.get('form_name') ?? '').trim();
    const label = row.get('custom_form_label') ?? '';
    if (state.longitudinal && !state.eventByName.has(eventName)) {
      errors.push(`The event name "${eventName}" is not a valid unique event name`);
      continue;
    }
    if (form === '' && state.longitudinal) {
      if (!events.has(eventName)) count++;
      events.set(eventName, label);
      continue;
    }
    if (!state.formByName.has(form)) {
      errors.push(`The instrument name "${form}" is not a valid instrument name`);
      continue;
    }
    if (state.longitudinal && !state.formEvents.get(eventName)?.has(form)) {
      errors.push(`The instrument "${form}" is not designated for the event "${eventName}"`);
      continue;
    }
    let map = forms.get(eventName);
    if (!map) {
      map = new Map();
      forms.set(eventName, map);
    }
    if (!map.has(form)) count++;
    map.set(form, label);
  }
  if (errors.length > 0) throw fail(400, errors.join('; '));
  state.repeatingForms = forms;
  state.repeatingEvents = events;
  refreshDesign(state);
  context.log('Import repeating instruments and events (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, count);
}

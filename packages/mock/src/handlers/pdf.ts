import type { RequestContext } from '../context.ts';
import { exportedValue } from '../records/export.ts';
import { choicesOf, isDesignated, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import { findRecord, getCell, sortedRecords } from '../state/records.ts';
import { stripHtml } from '../wire/html.ts';
import type { EventDef, FormDef, ProjectState, RecordState } from '../types.ts';
import { boolParam, stringParam } from '../wire/params.ts';
import { simplePdf } from '../wire/pdf.ts';
import { fail, respondRaw } from '../wire/respond.ts';

const NO_ACCESS =
  'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.';

/** One instrument of the PDF: blank, or a record's data in an event and instance. */
interface Section {
  readonly form: FormDef;
  readonly record?: RecordState;
  readonly event?: EventDef;
  readonly instance: number;
}

/**
 * Export PDF (§2.11): `allRecords` (present at all) → every record; `record` → its forms
 * (in `event` only, if given); `instrument` → that form only; nothing → all forms blank.
 * The body is a small PDF 1.3 naming the project, records, events and instruments; like
 * REDCap's API path it has PHP's default `text/html` content type and no file name.
 */
export function exportPdf(context: RequestContext): Response {
  const { state, params, user } = context;
  if (user.rights.dataExport === 0) throw fail(403, NO_ACCESS);
  const all = params.values.has('allRecords') || params.values.has('allrecords');
  const instrument = stringParam(params, 'instrument') ?? '';
  const recordName = stringParam(params, 'record') ?? '';
  const eventName = stringParam(params, 'event') ?? '';
  const instanceText = stringParam(params, 'repeat_instance') ?? '';
  const compact = boolParam(params, 'compactDisplay');
  if (!all && instrument !== '' && !state.formByName.has(instrument)) throw fail(400, 'Invalid instrument');
  let record: RecordState | undefined;
  if (!all && recordName !== '') {
    record = findRecord(state, recordName);
    if (!record || (user.dag !== '' && record.dag !== user.dag)) throw fail(400, `The record '${recordName}' does not exist`);
  }
  let event: EventDef | undefined;
  if (!all && record && state.longitudinal && eventName !== '') {
    event = state.eventByName.get(eventName);
    if (!event) throw fail(400, 'Invalid event');
  }
  const forms = state.forms.filter((form) => all || instrument === '' || form.name === instrument);
  const instance = /^\d+$/.test(instanceText) && Number(instanceText) > 0 ? Number(instanceText) : undefined;
  const sections: Section[] = [];
  if (all) {
    for (const each of sortedRecords(state))
      if (user.dag === '' || each.dag === user.dag) sections.push(...recordSections(state, each, forms, undefined, undefined));
  } else if (record) {
    sections.push(...recordSections(state, record, forms, event, instance));
  } else {
    for (const form of forms) sections.push({ form, instance: 1 });
  }
  const title = String(state.info.project_title);
  const pages = sections.map((section) => sectionLines(state, title, section, compact));
  context.log('Download data entry form as PDF (API)', instrument === '' ? '' : `instrument = '${instrument}'`, record?.name ?? '');
  return respondRaw(simplePdf(title, pages), 'text/html; charset=UTF-8');
}

function recordSections(
  state: ProjectState,
  record: RecordState,
  forms: readonly FormDef[],
  only: EventDef | undefined,
  instance: number | undefined,
): Section[] {
  const out: Section[] = [];
  for (const event of state.events) {
    if (only && event !== only) continue;
    const cells = [...record.cells.values()].filter((cell) => cell.event === event.uniqueName);
    if (cells.length === 0 && !only) continue;
    for (const form of forms) {
      if (!isDesignated(state, event.uniqueName, form.name)) continue;
      const repeatingForm = isRepeatingForm(state, event.uniqueName, form.name);
      const repeating = repeatingForm || isRepeatingEvent(state, event.uniqueName);
      let instances = [1];
      if (repeating) {
        const present = cells
          .filter((cell) => cell.instrument === (repeatingForm ? form.name : ''))
          .map((cell) => cell.instance)
          .sort((a, b) => a - b);
        instances = instance !== undefined ? [instance] : present.length > 0 ? present : [1];
      }
      for (const number of instances) out.push({ form, record, event, instance: number });
    }
  }
  return out;
}

function sectionLines(state: ProjectState, title: string, section: Section, compact: boolean): string[] {
  const { form, record, event } = section;
  const lines = [title, `${stripHtml(form.label)} (${form.name})`];
  if (record) {
    let place = `Record ID ${record.name}`;
    if (state.longitudinal && event) place += ` (${event.name} - ${event.uniqueName})`;
    if (
      section.instance > 1 ||
      (event && (isRepeatingForm(state, event.uniqueName, form.name) || isRepeatingEvent(state, event.uniqueName)))
    )
      place += ` #${section.instance}`;
    lines.push(place);
  }
  lines.push('');
  const cell =
    record && event
      ? getCell(record, event.uniqueName, isRepeatingForm(state, event.uniqueName, form.name) ? form.name : '', section.instance)
      : undefined;
  for (const field of state.fields) {
    if (field.form_name !== form.name) continue;
    if (field.section_header !== '') lines.push(stripHtml(field.section_header).toUpperCase());
    const label = stripHtml(field.field_label);
    if (field.field_type === 'descriptive') {
      lines.push(label);
      continue;
    }
    let value = '';
    if (field.field_name === state.recordIdField && record) value = record.name;
    else {
      const stored = cell?.values.get(field.field_name);
      if (stored instanceof Set)
        value = choicesOf(field)
          .filter((choice) => stored.has(choice.code))
          .map((choice) => choice.label)
          .join(', ');
      else if (typeof stored === 'string') value = exportedValue(state, field, stored, true);
    }
    if (compact && value === '') continue;
    lines.push(`${label}: ${value === '' ? (record ? '' : '__________________') : value}`);
  }
  if (record) {
    const status = cell?.values.get(`${form.name}_complete`);
    const text =
      typeof status === 'string'
        ? (({ '0': 'Incomplete', '1': 'Unverified', '2': 'Complete' } as Record<string, string>)[status] ?? status)
        : '';
    if (!(compact && text === '')) lines.push(`Form Status - Complete?: ${text}`);
  }
  return lines;
}

/** A project's design: lookups of forms, events, repeating setup and choices, and the changes design methods make to it. */
import type { EventDef, FieldDef, FormDef, ProjectState } from '../types.ts';
import { forgetColumns } from '../records/columns.ts';

/** Whether `form` is a repeating instrument in `event`. */
export function isRepeatingForm(state: ProjectState, event: string, form: string): boolean {
  return state.repeatingForms.get(event)?.has(form) ?? false;
}

/** Whether the whole event repeats. */
export function isRepeatingEvent(state: ProjectState, event: string): boolean {
  return state.repeatingEvents.has(event);
}

/** Whether the project has any repeating instrument or event. */
export function hasRepeating(state: ProjectState): boolean {
  for (const forms of state.repeatingForms.values()) if (forms.size > 0) return true;
  return state.repeatingEvents.size > 0;
}

/** Whether the instrument is designated for the event (always in classic projects). */
export function isDesignated(state: ProjectState, event: string, form: string): boolean {
  return state.formEvents.get(event)?.has(form) ?? false;
}

/** The first event of a classic project, or the event itself. */
export function defaultEvent(state: ProjectState): EventDef {
  return state.events[0] as EventDef;
}

/** A choice of a multiple-choice field. */
export interface Choice {
  readonly code: string;
  readonly label: string;
}

/** The choices of a dropdown/radio/checkbox field (`code, label | ...`), or the implied yes/no and true/false ones. */
export function choicesOf(field: FieldDef): Choice[] {
  if (field.field_type === 'yesno')
    return [
      { code: '1', label: 'Yes' },
      { code: '0', label: 'No' },
    ];
  if (field.field_type === 'truefalse')
    return [
      { code: '1', label: 'True' },
      { code: '0', label: 'False' },
    ];
  if (!['dropdown', 'radio', 'checkbox'].includes(field.field_type)) return [];
  const out: Choice[] = [];
  for (const part of field.select_choices_or_calculations.split(/\||\\n/)) {
    const comma = part.indexOf(',');
    if (comma === -1) {
      const code = part.trim();
      if (code !== '') out.push({ code, label: code });
      continue;
    }
    out.push({ code: part.slice(0, comma).trim(), label: part.slice(comma + 1).trim() });
  }
  return out;
}

/** `Project::getExtendedCheckboxCodeFormatted`: lower-case, `-`/`.` to `_`, other characters dropped. */
export function checkboxCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[-.]/g, '_')
    .replace(/[^a-z0-9_]/g, '');
}

/** The export columns of a checkbox field: `<field>___<code>`. */
export function checkboxColumns(field: FieldDef): { column: string; choice: Choice }[] {
  return choicesOf(field).map((choice) => ({ column: `${field.field_name}___${checkboxCode(choice.code)}`, choice }));
}

/** Fields that hold data (descriptive fields do not). */
export function isDataField(field: FieldDef): boolean {
  return field.field_type !== 'descriptive';
}

/** The fields of an instrument in dictionary order. */
export function fieldsOfForm(state: ProjectState, form: string): FieldDef[] {
  return state.fields.filter((field) => field.form_name === form);
}

/** REDCap's event order: arm, day offset, then the order the events were defined in. */
export function sortEvents(events: readonly EventDef[]): EventDef[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.armNum - b.event.armNum || a.event.dayOffset - b.event.dayOffset || a.index - b.index)
    .map((entry) => entry.event);
}

/**
 * Rebuilds what derives from the design after a design method replaced a part of it:
 * the lookups, the record-id field, the forms (from the fields' order, labels kept),
 * the events' order, designations and repeating setup of forms and events that are gone.
 * Classic projects keep every instrument designated for their one hidden event.
 */
export function refreshDesign(state: ProjectState): void {
  const formNames: string[] = [];
  for (const field of state.fields) if (!formNames.includes(field.form_name)) formNames.push(field.form_name);
  const previous = new Map(state.forms.map((form) => [form.name, form]));
  state.forms = formNames.map((name): FormDef => previous.get(name) ?? { name, label: formLabelOf(name), survey: false });
  state.formByName = new Map(state.forms.map((form) => [form.name, form]));
  state.fieldByName = new Map(state.fields.map((field) => [field.field_name, field]));
  state.recordIdField = state.fields[0]?.field_name ?? state.recordIdField;
  state.arms = [...state.arms].sort((a, b) => a.num - b.num);
  state.events = sortEvents(state.events);
  state.eventByName = new Map(state.events.map((event) => [event.uniqueName, event]));
  const forms = new Set(formNames);
  const formEvents = new Map<string, Set<string>>();
  for (const event of state.events) {
    const designated = state.longitudinal
      ? [...(state.formEvents.get(event.uniqueName) ?? [])].filter((form) => forms.has(form))
      : formNames;
    formEvents.set(event.uniqueName, new Set(formNames.filter((form) => designated.includes(form))));
  }
  state.formEvents = formEvents;
  const repeatingForms = new Map<string, Map<string, string>>();
  for (const [event, map] of state.repeatingForms) {
    if (!state.eventByName.has(event)) continue;
    const kept = new Map([...map].filter(([form]) => forms.has(form)));
    if (kept.size > 0) repeatingForms.set(event, kept);
  }
  state.repeatingForms = repeatingForms;
  state.repeatingEvents = new Map([...state.repeatingEvents].filter(([event]) => state.eventByName.has(event)));
  forgetColumns(state);
}

/** The label REDCap gives an instrument created by a data dictionary: `my_form` → `My Form`. */
export function formLabelOf(name: string): string {
  return name
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/** Removes events with their data, designations and repeating setup; files no record points to are flagged deleted. */
export function removeEvents(state: ProjectState, names: ReadonlySet<string>): void {
  if (names.size === 0) return;
  state.events = state.events.filter((event) => !names.has(event.uniqueName));
  const formEvents = new Map(state.formEvents);
  const repeatingForms = new Map(state.repeatingForms);
  const repeatingEvents = new Map(state.repeatingEvents);
  for (const name of names) {
    formEvents.delete(name);
    repeatingForms.delete(name);
    repeatingEvents.delete(name);
  }
  state.formEvents = formEvents;
  state.repeatingForms = repeatingForms;
  state.repeatingEvents = repeatingEvents;
  for (const record of [...state.records.values()]) {
    for (const [key, cell] of [...record.cells]) if (names.has(cell.event)) record.cells.delete(key);
    if (record.cells.size === 0) state.records.delete(record.name);
  }
  flagOrphanFiles(state);
  refreshDesign(state);
}

/**
 * Flags the record attachments no record points to any more as deleted. File Repository
 * files belong to the project, not to a record, so deleting records, arms or events never
 * touches them.
 */
export function flagOrphanFiles(state: ProjectState): void {
  const fileFields = state.fields.filter((field) => field.field_type === 'file').map((field) => field.field_name);
  const live = new Set<number>();
  for (const record of state.records.values()) {
    for (const cell of record.cells.values()) {
      for (const field of fileFields) {
        const value = cell.values.get(field);
        if (typeof value === 'string') live.add(Number(value));
      }
    }
  }
  for (const file of state.files.values()) if (!live.has(file.docId) && !state.repository.files.has(file.docId)) file.deleted = true;
}

/** The next free event id of a project. */
export function nextEventId(state: ProjectState): number {
  return state.events.reduce((max, event) => Math.max(max, event.id), 0) + 1;
}

/** REDCap's unique event name: the lower-cased name (letters, digits, `_`), up to 18 characters, `_arm_<n>`, then `b`, `c`... when taken. */
export function uniqueEventName(name: string, arm: number, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9_ ]/g, '')
      .trim()
      .replace(/\s+/g, '_')
      .slice(0, 18)
      .replace(/_+$/, '') || 'event';
  const unique = `${base}_arm_${arm}`;
  if (!taken.has(unique)) return unique;
  for (let code = 98; ; code++) {
    const suffix = code <= 122 ? String.fromCharCode(code) : String(code - 96);
    if (!taken.has(`${unique}${suffix}`)) return `${unique}${suffix}`;
  }
}

/** The 18 dictionary columns of a field, every one a string. */
export function fieldOf(values: ReadonlyMap<string, string> | Readonly<Record<string, string>>): FieldDef {
  const get = (key: string): string => (values instanceof Map ? values.get(key) : (values as Record<string, string>)[key]) ?? '';
  return {
    field_name: get('field_name'),
    form_name: get('form_name'),
    section_header: get('section_header'),
    field_type: get('field_type'),
    field_label: get('field_label'),
    select_choices_or_calculations: get('select_choices_or_calculations'),
    field_note: get('field_note'),
    text_validation_type_or_show_slider_number: get('text_validation_type_or_show_slider_number'),
    text_validation_min: get('text_validation_min'),
    text_validation_max: get('text_validation_max'),
    identifier: get('identifier'),
    branching_logic: get('branching_logic'),
    required_field: get('required_field'),
    custom_alignment: get('custom_alignment'),
    question_number: get('question_number'),
    matrix_group_name: get('matrix_group_name'),
    matrix_ranking: get('matrix_ranking'),
    field_annotation: get('field_annotation'),
  };
}

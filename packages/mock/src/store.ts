import type { Cell, EventDef, FieldDef, ProjectState, RecordState, StoredValue } from './types.ts';

/** The key of a cell in {@link RecordState.cells}. */
export function cellKey(event: string, instrument: string, instance: number): string {
  return `${event}|${instrument}|${instance}`;
}

/** The cell, if the record has data there. */
export function getCell(record: RecordState, event: string, instrument: string, instance: number): Cell | undefined {
  return record.cells.get(cellKey(event, instrument, instance));
}

/**
 * The cell, created when missing. Creating any cell of an event also creates the event's
 * base cell, as REDCap stores the record id once per event with data.
 */
export function ensureCell(record: RecordState, event: string, instrument: string, instance: number): Cell {
  const baseKey = cellKey(event, '', 1);
  if (!record.cells.has(baseKey)) record.cells.set(baseKey, { event, instrument: '', instance: 1, values: new Map() });
  const key = cellKey(event, instrument, instance);
  let cell = record.cells.get(key);
  if (!cell) {
    cell = { event, instrument, instance, values: new Map<string, StoredValue>() };
    record.cells.set(key, cell);
  }
  return cell;
}

/** Whether the record has any data in the event. */
export function hasEvent(record: RecordState, event: string): boolean {
  for (const cell of record.cells.values()) if (cell.event === event) return true;
  return false;
}

/** The record, matched case-insensitively as REDCap's SQL collation does. */
export function findRecord(state: ProjectState, name: string): RecordState | undefined {
  const exact = state.records.get(name);
  if (exact) return exact;
  const key = name.toLowerCase();
  const current = (found: RecordState | undefined): boolean =>
    found !== undefined && found.name.toLowerCase() === key && state.records.get(found.name) === found;
  let cached = indexes.get(state.records);
  if (!cached || cached.size !== state.records.size || (cached.index.has(key) && !current(cached.index.get(key))))
    cached = rebuildIndex(state);
  const found = cached.index.get(key);
  return current(found) ? found : undefined;
}

/**
 * Records by lower-cased name, for REDCap's case-insensitive matching without a
 * scan per lookup (an import of 100,000 records would otherwise be quadratic).
 * Kept up to date by {@link rememberRecord}; rebuilt when the number of records
 * changed some other way, or an entry no longer matches.
 */
const indexes = new WeakMap<Map<string, RecordState>, { size: number; index: Map<string, RecordState> }>();

function rebuildIndex(state: ProjectState): { size: number; index: Map<string, RecordState> } {
  const index = new Map<string, RecordState>();
  for (const record of state.records.values()) index.set(record.name.toLowerCase(), record);
  const cached = { size: state.records.size, index };
  indexes.set(state.records, cached);
  return cached;
}

/** Adds a new record to the project and to the case-insensitive index. */
export function rememberRecord(state: ProjectState, record: RecordState): void {
  state.records.set(record.name, record);
  const cached = indexes.get(state.records);
  if (cached && cached.size === state.records.size - 1) {
    cached.index.set(record.name.toLowerCase(), record);
    cached.size = state.records.size;
  }
}

/** The named records that exist, in REDCap's order; sorts only those, not the project. */
export function sortedRecordsNamed(state: ProjectState, names: Iterable<string>): RecordState[] {
  const found = new Set<RecordState>();
  for (const name of names) {
    const record = findRecord(state, name);
    if (record) found.add(record);
  }
  return [...found].sort((a, b) => compareRecordNames(a.name, b.name));
}

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

/**
 * REDCap's record order: names starting with a letter last, then numerically by leading
 * number, first character, numeric suffix after `-`, after `_`, then the name.
 */
export function compareRecordNames(a: string, b: string): number {
  const keyA = sortKey(a);
  const keyB = sortKey(b);
  for (let i = 0; i < keyA.length; i++) {
    const x = keyA[i] as string | number;
    const y = keyB[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function sortKey(name: string): (string | number)[] {
  const leading = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)/.exec(name);
  const dash = name.indexOf('-');
  const underscore = name.indexOf('_');
  return [
    /^[A-Za-z]/.test(name) ? 1 : 0,
    leading ? Math.abs(Number.parseFloat(leading[0])) : 0,
    name.slice(0, 1).toLowerCase(),
    dash === -1 ? 0 : Number.parseInt(name.slice(dash + 1), 10) || 0,
    underscore === -1 ? 0 : Number.parseInt(name.slice(underscore + 1), 10) || 0,
    name,
  ];
}

/** Records in REDCap's export order. */
export function sortedRecords(state: ProjectState): RecordState[] {
  return [...state.records.values()].sort((a, b) => compareRecordNames(a.name, b.name));
}

/** The next auto-numbered record name: highest integer name + 1 (DAG-prefixed for users in a DAG). */
export function nextRecordName(state: ProjectState, dagId?: number, taken: ReadonlySet<string> = new Set()): string {
  let max = 0;
  const prefix = dagId === undefined ? '' : `${dagId}-`;
  const names = [...state.records.keys(), ...taken];
  for (const name of names) {
    const rest = prefix === '' ? name : name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (/^\d+$/.test(rest)) max = Math.max(max, Number(rest));
  }
  return `${prefix}${max + 1}`;
}

/** `htmlspecialchars($text, ENT_QUOTES)`, as REDCap's `RCView::escape`. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/** Tags removed and the common entities decoded, for labels used as CSV headers. */
export function stripHtml(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A project's records and their cells: lookup (case-insensitive, as REDCap's SQL), creation, REDCap's record order and next name. */
import type { Cell, ProjectState, RecordState, StoredValue } from '../types.ts';

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

/**
 * Auto-numbered record names for one request: the project is scanned once for its highest
 * integer name (DAG-prefixed for users in a DAG), then each call counts up, so numbering
 * n new records costs one scan, not n.
 *
 * @example
 * const next = autoNumberer(state);
 * next(); // '5' when the highest numeric name is '4'
 * next(); // '6'
 */
export function autoNumberer(state: ProjectState, dagId?: number): () => string {
  const prefix = dagId === undefined ? '' : `${dagId}-`;
  let max = 0;
  for (const name of state.records.keys()) {
    const rest = prefix === '' ? name : name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (/^\d+$/.test(rest)) max = Math.max(max, Number(rest));
  }
  return (): string => `${prefix}${++max}`;
}

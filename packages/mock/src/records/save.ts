import { ensureCell, findRecord, rememberRecord } from '../state/records.ts';
import { fieldsOfForm } from '../state/design.ts';
import type { ProjectState, RecordState } from '../types.ts';
import { columnMap } from './columns.ts';

/** One row resolved to its place: stored record name, event, repeating instrument, instance. */
export interface TargetRow {
  readonly record: string;
  readonly event: string;
  /** Repeating instrument, or `''`. */
  readonly instrument: string;
  readonly instance: number;
  /** Column → value as imported (dates already in Y-M-D). */
  readonly values: ReadonlyMap<string, string>;
}

/** What writing a row did, for logging. */
export interface RowWrite {
  readonly created: boolean;
  readonly changes: string[];
}

/**
 * Writes a validated row: `normal` ignores blanks, `overwrite` erases with them; checkbox
 * columns check/uncheck one code; file, calc, survey timestamp and identifier columns are
 * ignored (timestamps are kept when `keepTimestamps`, for fixtures); an instrument that gets
 * data but has no status yet gets status `0`.
 */
export function writeRow(state: ProjectState, row: TargetRow, overwrite: boolean, keepTimestamps = false): RowWrite {
  let record: RecordState | undefined = findRecord(state, row.record);
  const created = !record;
  if (!record) {
    record = { name: row.record, dag: '', cells: new Map() };
    rememberRecord(state, record);
  }
  const cell = ensureCell(record, row.event, row.instrument, row.instance);
  const columns = columnMap(state);
  const changes: string[] = [];
  const touched = new Set<string>();
  for (const [column, value] of row.values) {
    const kind = columns.get(column);
    if (!kind) continue;
    switch (kind.kind) {
      case 'dag':
        if (value !== '' && record.dag !== value) {
          record.dag = value;
          changes.push(`redcap_data_access_group = '${value}'`);
        }
        break;
      case 'timestamp':
        if (keepTimestamps && value !== '') cell.values.set(column, value);
        break;
      case 'complete':
        if (value !== '') {
          if (cell.values.get(column) !== value) changes.push(`${column} = '${value}'`);
          cell.values.set(column, value);
        } else if (overwrite && cell.values.delete(column)) {
          changes.push(`${column} = ''`);
        }
        break;
      case 'checkbox': {
        const name = kind.field.field_name;
        const current = cell.values.get(name);
        const set = current instanceof Set ? current : new Set<string>();
        if (value === '1') {
          if (!set.has(kind.code)) changes.push(`${name}(${kind.code}) = checked`);
          set.add(kind.code);
        } else if (value === '0' || (value === '' && overwrite)) {
          if (set.delete(kind.code)) changes.push(`${name}(${kind.code}) = unchecked`);
        }
        if (set.size > 0) cell.values.set(name, set);
        else cell.values.delete(name);
        if (value !== '') touched.add(kind.field.form_name);
        break;
      }
      case 'field': {
        const field = kind.field;
        if (field.field_type === 'file' || field.field_type === 'calc') break;
        if (value !== '') {
          if (cell.values.get(column) !== value) changes.push(`${column} = '${value}'`);
          cell.values.set(column, value);
          touched.add(field.form_name);
        } else if (overwrite && cell.values.delete(column)) {
          changes.push(`${column} = ''`);
        }
        break;
      }
      default:
        break;
    }
  }
  for (const form of touched) {
    const status = `${form}_complete`;
    if (!cell.values.has(status)) cell.values.set(status, '0');
  }
  return { created, changes };
}

/** Sets one stored value in a cell (files), with the same form-status defaulting as imports. */
export function setCellValue(
  state: ProjectState,
  record: RecordState,
  event: string,
  instrument: string,
  instance: number,
  field: string,
  value: string,
): void {
  const cell = ensureCell(record, event, instrument, instance);
  cell.values.set(field, value);
  const form = state.fieldByName.get(field)?.form_name;
  if (form && !cell.values.has(`${form}_complete`)) cell.values.set(`${form}_complete`, '0');
}

/** Removes the values of an instrument from a cell; drops the cell when nothing is left. Returns whether anything was removed. */
export function clearForm(state: ProjectState, record: RecordState, key: string, form: string): boolean {
  const cell = record.cells.get(key);
  if (!cell) return false;
  let removed = false;
  for (const field of fieldsOfForm(state, form)) {
    if (field.field_name === state.recordIdField) continue;
    if (cell.values.delete(field.field_name)) removed = true;
  }
  if (cell.values.delete(`${form}_complete`)) removed = true;
  if (cell.values.delete(`${form}_timestamp`)) removed = true;
  if (cell.values.size === 0 && cell.instrument !== '') record.cells.delete(key);
  return removed;
}

/**
 * Drops the cells of each given event in which no value is left: REDCap keeps no row for an
 * event that holds no data, so an export shows nothing for it (an instrument deleted from the
 * only event it had data in).
 *
 * @example
 * dropEmptyEvents(record, new Set(['visit_1_arm_1']));
 */
export function dropEmptyEvents(record: RecordState, events: ReadonlySet<string>): void {
  const holding = new Set<string>();
  for (const cell of record.cells.values()) if (events.has(cell.event) && cell.values.size > 0) holding.add(cell.event);
  for (const [key, cell] of record.cells) if (events.has(cell.event) && !holding.has(cell.event)) record.cells.delete(key);
}

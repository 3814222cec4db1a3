import type { WireValue } from '../request/encode.ts';

/** Our camelCase names whose REDCap names differ; every other name is REDCap's own. */
const wireNames: Readonly<Record<string, string>> = {
  repeatInstance: 'repeat_instance',
  newRecordName: 'new_record_name',
  deleteLogging: 'delete_logging',
  reportId: 'report_id',
  folderId: 'folder_id',
  docId: 'doc_id',
  dagId: 'dag_id',
  roleId: 'role_id',
  randomizationId: 'randomization_id',
};

/**
 * Renames validated parameters to REDCap's names and formats their values:
 * dates as `YYYY-MM-DD HH:MM:SS`, booleans as `true`/`false` (REDCap reads
 * `true` case-insensitively), arrays as arrays (encoded `name[i]` later).
 */
export function toWire(params: object, omit: readonly string[] = []): Record<string, WireValue> {
  const wire: Record<string, WireValue> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || omit.includes(key)) continue;
    wire[wireNames[key] ?? key] = value instanceof Date ? formatDateTime(value) : (value as WireValue);
  }
  return wire;
}

/** `YYYY-MM-DD HH:MM:SS` in local time, as REDCap reads its date-range parameters. */
export function formatDateTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

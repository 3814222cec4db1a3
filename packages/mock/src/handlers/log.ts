/** Export Logging (§2.13, §6.4) over the simulator's log. */
import { respondRows } from '../wire/lists.ts';
import type { RequestContext } from '../context.ts';
import { findRecord } from '../state/records.ts';
import type { LogEntry } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { fail } from '../wire/respond.ts';

/** What kind of event an entry is, from its description (REDCap's `event` and `object_type`). */
export type LogKind = 'record_add' | 'record_edit' | 'record_delete' | 'export' | 'user' | 'lock_record' | 'manage';

/** The kind of a stored entry. */
export function logKind(entry: LogEntry): LogKind {
  const description = entry.action;
  if (/^Create record( \(API\))?$/.test(description)) return 'record_add';
  if (/^Update record( \(API\)| \(Auto calculation\))?$/.test(description)) return 'record_edit';
  if (/^Delete record( \(API\))?$/.test(description)) return 'record_delete';
  if (/^Export data( \(API\))?$/.test(description)) return 'export';
  if (/^(Add|Update|Delete) user$|^(Create|Edit|Delete) user role$|^(Assign user to|Remove user from) role$/.test(description))
    return 'user';
  if (/^(Lock\/Unlock Record|E-signature)\b/.test(description)) return 'lock_record';
  return 'manage';
}

const LOGTYPES: Readonly<Record<string, readonly LogKind[]>> = {
  export: ['export'],
  manage: ['manage'],
  user: ['user'],
  record: ['record_add', 'record_edit', 'record_delete'],
  record_add: ['record_add'],
  record_edit: ['record_edit'],
  record_delete: ['record_delete'],
  lock_record: ['lock_record'],
  page_view: [],
};

/**
 * An entry as the logging page renders it: record and user events as `<description> <record>`,
 * design events as `Manage/Design ` with the description in `details`, API exports as `Data export (API) `.
 */
function render(entry: LogEntry): { timestamp: string; username: string; action: string; details: string; record: string } {
  const { timestamp, username } = entry;
  switch (logKind(entry)) {
    case 'manage':
      return { timestamp, username, action: 'Manage/Design ', details: entry.action, record: '' };
    case 'export':
      // REDCap names the API channel in the action; PHPCap's LoggingTest expects `Data Export (API) ` (case-insensitively).
      return {
        timestamp,
        username,
        action: entry.action.endsWith('(API)') ? 'Data export (API) ' : 'Data export ',
        details: entry.details === '' ? entry.action : entry.details,
        record: '',
      };
    default:
      return { timestamp, username, action: `${entry.action} ${entry.record}`, details: entry.details, record: entry.record };
  }
}

/** Export Logging: newest first; filters `logtype`, `user`, `record`, `dag` (group id), `beginTime`, `endTime` (to the minute). */
export function exportLogging(context: RequestContext): Response {
  const { state, user, params } = context;
  if (user.rights.dataExport === 0) {
    throw fail(
      403,
      'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.',
    );
  }
  if (!user.rights.logging) {
    throw fail(
      403,
      'The API request cannot complete because currently you do not have "Logging" privileges, which are required for this operation.',
    );
  }
  const kinds = LOGTYPES[stringParam(params, 'logtype') ?? ''];
  const username = (stringParam(params, 'user') ?? '').toLowerCase();
  const recordName = stringParam(params, 'record') ?? '';
  const dagText = stringParam(params, 'dag') ?? '';
  const dag = user.dag === '' && /^\d+$/.test(dagText) ? state.dags.find((candidate) => candidate.id === Number(dagText)) : undefined;
  const begin = (stringParam(params, 'beginTime') ?? '').slice(0, 16);
  const end = (stringParam(params, 'endTime') ?? '').slice(0, 16);
  const rows = state.log
    .filter((entry) => {
      if (kinds && !kinds.includes(logKind(entry))) return false;
      if (username !== '' && entry.username.toLowerCase() !== username) return false;
      if (recordName !== '' && entry.record !== recordName) return false;
      if (dag && (entry.record === '' || findRecord(state, entry.record)?.dag !== dag.uniqueName)) return false;
      if (begin !== '' && entry.timestamp < begin) return false;
      if (end !== '' && entry.timestamp > end) return false;
      return true;
    })
    .reverse()
    .map(render);
  context.log('Export Logging (API)', `project_id = ${String(state.info.project_id)}`);
  return respondRows(context, rows, ['timestamp', 'username', 'action', 'details', 'record'], 'logs', 'log');
}

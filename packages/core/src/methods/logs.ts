import * as v from 'valibot';
import { format, name, positiveInteger, recordName, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { defineMethod } from './descriptor.ts';
import type { ExportFunction } from './shapes.ts';

/** The kinds of logged events Export Logging can select. */
export type LogType =
  | 'export'
  | 'manage'
  | 'user'
  | 'record'
  | 'record_add'
  | 'record_edit'
  | 'record_delete'
  | 'lock_record'
  | 'page_view';

/** Parameters of a logging export. */
export interface ExportLoggingParams {
  /**
   * Only this kind of event: data exports, Manage/Design, user and role changes,
   * record changes (all, created, updated, deleted), locking and e-signatures, page views.
   * Every kind when left out.
   */
  readonly logtype?: LogType;
  /** Only the actions of this username. */
  readonly user?: string;
  /** Only the actions on this record. */
  readonly record?: string | number;
  /** Only the actions in this data access group: its id (`data_access_group_id`), not its unique name. */
  readonly dag?: number;
  /** From this time on (server time, to the minute); from the project's creation when left out. */
  readonly beginTime?: Date | string;
  /** Up to this time (server time, to the minute). */
  readonly endTime?: Date | string;
}

/** One logged action. */
export interface LogEntry {
  /** `YYYY-MM-DD HH:MM`. */
  timestamp: string;
  /** Who did it. */
  username: string;
  /** What kind of action, e.g. `Manage/Design ` (some values end with a space). */
  action: string;
  /** What changed. */
  details: string;
  /** The record concerned, or `""`. */
  record: string;
  /** The reason for the change, when the project requires reasons. */
  reason?: string;
}

const logTime: Schema<Date | string> = v.union(
  [v.date('expected a valid Date.'), v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?$/))],
  'expected a Date or a string "YYYY-MM-DD HH:MM".',
);

const loggingParams: Schema<ExportLoggingParams> = strictParams({
  format: v.optional(format),
  logtype: v.optional(
    v.picklist(
      ['export', 'manage', 'user', 'record', 'record_add', 'record_edit', 'record_delete', 'lock_record', 'page_view'],
      "expected one of 'export', 'manage', 'user', 'record', 'record_add', 'record_edit', 'record_delete', 'lock_record', 'page_view'.",
    ),
  ),
  user: v.optional(name),
  record: v.optional(recordName),
  dag: v.optional(positiveInteger),
  beginTime: v.optional(logTime),
  endTime: v.optional(logTime),
});

/** `YYYY-MM-DD HH:MM`: REDCap reads only the first 16 characters. */
function formatMinute(time: Date | string | undefined): string | undefined {
  if (!(time instanceof Date)) return time?.slice(0, 16);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/**
 * The project's logging. Times are the server's local
 * time; a `Date` is sent in this machine's local time. Without `beginTime` the
 * whole history is returned, which can be large.
 *
 * REDCap method: Export Logging (`content=log`, REDCap 10.8.0+).
 *
 * @example
 * ```ts
 * const entries = await redcap.logs.export({ logtype: 'record', beginTime: new Date(Date.now() - 86_400_000) });
 * const deletions = await exportLogging(client, { logtype: 'record_delete', beginTime: '2025-01-01 00:00' });
 * const byAlice = await exportLogging(client, { user: 'alice', record: '1001' });
 * ```
 */
export const exportLogging: ExportFunction<ExportLoggingParams, LogEntry[]> = /* @__PURE__ */ defineMethod({
  name: 'exportLogging',
  title: 'Export Logging',
  namespace: 'logs',
  verb: 'export',
  content: 'log',
  action: 'export',
  since: '10.8.0',
  takes: 'params',
  retry: 'read',
  params: loggingParams,
  toWire: (params: ExportLoggingParams) => ({
    params: {
      format: 'json',
      ...toWire(params, ['beginTime', 'endTime']),
      beginTime: formatMinute(params.beginTime),
      endTime: formatMinute(params.endTime),
    },
  }),
  answer: 'json',
  result: v.array(v.looseObject({ timestamp: v.string(), username: v.string(), action: v.string() })),
});

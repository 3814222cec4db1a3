import * as v from 'valibot';
import { flag, format, name, nonEmptyList, positiveInteger, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { countAnswer, dataParams, numeric, rowsOrCsv, zeroOne, jsonExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction, ParamsFunction } from './shapes.ts';

/** An event of a longitudinal project. The offsets are present only when scheduling is on. */
export interface RedcapEvent {
  event_name: string;
  arm_num: number;
  day_offset?: number;
  offset_min?: number;
  offset_max?: number;
  unique_event_name: string;
  custom_event_label: string | null;
  event_id: number;
}

/** Parameters of an events export. */
export interface ExportEventsParams {
  /** Only the events of these arms. */
  readonly arms?: readonly number[];
}

const eventsParams: Schema<ExportEventsParams> = strictParams({
  format: v.optional(format),
  arms: v.optional(nonEmptyList(positiveInteger, 'arm numbers')),
});

/**
 * Exports the events of a longitudinal project (REDCap answers 400 for a classic one).
 *
 * REDCap method: Export Events (`content=event`).
 *
 * @example
 * ```ts
 * const events = await exportEvents(client, { arms: [1] });
 * ```
 */
export const exportEvents: ExportFunction<ExportEventsParams, RedcapEvent[]> = /* @__PURE__ */ defineMethod({
  name: 'exportEvents',
  title: 'Export Events',
  namespace: 'events',
  verb: 'export',
  content: 'event',
  action: 'export',
  since: '4.7.0',
  ...jsonExport(eventsParams, v.array(v.looseObject({ event_name: v.string(), arm_num: v.number(), unique_event_name: v.string() }))),
});

/** An event to create (without `unique_event_name`) or to update (with it). */
export interface ImportEventRow {
  /** The event's label, at most 30 characters. */
  readonly event_name: string;
  /** The arm the event belongs to; it must exist. */
  readonly arm_num: number | string;
  /** An existing event's unique name, to update that event; leave out to create one. */
  readonly unique_event_name?: string;
  /** Days from the start (scheduling); events are numbered 1, 2, 3... in order when left out. */
  readonly day_offset?: number | string;
  /** Days the event may come early (scheduling). */
  readonly offset_min?: number | string;
  /** Days the event may come late (scheduling). */
  readonly offset_max?: number | string;
  /** A custom label shown for the event. */
  readonly custom_event_label?: string | null;
}

/** Options of an events import. */
export interface ImportEventsOptions {
  /** Delete every event first (and the data in them), then import. Development status only. @default false */
  readonly override?: boolean;
}

const eventRow: Schema<ImportEventRow> = v.looseObject({
  event_name: v.string('expected the event name as a string.'),
  arm_num: numeric,
  unique_event_name: v.optional(v.string('expected a unique event name as a string.')),
  day_offset: v.optional(numeric),
  offset_min: v.optional(numeric),
  offset_max: v.optional(numeric),
  custom_event_label: v.optional(v.nullable(v.string('expected a label as a string.'))),
});

/**
 * Creates events (rows without `unique_event_name`) or updates them (with it), or
 * with `override` replaces them all. Returns the number of events imported.
 *
 * REDCap method: Import Events (`content=event&action=import`).
 *
 * @example
 * ```ts
 * const count = await redcap.events.import([{ event_name: 'Week 4', arm_num: 1, day_offset: 28 }]);
 * await importEvents(client, [{ event_name: 'Baseline', arm_num: 1, unique_event_name: 'baseline_arm_1' }]);
 * await importEvents(client, 'event_name,arm_num\nScreening,1\nBaseline,1', { override: true });
 * ```
 */
export const importEvents: DataFunction<readonly ImportEventRow[] | string, ImportEventsOptions, number> = /* @__PURE__ */ defineMethod({
  name: 'importEvents',
  title: 'Import Events',
  namespace: 'events',
  verb: 'import',
  content: 'event',
  action: 'import',
  since: '6.11.0',
  takes: 'data',
  retry: 'write',
  params: strictParams({ override: v.optional(flag) }),
  data: rowsOrCsv(eventRow, 'event'),
  toWire: (options: ImportEventsOptions, data) => ({ params: { ...dataParams(data), override: zeroOne(options.override) } }),
  ...countAnswer,
});

/** Parameters of an events delete. */
export interface DeleteEventsParams {
  /** The unique names of the events to delete (with their data). */
  readonly events: readonly string[];
}

/**
 * Deletes events and their data (development status only). Returns how many
 * REDCap deleted; unknown names are not errors, they are just not counted.
 *
 * REDCap method: Delete Events (`content=event&action=delete`).
 *
 * @example
 * ```ts
 * await redcap.events.delete({ events: ['week_4_arm_1'] });
 * const deleted = await deleteEvents(client, { events: ['week_4_arm_1'] });
 * ```
 */
export const deleteEvents: ParamsFunction<DeleteEventsParams, number> = /* @__PURE__ */ defineMethod({
  name: 'deleteEvents',
  title: 'Delete Events',
  namespace: 'events',
  verb: 'delete',
  content: 'event',
  action: 'delete',
  since: '6.11.0',
  takes: 'params',
  retry: 'write',
  params: strictParams({ events: nonEmptyList(name, 'unique event names') }),
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.number(),
});

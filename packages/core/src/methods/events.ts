import * as v from 'valibot';
import { format, nonEmptyList, positiveInteger, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { defineMethod, type MethodDescriptor } from './descriptor.ts';
import { standalone } from './function.ts';
import type { ExportCall, ExportFunction } from './shapes.ts';

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

/** Export Events (`content=event`). */
export const exportEventsMethod: MethodDescriptor<ExportCall<ExportEventsParams, RedcapEvent[]>, 'events', 'export'> = defineMethod({
  name: 'exportEvents',
  title: 'Export Events',
  namespace: 'events',
  verb: 'export',
  content: 'event',
  action: 'export',
  since: '4.7.0',
  takes: 'params',
  retry: 'read',
  params: eventsParams,
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.array(v.looseObject({ event_name: v.string(), arm_num: v.number(), unique_event_name: v.string() })),
});

/**
 * Exports the events of a longitudinal project (REDCap answers 400 for a classic one).
 *
 * @example
 * ```ts
 * const events = await exportEvents(client, { arms: [1] });
 * ```
 */
export const exportEvents: ExportFunction<ExportEventsParams, RedcapEvent[]> = /* @__PURE__ */ standalone(exportEventsMethod);

import * as v from 'valibot';
import { format, strictParams, type Schema } from '../internal/schemas.ts';
import { rowsOrCsv, jsonExport, rowsImport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction } from './shapes.ts';

/**
 * A repeating instrument, or a repeating event. In classic projects rows have
 * no `event_name`; in longitudinal ones a blank `form_name` means the whole event repeats.
 */
export interface RepeatingFormEvent {
  /** The event's unique name (longitudinal projects only). */
  event_name?: string;
  /** The repeating instrument; `""` when the whole event repeats. */
  form_name: string;
  /** The label shown for each instance, with piping, e.g. `[visit_date]`; may be `""`. */
  custom_form_label: string;
}

/** A repeating instrument or event to set. */
export interface ImportRepeatingFormEvent {
  /** The event's unique name (longitudinal projects only). */
  readonly event_name?: string;
  /** The repeating instrument; `""` to make the whole event repeat. */
  readonly form_name: string;
  /** The label shown for each instance; may be `""`. */
  readonly custom_form_label?: string;
}

/**
 * The project's repeating instruments and events. REDCap answers 400 when the
 * project has none. Needs the Project Design right.
 *
 * REDCap method: Export Repeating Instruments and Events (`content=repeatingFormsEvents`).
 *
 * @example
 * ```ts
 * const repeating = await redcap.repeatingFormsEvents.export();
 * const repeating = await exportRepeatingFormsEvents(client);
 * const repeatingForms = repeating.filter((r) => r.form_name !== '').map((r) => r.form_name);
 * ```
 */
export const exportRepeatingFormsEvents: ExportFunction<{}, RepeatingFormEvent[]> = /* @__PURE__ */ defineMethod({
  name: 'exportRepeatingFormsEvents',
  title: 'Export Repeating Instruments and Events',
  namespace: 'repeatingFormsEvents',
  verb: 'export',
  content: 'repeatingFormsEvents',
  action: 'export',
  since: '8.2.0',
  ...jsonExport(
    strictParams({ format: v.optional(format) }),
    v.array(v.looseObject({ form_name: v.string(), custom_form_label: v.nullish(v.string()) })),
  ),
});

const repeatingRow: Schema<ImportRepeatingFormEvent> = v.looseObject({
  event_name: v.optional(v.string('expected a unique event name as a string.')),
  form_name: v.string('expected an instrument name as a string ("" for a repeating event).'),
  custom_form_label: v.optional(v.string('expected a label as a string.')),
});

/**
 * Replaces the whole repeating setup with these rows. Returns the number of rows saved.
 *
 * REDCap method: Import Repeating Instruments and Events (`content=repeatingFormsEvents` with `data`).
 *
 * @example
 * ```ts
 * await redcap.repeatingFormsEvents.import([{ form_name: 'visits', custom_form_label: '[visit_date]' }]);
 * await importRepeatingFormsEvents(client, [
 *   { event_name: 'visit_arm_1', form_name: 'vitals', custom_form_label: '[vitals_date]' },
 *   { event_name: 'follow_up_arm_1', form_name: '' },
 * ]);
 * ```
 */
export const importRepeatingFormsEvents: DataFunction<readonly ImportRepeatingFormEvent[] | string, {}, number> =
  /* @__PURE__ */ defineMethod({
    name: 'importRepeatingFormsEvents',
    title: 'Import Repeating Instruments and Events',
    namespace: 'repeatingFormsEvents',
    verb: 'import',
    content: 'repeatingFormsEvents',
    action: 'import',
    since: '8.10.0',
    ...rowsImport(rowsOrCsv(repeatingRow, 'repeating instrument or event')),
  });

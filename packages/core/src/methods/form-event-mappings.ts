import * as v from 'valibot';
import { format, name, nonEmptyList, positiveInteger, strictParams, type Schema } from '../internal/schemas.ts';
import { numeric, rowsOrCsv, jsonExport, rowsImport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction } from './shapes.ts';

/** An instrument designated for an event. */
export interface InstrumentEventMapping {
  /** The event's arm. */
  arm_num: number;
  /** The event's unique name. */
  unique_event_name: string;
  /** The instrument's name. */
  form: string;
}

/** A designation to import. */
export interface ImportInstrumentEventMapping {
  /** The event's arm. */
  readonly arm_num: number | string;
  /** The event's unique name. */
  readonly unique_event_name: string;
  /** The instrument's name. */
  readonly form: string;
}

/** Parameters of an export of instrument-event mappings. */
export interface ExportInstrumentEventMappingsParams {
  /** Only the events of these arms. */
  readonly arms?: readonly number[];
}

const mappingsParams: Schema<ExportInstrumentEventMappingsParams> = strictParams({
  format: v.optional(format),
  arms: v.optional(nonEmptyList(positiveInteger, 'arm numbers')),
});

/**
 * Which instruments each event of a longitudinal project collects (REDCap
 * answers 400 for a classic project). No designations: an empty array.
 *
 * REDCap method: Export Instrument-Event Mappings (`content=formEventMapping`).
 *
 * @example
 * ```ts
 * const mappings = await redcap.formEventMappings.export({ arms: [1] });
 * const mappings = await exportInstrumentEventMappings(client);
 * const baselineForms = mappings.filter((m) => m.unique_event_name === 'baseline_arm_1').map((m) => m.form);
 * ```
 */
export const exportInstrumentEventMappings: ExportFunction<ExportInstrumentEventMappingsParams, InstrumentEventMapping[]> =
  /* @__PURE__ */ defineMethod({
    name: 'exportInstrumentEventMappings',
    title: 'Export Instrument-Event Mappings',
    namespace: 'formEventMappings',
    verb: 'export',
    content: 'formEventMapping',
    action: 'export',
    since: '4.7.0',
    ...jsonExport(
      mappingsParams,
      v.array(v.looseObject({ arm_num: v.union([v.number(), v.string()]), unique_event_name: v.string(), form: v.string() })),
    ),
    // A project without designations answers one all-blank row: that is no mapping.
    finish: (rows: InstrumentEventMapping[]) => rows.filter((row) => row.unique_event_name !== '' || row.form !== ''),
  });

const mappingRow: Schema<ImportInstrumentEventMapping> = v.looseObject({
  arm_num: numeric,
  unique_event_name: name,
  form: name,
});

/**
 * Replaces the instrument-event designations (development status only). Rows
 * naming unknown events or forms are dropped by REDCap without an error.
 * Returns the number of designations saved.
 *
 * REDCap method: Import Instrument-Event Mappings (`content=formEventMapping` with `data`).
 *
 * @example
 * ```ts
 * await redcap.formEventMappings.import([{ arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'demographics' }]);
 * const saved = await importInstrumentEventMappings(client, [
 *   { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'demographics' },
 *   { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'vitals' },
 * ]);
 * ```
 */
export const importInstrumentEventMappings: DataFunction<readonly ImportInstrumentEventMapping[] | string, {}, number> =
  /* @__PURE__ */ defineMethod({
    name: 'importInstrumentEventMappings',
    title: 'Import Instrument-Event Mappings',
    namespace: 'formEventMappings',
    verb: 'import',
    content: 'formEventMapping',
    action: 'import',
    since: '4.7.0',
    ...rowsImport(rowsOrCsv(mappingRow, 'mapping')),
  });

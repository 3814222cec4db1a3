import * as v from 'valibot';
import { flag, format, name, positiveInteger, recordName, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { jsonExport } from './common.ts';
import { fileAnswer } from '../request/read-file.ts';
import { defineMethod } from './descriptor.ts';
import type { ExportFunction, ParamsFunction } from './shapes.ts';

/** An instrument (data collection form), in project order. */
export interface Instrument {
  /** The instrument's unique name, e.g. `demographics`. */
  instrument_name: string;
  /** Its label, without HTML. */
  instrument_label: string;
}

/**
 * The project's instruments with their labels, in project order.
 *
 * REDCap method: Export Instruments (`content=instrument`).
 *
 * @example
 * ```ts
 * const instruments = await redcap.instruments.export();
 * const instruments = await exportInstruments(client);
 * console.log(instruments.map((i) => i.instrument_label));
 * ```
 */
export const exportInstruments: ExportFunction<{}, Instrument[]> = /* @__PURE__ */ defineMethod({
  name: 'exportInstruments',
  title: 'Export Instruments (Data Entry Forms)',
  namespace: 'instruments',
  verb: 'export',
  content: 'instrument',
  action: 'export',
  since: '5.0.0',
  ...jsonExport(
    strictParams({ format: v.optional(format) }),
    v.array(v.looseObject({ instrument_name: v.string(), instrument_label: v.string() })),
  ),
});

/**
 * What a PDF holds: all forms blank (nothing given), one form blank (`instrument`),
 * a record's forms (`record`, optionally one `instrument`, `event` or
 * `repeatInstance`), or every record (`allRecords`).
 */
export interface ExportPdfParams {
  /** The record whose data fills the forms; blank forms when left out. */
  readonly record?: string | number;
  /** The unique event name: only this event's forms (longitudinal projects). */
  readonly event?: string;
  /** Only this instrument. */
  readonly instrument?: string;
  /** The instance of a repeating instrument or event. @default 1 */
  readonly repeatInstance?: number;
  /** Every record, every instrument and event (one large PDF). Other parameters are then ignored. */
  readonly allRecords?: boolean;
  /** Leave out fields without data and unselected choices (REDCap 11.4.4+). */
  readonly compactDisplay?: boolean;
}

const exportPdfParams: Schema<ExportPdfParams> = strictParams({
  record: v.optional(recordName),
  event: v.optional(name),
  instrument: v.optional(name),
  repeatInstance: v.optional(positiveInteger),
  allRecords: v.optional(flag),
  compactDisplay: v.optional(flag),
});

/**
 * Instruments as a PDF: blank, filled with a record's data, or for every record.
 * The file is named `pdf.pdf` (REDCap sends no name).
 *
 * REDCap method: Export PDF file of Data Collection Instruments (`content=pdf`).
 *
 * @example
 * ```ts
 * const pdf = await redcap.instruments.exportPdf({ record: '1', instrument: 'consent' });
 * const blank = await exportPdf(client, { instrument: 'consent' });
 * const filled = await exportPdf(client, { record: '1', event: 'baseline_arm_1', compactDisplay: true });
 * ```
 */
export const exportPdf: ParamsFunction<ExportPdfParams, File> = /* @__PURE__ */ defineMethod({
  name: 'exportPdf',
  title: 'Export PDF file of Data Collection Instruments',
  namespace: 'instruments',
  verb: 'exportPdf',
  content: 'pdf',
  action: 'export',
  since: '6.4.0',
  takes: 'params',
  retry: 'read',
  params: exportPdfParams,
  toWire: (params: ExportPdfParams) => ({
    // REDCap exports every record when `allRecords` is present, whatever its value: send it only for true.
    params: { ...toWire(params, ['allRecords']), allRecords: params.allRecords ? 'true' : undefined },
  }),
  answer: fileAnswer,
});

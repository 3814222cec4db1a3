import * as v from 'valibot';
import { flag, format, positiveInteger, recordRows, strictParams, type Schema } from '../internal/schemas.ts';
import { jsonExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import { toWire } from '../internal/wire.ts';
import type { CastExportFunction } from '../project/cast-types.ts';
import { castParam, castStep } from '../project/hooks.ts';
import type { RecordRow } from './records/types.ts';

/** Parameters of a report export. */
export interface ExportReportParams {
  /** The report's id (shown in the project's report list). */
  readonly reportId: number;
  /** Raw codes or their labels. @default 'raw' */
  readonly rawOrLabel?: 'raw' | 'label';
  /** CSV headers as variable names or field labels. @default 'raw' */
  readonly rawOrLabelHeaders?: 'raw' | 'label';
  /** With `rawOrLabel: 'label'`: a checked box's column holds its label, an unchecked one is blank. */
  readonly exportCheckboxLabel?: boolean;
  /** CSV delimiter. @default ',' */
  readonly csvDelimiter?: ',' | 'tab' | ';' | '|' | '^';
  /** Converts the decimal separator of number and calc fields. */
  readonly decimalCharacter?: ',' | '.';
}

const reportParams: Schema<ExportReportParams> = strictParams({
  format: v.optional(format),
  reportId: positiveInteger,
  rawOrLabel: v.optional(v.picklist(['raw', 'label'], "expected 'raw' or 'label' (REDCap has no 'both').")),
  rawOrLabelHeaders: v.optional(v.picklist(['raw', 'label'], "expected 'raw' or 'label'.")),
  exportCheckboxLabel: v.optional(flag),
  csvDelimiter: v.optional(v.picklist([',', 'tab', ';', '|', '^'], "expected one of ',', 'tab', ';', '|', '^'.")),
  decimalCharacter: v.optional(v.picklist([',', '.'], "expected ',' or '.'.")),
  cast: v.optional(castParam),
});

/**
 * Exports a report's rows: flat rows like a records export, limited to the
 * report's fields, filters and order. REDCap answers 403 for a report of another project.
 * `cast` types the values as for a records export (the project loaded first).
 *
 * REDCap method: Export Reports (`content=report`).
 *
 * @example
 * ```ts
 * const rows = await redcap.reports.export({ reportId: 42 });
 * const rows = await exportReport(client, { reportId: 42, rawOrLabel: 'label' });
 * const csv = await exportReport(client, { reportId: 42, format: 'csv', csvDelimiter: ';' });
 * const { rows, invalid } = await redcap.reports.export({ reportId: 42, cast: { invalid: 'report' } });
 * ```
 */
export const exportReport: CastExportFunction<ExportReportParams> = /* @__PURE__ */ defineMethod({
  name: 'exportReport',
  title: 'Export Reports',
  namespace: 'reports',
  verb: 'export',
  content: 'report',
  action: 'export',
  since: '6.0.0',
  ...jsonExport(reportParams, recordRows),
  toWire: (given: object) => ({ params: { format: 'json', ...toWire(given, ['cast']) } }),
  run: async (context) => {
    const cast = castStep(context);
    const rows = await context.send();
    return cast ? cast(rows as RecordRow[]) : rows;
  },
});

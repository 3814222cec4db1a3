import * as v from 'valibot';
import { flag, format, positiveInteger, recordRows, strictParams, type Schema } from '../internal/schemas.ts';
import { jsonExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { RecordRow } from './records/types.ts';
import type { ExportFunction } from './shapes.ts';

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
});

/**
 * Exports a report's rows: flat rows like a records export, limited to the
 * report's fields, filters and order. REDCap answers 403 for a report of another project.
 *
 * REDCap method: Export Reports (`content=report`).
 *
 * @example
 * ```ts
 * const rows = await redcap.reports.export({ reportId: 42 });
 * const rows = await exportReport(client, { reportId: 42, rawOrLabel: 'label' });
 * const csv = await exportReport(client, { reportId: 42, format: 'csv', csvDelimiter: ';' });
 * ```
 */
export const exportReport: ExportFunction<ExportReportParams, RecordRow[]> = /* @__PURE__ */ defineMethod({
  name: 'exportReport',
  title: 'Export Reports',
  namespace: 'reports',
  verb: 'export',
  content: 'report',
  action: 'export',
  since: '6.0.0',
  ...jsonExport(reportParams, recordRows),
});

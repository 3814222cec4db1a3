import * as v from 'valibot';
import { format, name, strictParams, type Schema } from '../internal/schemas.ts';
import { jsonExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { ExportFunction } from './shapes.ts';

/**
 * One column of a records export: a field's name in the export. A checkbox field
 * has one row per choice (`race` → `race___1`, `race___2`, ...), other fields one.
 */
export interface ExportFieldName {
  /** The field's variable name in the data dictionary. */
  original_field_name: string;
  /** The choice's code for a checkbox field (always a string); `""` for other fields. */
  choice_value: string;
  /** The column's name in exported records. */
  export_field_name: string;
}

/** Parameters of an export of field names. */
export interface ExportFieldNamesParams {
  /** Only this field; all fields (except file and descriptive ones) when left out. */
  readonly field?: string;
}

const fieldNamesParams: Schema<ExportFieldNamesParams> = strictParams({
  format: v.optional(format),
  field: v.optional(name),
});

/**
 * The column names a records export uses for each field, e.g. the `race___1`
 * columns of a checkbox field. REDCap answers 400 `Invalid field` for an unknown `field`.
 *
 * REDCap method: Export List of Export Field Names (`content=exportFieldNames`).
 *
 * @example
 * ```ts
 * const columns = await redcap.fieldNames.export({ field: 'race' });
 * const columns = await exportFieldNames(client);
 * const raceColumns = columns.filter((c) => c.original_field_name === 'race').map((c) => c.export_field_name);
 * ```
 */
export const exportFieldNames: ExportFunction<ExportFieldNamesParams, ExportFieldName[]> = /* @__PURE__ */ defineMethod({
  name: 'exportFieldNames',
  title: 'Export List of Export Field Names',
  namespace: 'fieldNames',
  verb: 'export',
  content: 'exportFieldNames',
  action: 'export',
  since: '6.0.0',
  ...jsonExport(
    fieldNamesParams,
    v.array(v.looseObject({ original_field_name: v.string(), choice_value: v.string(), export_field_name: v.string() })),
  ),
});

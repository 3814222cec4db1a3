import * as v from 'valibot';
import { format, name, nonEmptyList, strictParams, type Schema } from '../internal/schemas.ts';
import { rowsOrCsv, jsonExport, rowsImport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction } from './shapes.ts';

/** One field of the data dictionary: REDCap's 18 columns, every value a string. */
export interface MetadataField {
  field_name: string;
  form_name: string;
  section_header: string;
  field_type: string;
  field_label: string;
  select_choices_or_calculations: string;
  field_note: string;
  text_validation_type_or_show_slider_number: string;
  text_validation_min: string;
  text_validation_max: string;
  identifier: string;
  branching_logic: string;
  required_field: string;
  custom_alignment: string;
  question_number: string;
  matrix_group_name: string;
  matrix_ranking: string;
  field_annotation: string;
}

/** Parameters of a metadata export: fields and forms are combined (either matches). */
export interface ExportMetadataParams {
  /** Only these fields. */
  readonly fields?: readonly string[];
  /** Only the fields of these instruments. */
  readonly forms?: readonly string[];
}

const metadataParams: Schema<ExportMetadataParams> = strictParams({
  format: v.optional(format),
  fields: v.optional(nonEmptyList(name, 'field names')),
  forms: v.optional(nonEmptyList(name, 'instrument names')),
});

/**
 * Exports the data dictionary: one entry per field, in project order.
 *
 * REDCap method: Export Metadata, the data dictionary (`content=metadata`).
 *
 * @example
 * ```ts
 * const fields = await exportMetadata(client, { forms: ['demographics'] });
 * console.log(fields.map((f) => `${f.field_name}: ${f.field_type}`));
 * ```
 */
export const exportMetadata: ExportFunction<ExportMetadataParams, MetadataField[]> = /* @__PURE__ */ defineMethod({
  name: 'exportMetadata',
  title: 'Export Metadata (Data Dictionary)',
  namespace: 'metadata',
  verb: 'export',
  content: 'metadata',
  action: 'export',
  since: '3.4.0',
  ...jsonExport(metadataParams, v.array(v.looseObject({ field_name: v.string(), form_name: v.string(), field_type: v.string() }))),
});

/**
 * A field to import into the data dictionary: REDCap's columns, of which
 * `field_name`, `form_name`, `field_type` and `field_label` are required here;
 * left-out columns are sent as blank by REDCap's reader.
 */
export type ImportMetadataField = Pick<MetadataField, 'field_name' | 'form_name' | 'field_type' | 'field_label'> & Partial<MetadataField>;

const metadataRow: Schema<ImportMetadataField> = v.looseObject({
  field_name: name,
  form_name: name,
  field_type: name,
  field_label: v.string('expected the field label as a string.'),
});

/**
 * Replaces the whole data dictionary (projects in development only) with fields
 * as exported by {@link exportMetadata}, or with data-dictionary CSV text.
 * Returns the number of fields imported.
 *
 * REDCap method: Import Metadata, the data dictionary (`content=metadata` with `data`).
 *
 * @example
 * ```ts
 * const count = await redcap.metadata.import(await redcap.metadata.export());
 * const fields = await exportMetadata(client);
 * fields.push({ ...fields[0]!, field_name: 'weight_kg', field_label: 'Weight (kg)', field_type: 'text' });
 * const count = await importMetadata(client, fields);
 * ```
 */
export const importMetadata: DataFunction<readonly ImportMetadataField[] | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importMetadata',
  title: 'Import Metadata (Data Dictionary)',
  namespace: 'metadata',
  verb: 'import',
  content: 'metadata',
  action: 'import',
  since: '6.11.0',
  ...rowsImport(rowsOrCsv(metadataRow, 'field')),
});

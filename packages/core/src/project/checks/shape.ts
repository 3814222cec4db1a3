import type { ProjectParts } from '../model.ts';

/**
 * What the import checks need to know of a project: the parts REDCap's own import
 * checks read (data dictionary, events, designations, repeating setup, missing-data
 * codes), in the shapes the export methods return them.
 */

/** The data dictionary columns the checks read (a `metadata.export()` row has them all). */
export interface CheckField {
  readonly field_name: string;
  readonly form_name: string;
  readonly field_type: string;
  readonly select_choices_or_calculations?: string;
  readonly text_validation_type_or_show_slider_number?: string;
  readonly text_validation_min?: string;
  readonly text_validation_max?: string;
  readonly field_annotation?: string;
}

/**
 * A project as the import checks see it. {@link checkableProject} builds one from
 * the answers of the export methods; the loaded project model provides one too.
 *
 * @example
 * ```ts
 * const project: CheckableProject = checkableProject({ metadata: await redcap.metadata.export() });
 * ```
 */
export interface CheckableProject {
  /** The record id field: the first field of the dictionary. */
  readonly recordIdField: string;
  readonly fields: readonly CheckField[];
  /** Instrument names, in order. */
  readonly forms: readonly string[];
  readonly longitudinal: boolean;
  /** Events in order (the first one takes rows without `redcap_event_name`); empty for a classic project. */
  readonly events: readonly { readonly unique_event_name: string; readonly event_name: string; readonly arm_num: number | string }[];
  readonly arms: readonly { readonly arm_num: number | string; readonly name: string }[];
  /** Which instruments each event holds (longitudinal projects). */
  readonly formEventMapping: readonly { readonly unique_event_name: string; readonly form: string }[];
  /** Repeating instruments (`form_name`) and events (`form_name: ''`); `event_name` absent or blank in classic projects. */
  readonly repeating: readonly { readonly event_name?: string; readonly form_name: string }[];
  /** The codes of the project's missing-data codes (`UNK`, `NA`, ...). */
  readonly missingDataCodes: readonly string[];
  /** Whether record auto-numbering is on (then `forceAutoNumber` replaces the names in the data). */
  readonly autoNumbering: boolean;
}

/**
 * Builds the project the import checks read from the answers of the export methods,
 * or from a loaded `RedcapProject` (which holds the same parts).
 *
 * @example
 * ```ts
 * const project = checkableProject({
 *   metadata: await redcap.metadata.export(),
 *   events: await redcap.events.export(),
 *   formEventMappings: await redcap.formEventMappings.export(),
 *   repeating: await redcap.repeatingFormsEvents.export(),
 *   info: await redcap.project.exportInfo(),
 * });
 * ```
 */
export function checkableProject(parts: ProjectParts): CheckableProject {
  const forms = parts.instruments?.map((item) => item.instrument_name) ?? [...new Set(parts.metadata.map((field) => field.form_name))];
  const events = parts.events ?? [];
  return {
    recordIdField: parts.metadata[0]?.field_name ?? 'record_id',
    fields: parts.metadata,
    forms,
    longitudinal: parts.info?.is_longitudinal !== undefined ? Number(parts.info.is_longitudinal) === 1 : events.length > 0,
    events,
    arms: parts.arms ?? [],
    formEventMapping: parts.formEventMappings ?? [],
    repeating: parts.repeating ?? [],
    missingDataCodes: missingCodes(parts.info?.missing_data_codes ?? ''),
    autoNumbering: Number(parts.info?.record_autonumbering_enabled ?? 0) === 1,
  };
}

/** The codes of a `missing_data_codes` setting (`NA, Not applicable | UNK, Unknown`). */
function missingCodes(setting: string): string[] {
  return setting
    .split('|')
    .map((part) => part.split(',')[0]!.trim())
    .filter((code) => code !== '');
}

import type { BatchKnobs, ExportProgress, ImportProgress } from './progress.ts';

/**
 * One row of a flat record export: REDCap sends every value as a string, except
 * `redcap_repeat_instance`, which is a number on repeating rows and `""` elsewhere.
 */
export type RecordRow = Record<string, string | number>;

/** A row to import. Numbers are sent as numbers; `null` and `undefined` as blanks. */
export type ImportRow = Readonly<Record<string, string | number | null | undefined>>;

/** Parameters of a records export (REDCap's `content=record`). */
export interface ExportRecordsParams extends BatchKnobs<ExportProgress> {
  /** Record names to export; all when left out. Unknown names are ignored by REDCap. */
  readonly records?: readonly (string | number)[];
  /** Variables to export (data-dictionary order, not this order). The record id is not added for you. */
  readonly fields?: readonly string[];
  /** Instruments whose fields to export (added to `fields`). */
  readonly forms?: readonly string[];
  /** Unique event names (longitudinal projects). */
  readonly events?: readonly string[];
  /** `flat`: one row per record, event and instance; `eav`: one row per value. @default 'flat' */
  readonly type?: 'flat' | 'eav';
  /** Raw codes or their labels. @default 'raw' */
  readonly rawOrLabel?: 'raw' | 'label';
  /** CSV headers as variable names or field labels. @default 'raw' */
  readonly rawOrLabelHeaders?: 'raw' | 'label';
  /** With `rawOrLabel: 'label'`: a checked box's column holds its label, an unchecked one is blank. */
  readonly exportCheckboxLabel?: boolean;
  /** One column per checkbox field with the checked codes joined by commas (REDCap 15). */
  readonly combineCheckboxOptions?: boolean;
  /** Adds `redcap_survey_identifier` and `<form>_timestamp` columns. */
  readonly exportSurveyFields?: boolean;
  /** Adds the `redcap_data_access_group` column. */
  readonly exportDataAccessGroups?: boolean;
  /** REDCap logic selecting records, e.g. `[age] > 30`. */
  readonly filterLogic?: string;
  /** Only records created or changed at or after this time (server time). */
  readonly dateRangeBegin?: Date | string;
  /** Only records created or changed at or before this time (server time). */
  readonly dateRangeEnd?: Date | string;
  /** CSV delimiter. @default ',' */
  readonly csvDelimiter?: ',' | 'tab' | ';' | '|' | '^';
  /** Converts the decimal separator of number and calc fields. */
  readonly decimalCharacter?: ',' | '.';
  /** Never-saved forms export `""` instead of `0` as their status. */
  readonly exportBlankForGrayFormStatus?: boolean;
}

/** What a records import returns for each `returnContent`. */
export interface ImportRecordsResults {
  /** The number of distinct records imported (not rows). */
  count: number;
  /** The names of the records imported, each once, in order of first appearance. */
  ids: string[];
  /** With `forceAutoNumber`: the name each record was given and the name it had in the data. */
  auto_ids: { id: string; originalId: string }[];
  /** Nothing. */
  nothing: undefined;
}

/** What a records import returns: `count`, `ids`, `auto_ids` or `nothing`. */
export type ReturnContent = keyof ImportRecordsResults;

/** Options of a records import (REDCap's import parameters). */
export interface ImportRecordsOptions<C extends ReturnContent = 'count', B extends boolean = false> extends BatchKnobs<ImportProgress> {
  /** `normal` keeps stored values where the data is blank; `overwrite` erases them. @default 'normal' */
  readonly overwriteBehavior?: 'normal' | 'overwrite';
  /** Replace the record names in the data by new auto-numbered names. Never retried. */
  readonly forceAutoNumber?: boolean;
  /** How dates in the data are written. @default 'YMD' */
  readonly dateFormat?: 'YMD' | 'MDY' | 'DMY';
  /** What to return. @default 'count' */
  readonly returnContent?: C;
  /** Queue the import on the server and return at once (REDCap 14+). */
  readonly backgroundProcess?: B;
  /** `flat` rows, or `eav` rows of `{ record, field_name, value }`. @default 'flat' */
  readonly type?: 'flat' | 'eav';
  /** Delimiter of CSV data. @default ',' */
  readonly csvDelimiter?: ',' | 'tab' | ';' | '|' | '^';
  /** Turn choice labels into their codes (REDCap accepts only codes); needs the project loaded (`project.load()`). @default false */
  readonly labels?: boolean;
  /**
   * Run REDCap's import checks against the loaded project before anything is sent,
   * and throw one `RedcapImportCheckError` listing every problem. On by default once
   * the project is loaded (`enableImportChecks`); `true` without a project is an
   * error, `false` leaves the judging to REDCap. Flat data only (rows or CSV text).
   */
  readonly validate?: boolean;
  /**
   * With `batchSize`: go on past a batch REDCap refuses, and throw one
   * `RedcapBatchError` at the end listing every refused record with REDCap's details
   * beside the landed ones. A batch whose answer never came still stops the import.
   * @default false
   */
  readonly continueOnError?: boolean;
}

/** The result of a records import: by `returnContent`, or `{ queued }` for a background import. */
export type ImportRecordsResult<C extends ReturnContent, B extends boolean> = B extends true
  ? { queued: boolean }
  : ImportRecordsResults[C];

/** Parameters of a records delete. */
export interface DeleteRecordsParams {
  /** The records to delete (or to delete parts of). */
  readonly records: readonly (string | number)[];
  /** Delete only from this arm (longitudinal projects with several arms). */
  readonly arm?: number;
  /** Delete only this instrument's data (with `event` in longitudinal projects). */
  readonly instrument?: string;
  /** Delete only this event's data. */
  readonly event?: string;
  /** Delete only this repeat instance. */
  readonly repeatInstance?: number;
  /** Also delete the records' logging, when the project allows it. REDCap's default is to delete it. */
  readonly deleteLogging?: boolean;
}

/** Parameters of a record rename. */
export interface RenameRecordParams {
  /** The record's current name. */
  readonly record: string | number;
  /** The name to give it. */
  readonly newRecordName: string | number;
  /** Rename only in this arm (longitudinal projects with several arms); all arms when left out. */
  readonly arm?: number;
}

/** Parameters of a record randomization (REDCap 14.7.0+). */
export interface RandomizeRecordParams {
  /** The record to randomize. */
  readonly record: string | number;
  /** The randomization's id (Project Setup → Randomization; a project can have several). */
  readonly randomizationId: number;
  /** Also return the allocation's alternative value (`target_field_alt`). */
  readonly returnAlt?: boolean;
}

/** What REDCap allocated to a randomized record. */
export interface RandomizeResult {
  /** The randomization's id. */
  randomization_id: number;
  /** The record randomized. */
  record: string;
  /** The allocated value (the code stored in the target field). */
  target_field: string;
  /** The randomization field's name (REDCap 15; absent in older versions' answers). */
  target_field_name?: string;
  /** With `returnAlt`: the allocation's alternative value; `*` when the allocation is concealed. */
  target_field_alt?: string;
}

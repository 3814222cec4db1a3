/**
 * The shape of a project as types: what `redcap typegen` writes and what
 * `createRedcap<Project>()` reads. Types only, nothing here exists at run time.
 */

/**
 * How a field's values are typed. REDCap sends every value as a string; the kind says
 * what the string holds and what casting turns it into.
 *
 * - `text`: free text (also notes, email, phone and other validations); stays a string.
 * - `number`: integer, number, calc and slider fields, and text with number or integer validation.
 * - `boolean`: yesno and truefalse fields (`1`/`0`).
 * - `date`, `datetime`, `datetime_seconds`, `time`, `time_mm_ss`: stored as ISO-like strings (`2024-03-01`, `2024-03-01 14:05`).
 * - `choice`: radio and dropdown fields; the value is one of `codes`.
 * - `checkbox`: one `field___code` column per option in raw rows; the selected `codes` when cast.
 * - `file`: a file upload field; the value is the stored file name.
 *
 * @example
 * ```ts
 * const kind: FieldKind = 'date';
 * ```
 */
export type FieldKind =
  | 'text'
  | 'number'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'datetime_seconds'
  | 'time'
  | 'time_mm_ss'
  | 'choice'
  | 'checkbox'
  | 'file';

/**
 * One field of a {@link ProjectTypes}: where it lives and how its values are typed.
 *
 * @example
 * ```ts
 * type Sex = { readonly form: 'demographics'; readonly kind: 'choice'; readonly codes: '0' | '1' };
 * type Race = {
 *   readonly form: 'demographics';
 *   readonly kind: 'checkbox';
 *   readonly codes: '1' | '2';
 *   readonly columns: { readonly race___1: '1'; readonly race___2: '2' };
 * };
 * ```
 */
export interface FieldTypes {
  /** The instrument (form) holding the field. */
  readonly form: string;
  /** How the field's values are typed. */
  readonly kind: FieldKind;
  /** Choice and checkbox fields: the union of the option codes, as REDCap stores them. */
  readonly codes?: string;
  /**
   * Checkbox fields: the raw export columns (`race___1`, and `race___unk` for a
   * missing-data code) mapped to the option code each stands for.
   */
  readonly columns?: { readonly [column: string]: string };
}

/**
 * The shape of a REDCap project, as a type: the module that `redcap typegen` writes
 * exports one (`Project`), and `createRedcap<Project>(options)` takes it to type
 * record exports and imports by the project's own fields, forms and events.
 *
 * @example
 * ```ts
 * import { createRedcap } from '@redcap-sdk/core';
 * import type { Project } from './project.ts'; // written by `redcap typegen -o project.ts`
 *
 * const redcap = createRedcap<Project>({ url, token });
 * const rows = await redcap.records.export({ fields: ['record_id', 'age'] });
 * rows[0]?.age; // string (raw); number with `cast: true`
 * ```
 */
export interface ProjectTypes {
  /** The record id field: the first field of the data dictionary. */
  readonly recordId: string;
  /** Every field that holds data (descriptive fields hold none and are left out). */
  readonly fields: { readonly [field: string]: FieldTypes };
  /** The instruments, as a union of their names. */
  readonly forms: string;
  /** Longitudinal projects: each unique event name mapped to the union of the forms it holds. `{}` for a classic project. */
  readonly events: { readonly [event: string]: string };
  /** The repeating instruments (in any event), as a union; `never` when none repeat. */
  readonly repeatingForms: string;
  /** The events that repeat as a whole, as a union; `never` when none do. */
  readonly repeatingEvents: string;
  /** The project's missing-data codes (`missing_data_codes`) as a union; `never` when it has none, `string` when not known. */
  readonly missingCodes: string;
}

/**
 * A REDCap date as exported and imported (`YYYY-MM-DD`).
 *
 * @example
 * ```ts
 * const visit: RedcapDate = '2024-03-01';
 * ```
 */
export type RedcapDate = `${number}-${number}-${number}`;

/**
 * A REDCap datetime as exported (`YYYY-MM-DD HH:MM`).
 *
 * @example
 * ```ts
 * const seen: RedcapDatetime = '2024-03-01 14:05';
 * ```
 */
export type RedcapDatetime = `${RedcapDate} ${number}:${number}`;

/**
 * A REDCap datetime with seconds as exported (`YYYY-MM-DD HH:MM:SS`).
 *
 * @example
 * ```ts
 * const seen: RedcapDatetimeSeconds = '2024-03-01 14:05:59';
 * ```
 */
export type RedcapDatetimeSeconds = `${RedcapDate} ${number}:${number}:${number}`;

/**
 * A REDCap time as exported (`HH:MM`, `HH:MM:SS` or, for `time_mm_ss`, `MM:SS`).
 *
 * @example
 * ```ts
 * const start: RedcapTime = '08:30';
 * ```
 */
export type RedcapTime = `${number}:${number}` | `${number}:${number}:${number}`;

/**
 * The string a raw export holds for a field of kind `F['kind']` (besides `""` for a blank).
 *
 * @example
 * ```ts
 * type SexRaw = RawValue<Project['fields']['sex']>; // '0' | '1'
 * ```
 */
export type RawValue<F extends FieldTypes> = F['kind'] extends 'choice'
  ? NonNullable<F['codes']>
  : F['kind'] extends 'boolean'
    ? '0' | '1'
    : F['kind'] extends 'date'
      ? RedcapDate
      : F['kind'] extends 'datetime'
        ? RedcapDatetime
        : F['kind'] extends 'datetime_seconds'
          ? RedcapDatetimeSeconds
          : F['kind'] extends 'time' | 'time_mm_ss'
            ? RedcapTime
            : string;

/**
 * How cast date and datetime values come: the ISO-like strings REDCap stores (the
 * default), or `Date` objects in local time. Times stay strings either way.
 *
 * @example
 * ```ts
 * const dates: CastDates = 'string';
 * ```
 */
export type CastDates = 'date' | 'string';

/**
 * The value casting gives for a field (before `null` for a blank and {@link MissingValue} for a missing-data code).
 * Choices and checkboxes come as codes, or as label strings with `labels`.
 *
 * @example
 * ```ts
 * type Age = CastFieldValue<Project['fields']['age'], 'date', false>; // number
 * ```
 */
export type CastFieldValue<F extends FieldTypes, D extends CastDates, L extends boolean> = F['kind'] extends 'number'
  ? number
  : F['kind'] extends 'boolean'
    ? boolean
    : F['kind'] extends 'date' | 'datetime' | 'datetime_seconds'
      ? D extends 'string'
        ? RawValue<F>
        : Date
      : F['kind'] extends 'choice'
        ? L extends true
          ? string
          : NonNullable<F['codes']>
        : F['kind'] extends 'checkbox'
          ? L extends true
            ? readonly string[]
            : readonly NonNullable<F['codes']>[]
          : string;

/**
 * The names of a project's fields.
 *
 * @example
 * ```ts
 * const field: FieldName<Project> = 'age';
 * ```
 */
export type FieldName<P extends ProjectTypes> = keyof P['fields'] & string;

/**
 * The form status columns, `<form>_complete`.
 *
 * @example
 * ```ts
 * const status: CompleteField<Project> = 'demographics_complete';
 * ```
 */
export type CompleteField<P extends ProjectTypes> = `${P['forms']}_complete`;

/**
 * The unique event names of a longitudinal project (`never` for a classic one).
 *
 * @example
 * ```ts
 * const event: EventName<Project> = 'baseline_arm_1';
 * ```
 */
export type EventName<P extends ProjectTypes> = keyof P['events'] & string;

/**
 * The fields held by the forms `Forms`.
 *
 * @example
 * ```ts
 * type DemographicsFields = FieldsOfForms<Project, 'demographics'>; // 'record_id' | 'age' | ...
 * ```
 */
export type FieldsOfForms<P extends ProjectTypes, Forms extends string> = {
  [K in FieldName<P>]: P['fields'][K]['form'] extends Forms ? K : never;
}[FieldName<P>];

/**
 * The raw export columns of checkbox fields `K` (`race___1`, `race___2`, ...).
 *
 * @example
 * ```ts
 * const column: CheckboxColumn<Project> = 'race___1';
 * ```
 */
export type CheckboxColumn<P extends ProjectTypes, K extends FieldName<P> = FieldName<P>> = {
  [N in K]: P['fields'][N] extends { readonly columns: infer C } ? keyof C & string : never;
}[K];

/**
 * Every column a flat record row of the project can have: its fields (checkboxes as their
 * `___code` columns), the form status columns and REDCap's own columns.
 *
 * @example
 * ```ts
 * const column: RecordColumn<Project> = 'redcap_event_name';
 * ```
 */
export type RecordColumn<P extends ProjectTypes> =
  | Exclude<FieldName<P>, CheckboxFieldName<P>>
  | CheckboxColumn<P>
  | CompleteField<P>
  | 'redcap_event_name'
  | 'redcap_repeat_instrument'
  | 'redcap_repeat_instance'
  | 'redcap_data_access_group'
  | 'redcap_survey_identifier';

/**
 * The checkbox fields of a project.
 *
 * @example
 * ```ts
 * const field: CheckboxFieldName<Project> = 'race';
 * ```
 */
export type CheckboxFieldName<P extends ProjectTypes> = {
  [K in FieldName<P>]: P['fields'][K]['kind'] extends 'checkbox' ? K : never;
}[FieldName<P>];

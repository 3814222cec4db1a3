import type { Arm } from '../methods/arms.ts';
import type { RedcapEvent } from '../methods/events.ts';
import type { InstrumentEventMapping } from '../methods/form-event-mappings.ts';
import type { Instrument } from '../methods/instruments.ts';
import type { MetadataField } from '../methods/metadata.ts';
import type { ProjectInfo } from '../methods/project.ts';
import type { RepeatingFormEvent } from '../methods/repeating.ts';
import { checkboxColumnCode, parseChoices, type Choice } from './choices.ts';

/** A field of the dictionary as a part may give it: the three columns that matter, the rest blank when left out. */
export type DictionaryField = Pick<MetadataField, 'field_name' | 'form_name' | 'field_type'> & Partial<MetadataField>;

/**
 * What a project is built from: REDCap's own answers (or files of them). Only
 * `metadata` is required; the rest default to what a classic project without
 * repeating instruments has, and instruments default to the forms of the dictionary.
 *
 * @example
 * ```ts
 * const parts: ProjectParts = { metadata: await redcap.metadata.export(), info: await redcap.project.exportInfo() };
 * ```
 */
export interface ProjectParts {
  /** The data dictionary (`metadata.export()`), in project order: the first field is the record id. */
  readonly metadata: readonly DictionaryField[];
  /** The project info (`project.exportInfo()`): longitudinal and repeating flags, `missing_data_codes`. */
  readonly info?: Partial<ProjectInfo> | undefined;
  /** The instruments (`instruments.export()`). */
  readonly instruments?: readonly Instrument[] | undefined;
  /** The arms (`arms.export()`), longitudinal projects only. */
  readonly arms?: readonly Arm[] | undefined;
  /** The events (`events.export()`), longitudinal projects only. */
  readonly events?: readonly RedcapEvent[] | undefined;
  /** The instrument-event designations (`formEventMappings.export()`), longitudinal projects only. */
  readonly formEventMappings?: readonly Pick<InstrumentEventMapping, 'unique_event_name' | 'form'>[] | undefined;
  /** The repeating instruments and events (`repeatingFormsEvents.export()`). */
  readonly repeating?: readonly RepeatingFormEvent[] | undefined;
}

/**
 * What a column of flat record data means: the record id, one of REDCap's own
 * columns, a form's status or survey timestamp, a field, or one option of a
 * checkbox (a choice, or a missing-data code when `missing` is true).
 *
 * @example
 * ```ts
 * const column = project.columnOf('race___2'); // { kind: 'checkbox', field: {...}, code: '2', missing: false }
 * ```
 */
export type ProjectColumn =
  | { readonly kind: 'recordId'; readonly field: Readonly<MetadataField> }
  | { readonly kind: 'event' | 'repeatInstrument' | 'repeatInstance' | 'dag' | 'surveyIdentifier' }
  | { readonly kind: 'complete' | 'timestamp'; readonly form: string }
  | { readonly kind: 'field'; readonly field: Readonly<MetadataField> }
  | { readonly kind: 'checkbox'; readonly field: Readonly<MetadataField>; readonly code: string; readonly missing: boolean };

/**
 * A REDCap project as loaded once by {@link loadProject} (or built offline by
 * {@link projectFrom}): the dictionary, instruments, events, arms, designations,
 * repeating setup and settings, with the look-ups casting, pre-checks and people
 * need. Immutable: `project.refresh()` (or `load({ refresh: true })`) gives a new one.
 *
 * @example
 * ```ts
 * const project = await redcap.project.load();
 * project.recordIdField; // 'record_id'
 * project.choicesOf('sex'); // [{ code: '0', label: 'Female' }, { code: '1', label: 'Male' }]
 * project.checkboxColumns('race'); // ['race___1', 'race___2', 'race____1']
 * ```
 */
export interface RedcapProject {
  /** The project info as REDCap sent it. */
  readonly info: Readonly<Partial<ProjectInfo>>;
  /** The data dictionary, every one of its 18 columns present. */
  readonly metadata: readonly Readonly<MetadataField>[];
  /** The instruments, in project order. */
  readonly instruments: readonly Readonly<Instrument>[];
  /** The arms; empty for classic projects. */
  readonly arms: readonly Readonly<Arm>[];
  /** The events; empty for classic projects. */
  readonly events: readonly Readonly<RedcapEvent>[];
  /** The instrument-event designations; empty for classic projects. */
  readonly formEventMappings: readonly Readonly<Pick<InstrumentEventMapping, 'unique_event_name' | 'form'>>[];
  /** The repeating instruments and events; empty when nothing repeats. */
  readonly repeating: readonly Readonly<RepeatingFormEvent>[];
  /** The record id field: the first field of the dictionary. */
  readonly recordIdField: string;
  /** Whether the project has events (`is_longitudinal`). */
  readonly isLongitudinal: boolean;
  /** Whether any instrument or event repeats (`has_repeating_instruments_or_events`). */
  readonly hasRepeating: boolean;
  /** The project's missing-data codes (`missing_data_codes`), e.g. `[{ code: 'UNK', label: 'Unknown' }]`. */
  readonly missingDataCodes: readonly Choice[];
  /** A field of the dictionary by name; `undefined` when there is none (form status fields are not in the dictionary). */
  field(name: string): Readonly<MetadataField> | undefined;
  /** The fields of an instrument, in dictionary order; empty for an unknown instrument. */
  fieldsOf(form: string): readonly Readonly<MetadataField>[];
  /** The instruments of an event (its designations), in project order; every instrument in a classic project. */
  formsOf(event?: string): readonly string[];
  /** A field's choices: parsed for dropdown, radio and checkbox fields, implied for yesno and truefalse; empty otherwise. */
  choicesOf(field: string): readonly Choice[];
  /** A checkbox field's option columns, `<field>___<code>`, one per choice (missing-data code columns not included). */
  checkboxColumns(field: string): readonly string[];
  /** What a column of flat record data holds; `undefined` for a column the project does not have. */
  columnOf(column: string): ProjectColumn | undefined;
  /** Whether an instrument repeats (in `event`, for longitudinal projects), on its own or as part of a repeating event. */
  isRepeatingForm(form: string, event?: string): boolean;
  /** Whether a whole event repeats. */
  isRepeatingEvent(event: string): boolean;
}

const dictionaryColumns: readonly (keyof MetadataField)[] = [
  'field_name',
  'form_name',
  'section_header',
  'field_type',
  'field_label',
  'select_choices_or_calculations',
  'field_note',
  'text_validation_type_or_show_slider_number',
  'text_validation_min',
  'text_validation_max',
  'identifier',
  'branching_logic',
  'required_field',
  'custom_alignment',
  'question_number',
  'matrix_group_name',
  'matrix_ranking',
  'field_annotation',
];

const implied: Readonly<Record<string, readonly Choice[]>> = {
  yesno: Object.freeze([Object.freeze({ code: '1', label: 'Yes' }), Object.freeze({ code: '0', label: 'No' })]),
  truefalse: Object.freeze([Object.freeze({ code: '1', label: 'True' }), Object.freeze({ code: '0', label: 'False' })]),
};

const choiceTypes = new Set(['dropdown', 'radio', 'checkbox']);

const special: Readonly<Record<string, ProjectColumn>> = {
  redcap_event_name: { kind: 'event' },
  redcap_repeat_instrument: { kind: 'repeatInstrument' },
  redcap_repeat_instance: { kind: 'repeatInstance' },
  redcap_data_access_group: { kind: 'dag' },
  redcap_survey_identifier: { kind: 'surveyIdentifier' },
};

const flagOn = (value: unknown): boolean => value === 1 || value === '1' || value === true;
const frozen = <T extends object>(items: readonly T[] | undefined): readonly Readonly<T>[] =>
  Object.freeze((items ?? []).map((item) => Object.freeze({ ...item })));

/**
 * Builds a {@link RedcapProject} from REDCap's answers, with no request: what
 * `project.load()` does once it has fetched them, and what tests and tools use
 * offline (a dictionary file, saved answers). Pure; the parts are copied.
 *
 * @example
 * ```ts
 * const project = projectFrom({
 *   metadata: [
 *     { field_name: 'record_id', form_name: 'enrolment', field_type: 'text' },
 *     { field_name: 'smoker', form_name: 'enrolment', field_type: 'yesno' },
 *   ],
 *   info: { missing_data_codes: 'UNK, Unknown' },
 * });
 * project.choicesOf('smoker'); // [{ code: '1', label: 'Yes' }, { code: '0', label: 'No' }]
 * ```
 */
export function projectFrom(parts: ProjectParts): RedcapProject {
  const metadata = Object.freeze(
    parts.metadata.map((given) => {
      const field = {} as Record<keyof MetadataField, string>;
      for (const column of dictionaryColumns) field[column] = String(given[column] ?? '');
      return Object.freeze(field as MetadataField);
    }),
  );
  const first = metadata[0];
  if (!first) throw new TypeError('A project needs its data dictionary: `metadata` is empty.');
  const instruments = frozen(
    parts.instruments ??
      [...new Set(metadata.map((field) => field.form_name))].map((name) => ({ instrument_name: name, instrument_label: name })),
  );
  const events = frozen(parts.events);
  const formEventMappings = frozen(parts.formEventMappings);
  const repeating = frozen(parts.repeating);
  const info = Object.freeze({ ...parts.info });
  const missingDataCodes = Object.freeze(parseChoices(String(info.missing_data_codes ?? '')));
  const isLongitudinal = info.is_longitudinal === undefined ? events.length > 0 : flagOn(info.is_longitudinal);
  const hasRepeating =
    info.has_repeating_instruments_or_events === undefined ? repeating.length > 0 : flagOn(info.has_repeating_instruments_or_events);

  const byName = new Map(metadata.map((field) => [field.field_name, field]));
  const byForm = new Map<string, Readonly<MetadataField>[]>();
  for (const field of metadata) byForm.set(field.form_name, [...(byForm.get(field.form_name) ?? []), field]);
  const choices = new Map<string, readonly Choice[]>();
  const choicesOf = (name: string): readonly Choice[] => {
    const field = byName.get(name);
    if (!field) return [];
    let parsed = choices.get(name);
    if (!parsed) {
      parsed =
        implied[field.field_type] ??
        Object.freeze(choiceTypes.has(field.field_type) ? parseChoices(field.select_choices_or_calculations) : []);
      choices.set(name, parsed);
    }
    return parsed;
  };
  const checkboxColumns = (name: string): readonly string[] =>
    byName.get(name)?.field_type === 'checkbox' ? choicesOf(name).map((choice) => `${name}___${checkboxColumnCode(choice.code)}`) : [];

  let columns: Map<string, ProjectColumn> | undefined;
  const columnMap = (): Map<string, ProjectColumn> => {
    if (columns) return columns;
    columns = new Map(Object.entries(special));
    for (const { instrument_name: form } of instruments) {
      columns.set(`${form}_complete`, Object.freeze({ kind: 'complete', form }));
      columns.set(`${form}_timestamp`, Object.freeze({ kind: 'timestamp', form }));
    }
    for (const field of metadata) {
      if (field.field_type === 'descriptive') continue;
      if (field === first) {
        columns.set(field.field_name, Object.freeze({ kind: 'recordId', field }));
      } else if (field.field_type === 'checkbox') {
        const options = choicesOf(field.field_name).map((choice) => ({ code: choice.code, missing: false }));
        // REDCap adds a column per missing-data code to every checkbox without @NOMISSING.
        if (!/@NOMISSING\b/.test(field.field_annotation)) {
          for (const { code } of missingDataCodes) options.push({ code, missing: true });
        }
        for (const { code, missing } of options) {
          columns.set(`${field.field_name}___${checkboxColumnCode(code)}`, Object.freeze({ kind: 'checkbox', field, code, missing }));
        }
      } else {
        columns.set(field.field_name, Object.freeze({ kind: 'field', field }));
      }
    }
    return columns;
  };

  const allForms = Object.freeze(instruments.map((instrument) => instrument.instrument_name));
  const formsOf = (event?: string): readonly string[] => {
    if (!isLongitudinal) return allForms;
    const designated = new Set(formEventMappings.filter((m) => m.unique_event_name === event).map((m) => m.form));
    return Object.freeze(allForms.filter((form) => designated.has(form)));
  };
  const isRepeatingEvent = (event: string): boolean =>
    isLongitudinal && repeating.some((row) => row.event_name === event && (row.form_name ?? '') === '');
  const isRepeatingForm = (form: string, event?: string): boolean =>
    isLongitudinal
      ? repeating.some((row) => row.event_name === event && (row.form_name === form || (row.form_name ?? '') === ''))
      : repeating.some((row) => row.form_name === form);

  return Object.freeze({
    info,
    metadata,
    instruments,
    arms: frozen(parts.arms),
    events,
    formEventMappings,
    repeating,
    recordIdField: first.field_name,
    isLongitudinal,
    hasRepeating,
    missingDataCodes,
    field: (name: string) => byName.get(name),
    fieldsOf: (form: string) => Object.freeze([...(byForm.get(form) ?? [])]),
    formsOf,
    choicesOf,
    checkboxColumns,
    columnOf: (column: string) => columnMap().get(column),
    isRepeatingForm,
    isRepeatingEvent,
  });
}

/** The 18 columns of REDCap's data dictionary, in export order (§5.1). */
export const METADATA_COLUMNS = [
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
] as const;

/** One data dictionary column name. */
export type MetadataColumn = (typeof METADATA_COLUMNS)[number];
/** One field of the data dictionary, every column a string. */
export type FieldDef = Readonly<Record<MetadataColumn, string>>;
/** A field in a fixture: the four essential columns, the rest default to `""`. */
export type FieldInput = Partial<FieldDef> & Pick<FieldDef, 'field_name' | 'form_name' | 'field_type' | 'field_label'>;

/** The 26 keys of Export Project Info in REDCap 15.7.6 order (§2.15). */
export const PROJECT_INFO_KEYS = [
  'project_id',
  'project_title',
  'creation_time',
  'production_time',
  'in_production',
  'project_language',
  'purpose',
  'purpose_other',
  'project_notes',
  'custom_record_label',
  'secondary_unique_field',
  'is_longitudinal',
  'has_repeating_instruments_or_events',
  'surveys_enabled',
  'scheduling_enabled',
  'record_autonumbering_enabled',
  'randomization_enabled',
  'ddp_enabled',
  'project_irb_number',
  'project_grant_number',
  'project_pi_firstname',
  'project_pi_lastname',
  'display_today_now_button',
  'missing_data_codes',
  'external_modules',
  'bypass_branching_erase_field_prompt',
] as const;

/** One project info key. */
export type ProjectInfoKey = (typeof PROJECT_INFO_KEYS)[number];

/** An instrument. `survey`: enabled as a survey. */
export interface FormInput {
  readonly name: string;
  readonly label: string;
  readonly survey?: boolean;
}

export interface ArmInput {
  readonly num: number;
  readonly name: string;
}

export interface EventInput {
  readonly uniqueName: string;
  /** The event's display name (`Baseline`). */
  readonly name: string;
  readonly arm: number;
  readonly id: number;
  readonly dayOffset?: number;
  readonly offsetMin?: number;
  readonly offsetMax?: number;
  readonly customLabel?: string;
}

/** A repeating instrument (`form`) in an event, or a whole repeating event (`form: ''`). */
export interface RepeatInput {
  /** Unique event name; omit in classic projects. */
  readonly event?: string;
  readonly form: string;
  readonly customLabel?: string;
}

export interface DagInput {
  readonly id: number;
  readonly name: string;
  readonly uniqueName: string;
}

/** The rights the simulator's privilege gate and methods look at. */
export interface UserRights {
  readonly apiExport: boolean;
  readonly apiImport: boolean;
  readonly recordDelete: boolean;
  readonly recordRename: boolean;
  readonly randomize: boolean;
  readonly design: boolean;
  readonly surveyParticipants: boolean;
  /** Data export right: 0 no access, 1 full, 2 de-identified, 3 remove identifiers. */
  readonly dataExport: 0 | 1 | 2 | 3;
}

export interface UserInput {
  readonly username: string;
  /** 32 upper-case hex characters. */
  readonly token: string;
  /** Unique name of the user's DAG. */
  readonly dag?: string;
  /** `YYYY-MM-DD`: API access ends after this day. */
  readonly expiration?: string;
  readonly suspended?: boolean;
  readonly rights?: Partial<UserRights>;
}

/** A file stored in a File Upload field. */
export interface FileInput {
  readonly record: string;
  readonly field: string;
  /** Unique event name (longitudinal only). */
  readonly event?: string;
  readonly instance?: number;
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array | string;
}

/** One row of data, shaped like a flat JSON import row. */
export type RecordRow = Readonly<Record<string, string | number>>;

/** Everything a simulated project starts from. Plain data: no functions, deterministic. */
export interface ProjectFixture {
  readonly info: Readonly<Partial<Record<ProjectInfoKey, string | number>>>;
  readonly forms: readonly FormInput[];
  readonly fields: readonly FieldInput[];
  /** Longitudinal projects only. */
  readonly arms?: readonly ArmInput[];
  /** Longitudinal projects only; a classic project gets one hidden event. */
  readonly events?: readonly EventInput[];
  readonly formEventMapping?: readonly { readonly event: string; readonly form: string }[];
  readonly repeating?: readonly RepeatInput[];
  readonly dags?: readonly DagInput[];
  readonly users: readonly UserInput[];
  /** Flat rows, as a JSON import would carry them (`redcap_data_access_group` and `<form>_timestamp` allowed). */
  readonly records: readonly RecordRow[];
  readonly files?: readonly FileInput[];
}

/** A stored value: a string, or the set of checked codes of a checkbox field. */
export type StoredValue = string | Set<string>;

/** The data of one record × event × (repeating instrument) × instance. */
export interface Cell {
  readonly event: string;
  /** The repeating instrument, or `''` for event-level data (and repeating events). */
  readonly instrument: string;
  readonly instance: number;
  readonly values: Map<string, StoredValue>;
}

export interface RecordState {
  name: string;
  /** Unique DAG name or `''`. */
  dag: string;
  /** Keyed by `event|instrument|instance`. */
  readonly cells: Map<string, Cell>;
}

export interface StoredFile {
  readonly docId: number;
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
  deleted: boolean;
}

/** One logging entry, as Export Logging shows it. */
export interface LogEntry {
  /** `YYYY-MM-DD HH:MM`. */
  readonly timestamp: string;
  readonly username: string;
  readonly action: string;
  readonly details: string;
  readonly record: string;
}

export interface FormDef {
  readonly name: string;
  readonly label: string;
  readonly survey: boolean;
}

export interface ArmDef {
  readonly num: number;
  readonly name: string;
}

export interface EventDef {
  readonly uniqueName: string;
  readonly name: string;
  readonly armNum: number;
  readonly id: number;
  readonly dayOffset: number;
  readonly offsetMin: number;
  readonly offsetMax: number;
  readonly customLabel: string;
}

export interface UserDef {
  readonly username: string;
  readonly token: string;
  readonly dag: string;
  readonly expiration: string;
  readonly suspended: boolean;
  readonly rights: UserRights;
}

/** The in-memory state of one simulated project. Tests may read it; the simulator mutates it. */
export interface ProjectState {
  readonly info: Record<ProjectInfoKey, string | number>;
  readonly longitudinal: boolean;
  readonly recordIdField: string;
  readonly fields: readonly FieldDef[];
  readonly fieldByName: ReadonlyMap<string, FieldDef>;
  readonly forms: readonly FormDef[];
  readonly formByName: ReadonlyMap<string, FormDef>;
  readonly arms: readonly ArmDef[];
  /** In REDCap's order: arm, day offset, definition order. Classic projects hold one hidden event. */
  readonly events: readonly EventDef[];
  readonly eventByName: ReadonlyMap<string, EventDef>;
  /** Event → instruments designated for it. */
  readonly formEvents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Event → repeating instrument → custom label. */
  readonly repeatingForms: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Repeating event → custom label. */
  readonly repeatingEvents: ReadonlyMap<string, string>;
  readonly dags: readonly DagInput[];
  readonly users: readonly UserDef[];
  readonly records: Map<string, RecordState>;
  readonly files: Map<number, StoredFile>;
  readonly log: LogEntry[];
  nextDocId: number;
}

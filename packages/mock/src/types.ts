/** The 18 columns of REDCap's data dictionary, in export order (§5.1).
 *
 * @example
 * ```ts
 * const header = METADATA_COLUMNS.join(','); // field_name,form_name,section_header,...
 * ```
 */
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

/** The 26 keys of Export Project Info in REDCap 15.7.6 order (§2.15).
 *
 * @example
 * ```ts
 * PROJECT_INFO_KEYS[0]; // 'project_id'
 * ```
 */
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
  /** User Rights right: 0 none, 1 full access, 2 read only. */
  readonly userRights: 0 | 1 | 2;
  /** The Data Access Groups right. */
  readonly dataAccessGroups: boolean;
  /** The File Repository right. */
  readonly fileRepository: boolean;
  /** The Logging right. */
  readonly logging: boolean;
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
  readonly email?: string;
  readonly firstname?: string;
  readonly lastname?: string;
  /** Unique name of the user's role: the role's rights then apply. */
  readonly role?: string;
  /** Data viewing rights per instrument (15.6+ bitmask, e.g. 130 view & edit); default 130 (138 for surveys). */
  readonly forms?: Readonly<Record<string, number>>;
  /** Export rights per instrument (0-3); default `rights.dataExport`. */
  readonly formsExport?: Readonly<Record<string, number>>;
  /** Rights by REDCap name that {@link UserRights} does not hold (`alerts`, `reports`, `lock_records`, ...); default 1 (0 for `lock_records*`). */
  readonly otherRights?: Readonly<Record<string, number>>;
  /** DAGs the DAG Switcher lets the user switch to (unique names, `''` for no DAG). */
  readonly dagSwitcher?: readonly string[];
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
  readonly roles?: readonly RoleInput[];
  readonly reports?: readonly ReportInput[];
  readonly repository?: { readonly folders?: readonly RepositoryFolderInput[]; readonly files?: readonly RepositoryFileInput[] };
  readonly surveys?: SurveySettingsInput;
  readonly randomizations?: readonly RandomizationInput[];
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
  /** Unique DAG name or `''`. */
  dag: string;
  expiration: string;
  readonly suspended: boolean;
  /** The rights in effect: a role member's are the role's. */
  readonly rights: UserRights;
  email: string;
  firstname: string;
  lastname: string;
  /** Unique role name or `''`. */
  role: string;
  forms: Record<string, number>;
  formsExport: Record<string, number>;
  otherRights: Record<string, number>;
  dagSwitcher: string[];
}

/**
 * The in-memory state of one simulated project. Tests may read it; the simulator mutates it.
 * The design (fields, forms, arms, events, designations, repeating setup) is replaced as a
 * whole by the design methods, which then rebuild the lookups (`refreshDesign`).
 */
export interface ProjectState {
  readonly info: Record<ProjectInfoKey, string | number>;
  longitudinal: boolean;
  recordIdField: string;
  fields: readonly FieldDef[];
  fieldByName: ReadonlyMap<string, FieldDef>;
  forms: readonly FormDef[];
  formByName: ReadonlyMap<string, FormDef>;
  arms: readonly ArmDef[];
  /** In REDCap's order: arm, day offset, definition order. Classic projects hold one hidden event. */
  events: readonly EventDef[];
  eventByName: ReadonlyMap<string, EventDef>;
  /** Event → instruments designated for it. */
  formEvents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Event → repeating instrument → custom label. */
  repeatingForms: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Repeating event → custom label. */
  repeatingEvents: ReadonlyMap<string, string>;
  readonly dags: DagInput[];
  readonly users: UserDef[];
  readonly records: Map<string, RecordState>;
  readonly files: Map<number, StoredFile>;
  readonly log: LogEntry[];
  nextDocId: number;
  readonly roles: RoleDef[];
  readonly reports: readonly ReportInput[];
  readonly repository: RepositoryState;
  readonly surveys: SurveySettings;
  readonly randomizations: RandomizationDef[];
}

/** A user role in a fixture. */
export interface RoleInput {
  /** REDCap's role id (File Repository `role_id`). */
  readonly id: number;
  /** `U-` and 10 characters; derived from the id when left out. */
  readonly uniqueName?: string;
  readonly label: string;
  /** Rights by REDCap name (`design`, `api_export`, ...); missing ones are 0. */
  readonly rights?: Readonly<Record<string, number>>;
  /** Data viewing rights per instrument; default 128 (no access). */
  readonly forms?: Readonly<Record<string, number>>;
  /** Export rights per instrument; default 0. */
  readonly formsExport?: Readonly<Record<string, number>>;
}

export interface RoleDef {
  readonly id: number;
  readonly uniqueName: string;
  label: string;
  /** Every right by REDCap name. */
  readonly rights: Record<string, number>;
  forms: Record<string, number>;
  formsExport: Record<string, number>;
}

/** A report: its fields (in order) and an optional filter (REDCap logic). */
export interface ReportInput {
  readonly id: number;
  readonly title: string;
  readonly fields: readonly string[];
  readonly filter?: string;
}

export interface RepositoryFolderInput {
  readonly id: number;
  readonly name: string;
  /** Parent folder id; top level when left out. */
  readonly parent?: number;
  /** Restricted to this DAG (group id). */
  readonly dag?: number;
  /** Restricted to this role (role id). */
  readonly role?: number;
}

export interface RepositoryFileInput {
  /** Folder id; top level when left out. */
  readonly folder?: number;
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array | string;
}

export interface RepositoryFolder {
  readonly id: number;
  readonly name: string;
  readonly parent: number | null;
  readonly dagId: number | null;
  readonly roleId: number | null;
}

/** The File Repository: folders, and which stored files (`ProjectState.files`) it holds, in which folder. */
export interface RepositoryState {
  readonly folders: RepositoryFolder[];
  /** Doc id → folder id (`null`: top level). */
  readonly files: Map<number, number | null>;
  nextFolderId: number;
}

/** A survey invitation sent to a record. */
export interface InvitationInput {
  readonly record: string;
  readonly instrument: string;
  /** Unique event name (longitudinal only). */
  readonly event?: string;
  readonly instance?: number;
  /** Participant email; default: the record's value of the email field. */
  readonly email?: string;
  /** When it was sent: `YYYY-MM-DD HH:MM:SS`. */
  readonly sent: string;
}

export interface SurveySettingsInput {
  /** Whether the Survey Queue is enabled. */
  readonly queue?: boolean;
  /** Surveys (instrument names) with Save & Return Later enabled. */
  readonly saveAndReturn?: readonly string[];
  /** The field holding participants' emails. */
  readonly emailField?: string;
  readonly invitations?: readonly InvitationInput[];
}

export interface SurveySettings {
  queue: boolean;
  readonly saveAndReturn: Set<string>;
  emailField: string;
  readonly invitations: InvitationInput[];
}

/** One row of a randomization allocation table. */
export interface AllocationInput {
  /** The code the target field gets. */
  readonly target: string;
  /** The alternate (blinded) allocation text, `target_field_alt`. */
  readonly alt?: string;
  /** Stratification values this row is for (field → code). */
  readonly strata?: Readonly<Record<string, string>>;
  /** Unique DAG name this row is for (DAG-stratified models). */
  readonly dag?: string;
}

/** A randomization model: target field, strata, allocation table. */
export interface RandomizationInput {
  /** `randomization_id`. */
  readonly id: number;
  readonly targetField: string;
  /** The target field's event (longitudinal); default the first event. */
  readonly event?: string;
  readonly strata?: readonly string[];
  /** Stratified by DAG. */
  readonly byDag?: boolean;
  /** Concealed allocation: `target_field_alt` answers `*`. */
  readonly blinded?: boolean;
  readonly allocations: readonly AllocationInput[];
}

export interface Allocation extends AllocationInput {
  /** The record it went to, `''` while free. */
  record: string;
}

export interface RandomizationDef {
  readonly id: number;
  readonly targetField: string;
  readonly event: string;
  readonly strata: readonly string[];
  readonly byDag: boolean;
  readonly blinded: boolean;
  readonly allocations: Allocation[];
}

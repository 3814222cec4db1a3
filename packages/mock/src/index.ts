export { createMockRedcap, DEFAULT_SUPER_TOKEN } from './mock.ts';
export type { MockRedcap, MockRedcapOptions } from './mock.ts';
export type { MockDiagnostic } from './diagnostics.ts';
export { classicFixture } from './fixtures/classic.ts';
export { longitudinalFixture } from './fixtures/longitudinal.ts';
export { METADATA_COLUMNS, PROJECT_INFO_KEYS } from './types.ts';
export type {
  Allocation,
  AllocationInput,
  ArmDef,
  ArmInput,
  Cell,
  DagInput,
  EventDef,
  EventInput,
  FieldDef,
  FieldInput,
  FileInput,
  FormDef,
  FormInput,
  InvitationInput,
  LogEntry,
  MetadataColumn,
  ProjectFixture,
  ProjectInfoKey,
  ProjectState,
  RandomizationDef,
  RandomizationInput,
  RecordRow,
  RecordState,
  RepeatInput,
  ReportInput,
  RepositoryFileInput,
  RepositoryFolder,
  RepositoryFolderInput,
  RepositoryState,
  RoleDef,
  RoleInput,
  StoredFile,
  StoredValue,
  SurveySettings,
  SurveySettingsInput,
  UserDef,
  UserInput,
  UserRights,
} from './types.ts';
export { decodeRequest } from './wire/decode.ts';
export { FAULT_KINDS } from './faults.ts';
export type { Fault, FaultKind, FaultLogEntry, FaultOptions, FaultRule, InjectedFault } from './faults.ts';

export { createMockRedcap } from './mock.ts';
export type { MockRedcap, MockRedcapOptions } from './mock.ts';
export { classicFixture, longitudinalFixture } from './fixtures/index.ts';
export { METADATA_COLUMNS, PROJECT_INFO_KEYS } from './types.ts';
export type {
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
  LogEntry,
  MetadataColumn,
  ProjectFixture,
  ProjectInfoKey,
  ProjectState,
  RecordRow,
  RecordState,
  RepeatInput,
  StoredFile,
  StoredValue,
  UserDef,
  UserInput,
  UserRights,
} from './types.ts';

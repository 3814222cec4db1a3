// The public entry: what users call and the types they write. The method descriptors, the
// request pipeline and the wire types are internal; the method table as data is the
// `@redcap-sdk/core/methods` entry.
export { createClient, RedcapClient } from './client/create-client.ts';
export { createRedcap, type Redcap, type RedcapFor } from './client/create-redcap.ts';
export type * from './client/typed.ts';
export type * from './project/types.ts';
export type * from './client/namespaces.ts';
export type { CallOptions, ClientOptions, RetryOption } from './client/options.ts';
export type { RateLimit } from './request/limiter.ts';
export type {
  BatchEndEvent,
  BatchStartEvent,
  EventObserver,
  RateLimitWaitEvent,
  RedcapEvent,
  RequestEndEvent,
  RequestStartEvent,
  RetryEvent,
} from './client/events.ts';
export { maskToken } from './client/token.ts';
export { safeFileName, type StoredFile } from './internal/file-name.ts';
export * from './errors/index.ts';
export type {
  CallOf,
  DataCall,
  DataFunction,
  ExportCall,
  ExportFunction,
  Format,
  Formatted,
  HasCall,
  ParamArgs,
  ParamsCall,
  ParamsFunction,
} from './methods/shapes.ts';
export * from './methods/records/records.ts';
export type * from './methods/records/types.ts';
export type * from './methods/records/progress.ts';
export * from './methods/records/export-batches.ts';
export * from './methods/metadata.ts';
export * from './methods/events.ts';
export * from './methods/surveys.ts';
export * from './methods/files.ts';
export * from './methods/version.ts';
export * from './methods/project.ts';
export * from './methods/field-names.ts';
export * from './methods/instruments.ts';
export * from './methods/form-event-mappings.ts';
export * from './methods/arms.ts';
export * from './methods/dags.ts';
export * from './methods/users.ts';
export * from './methods/file-repository.ts';
export * from './methods/logs.ts';
export * from './methods/repeating.ts';
export * from './methods/reports.ts';
export * from './project/checks/index.ts';
export { isMissingValue, type CastValue, type MissingValue } from './project/values.ts';
export { checkboxColumnCode, parseChoices, type Choice } from './project/choices.ts';
export { projectFrom, type DictionaryField, type ProjectColumn, type ProjectParts, type RedcapProject } from './project/model.ts';
export * from './project/load.ts';
export { loadedProject } from './project/slot.ts';
export { castRecords } from './project/cast.ts';
export { RedcapCastError } from './project/cast-error.ts';
export type * from './project/cast-types.ts';
export { uncastRecords, type TypedImportRow, type UncastOptions } from './project/uncast.ts';

import type { MethodDescriptor } from './descriptor.ts';
import { deleteArmsMethod, exportArmsMethod, importArmsMethod } from './arms.ts';
import {
  deleteDagsMethod,
  exportDagsMethod,
  exportUserDagMappingsMethod,
  importDagsMethod,
  importUserDagMappingsMethod,
  switchDagMethod,
} from './dags.ts';
import { deleteEventsMethod, exportEventsMethod, importEventsMethod } from './events.ts';
import { exportFieldNamesMethod } from './field-names.ts';
import {
  createRepositoryFolderMethod,
  deleteRepositoryFileMethod,
  exportRepositoryFileMethod,
  importRepositoryFileMethod,
  listRepositoryMethod,
} from './file-repository.ts';
import { deleteFileMethod, exportFileMethod, importFileMethod } from './files.ts';
import { exportInstrumentEventMappingsMethod, importInstrumentEventMappingsMethod } from './form-event-mappings.ts';
import { exportInstrumentsMethod, exportPdfMethod } from './instruments.ts';
import { exportLoggingMethod } from './logs.ts';
import { exportMetadataMethod, importMetadataMethod } from './metadata.ts';
import { createProjectMethod, exportProjectInfoMethod, exportProjectXmlMethod, importProjectInfoMethod } from './project.ts';
import {
  deleteRecordsMethod,
  exportRecordsMethod,
  generateNextRecordNameMethod,
  importRecordsMethod,
  randomizeRecordMethod,
  renameRecordMethod,
} from './records/records.ts';
import { exportRepeatingFormsEventsMethod, importRepeatingFormsEventsMethod } from './repeating.ts';
import { exportReportMethod } from './reports.ts';
import {
  exportSurveyAccessCodeMethod,
  exportSurveyLinkMethod,
  exportSurveyParticipantsMethod,
  exportSurveyQueueLinkMethod,
  exportSurveyReturnCodeMethod,
} from './surveys.ts';
import {
  deleteUserRolesMethod,
  deleteUsersMethod,
  exportUserRoleMappingsMethod,
  exportUserRolesMethod,
  exportUsersMethod,
  importUserRoleMappingsMethod,
  importUserRolesMethod,
  importUsersMethod,
} from './users.ts';
import { exportVersionMethod } from './version.ts';

/**
 * Every REDCap API method the SDK knows: the single source for the namespaces,
 * the simulator's dispatch, the docs table and the every-method tests.
 *
 * @example
 * ```ts
 * for (const method of methodDescriptors) console.log(method.name, method.content, method.action);
 * ```
 */
// Listed twice, as a type and as a value: isolatedDeclarations (JSR's no-slow-types) wants the
// exported tuple's type spelled out, and the tuple type is what the namespaces are derived from.
export const methodDescriptors: readonly [
  typeof exportRecordsMethod,
  typeof importRecordsMethod,
  typeof deleteRecordsMethod,
  typeof renameRecordMethod,
  typeof randomizeRecordMethod,
  typeof generateNextRecordNameMethod,
  typeof exportMetadataMethod,
  typeof importMetadataMethod,
  typeof exportFieldNamesMethod,
  typeof exportInstrumentsMethod,
  typeof exportPdfMethod,
  typeof exportInstrumentEventMappingsMethod,
  typeof importInstrumentEventMappingsMethod,
  typeof exportArmsMethod,
  typeof importArmsMethod,
  typeof deleteArmsMethod,
  typeof exportEventsMethod,
  typeof importEventsMethod,
  typeof deleteEventsMethod,
  typeof exportDagsMethod,
  typeof importDagsMethod,
  typeof deleteDagsMethod,
  typeof switchDagMethod,
  typeof exportUserDagMappingsMethod,
  typeof importUserDagMappingsMethod,
  typeof exportUsersMethod,
  typeof importUsersMethod,
  typeof deleteUsersMethod,
  typeof exportUserRolesMethod,
  typeof importUserRolesMethod,
  typeof deleteUserRolesMethod,
  typeof exportUserRoleMappingsMethod,
  typeof importUserRoleMappingsMethod,
  typeof exportFileMethod,
  typeof importFileMethod,
  typeof deleteFileMethod,
  typeof createRepositoryFolderMethod,
  typeof listRepositoryMethod,
  typeof exportRepositoryFileMethod,
  typeof importRepositoryFileMethod,
  typeof deleteRepositoryFileMethod,
  typeof exportLoggingMethod,
  typeof exportProjectInfoMethod,
  typeof importProjectInfoMethod,
  typeof createProjectMethod,
  typeof exportProjectXmlMethod,
  typeof exportRepeatingFormsEventsMethod,
  typeof importRepeatingFormsEventsMethod,
  typeof exportReportMethod,
  typeof exportSurveyLinkMethod,
  typeof exportSurveyAccessCodeMethod,
  typeof exportSurveyParticipantsMethod,
  typeof exportSurveyQueueLinkMethod,
  typeof exportSurveyReturnCodeMethod,
  typeof exportVersionMethod,
] = [
  exportRecordsMethod,
  importRecordsMethod,
  deleteRecordsMethod,
  renameRecordMethod,
  randomizeRecordMethod,
  generateNextRecordNameMethod,
  exportMetadataMethod,
  importMetadataMethod,
  exportFieldNamesMethod,
  exportInstrumentsMethod,
  exportPdfMethod,
  exportInstrumentEventMappingsMethod,
  importInstrumentEventMappingsMethod,
  exportArmsMethod,
  importArmsMethod,
  deleteArmsMethod,
  exportEventsMethod,
  importEventsMethod,
  deleteEventsMethod,
  exportDagsMethod,
  importDagsMethod,
  deleteDagsMethod,
  switchDagMethod,
  exportUserDagMappingsMethod,
  importUserDagMappingsMethod,
  exportUsersMethod,
  importUsersMethod,
  deleteUsersMethod,
  exportUserRolesMethod,
  importUserRolesMethod,
  deleteUserRolesMethod,
  exportUserRoleMappingsMethod,
  importUserRoleMappingsMethod,
  exportFileMethod,
  importFileMethod,
  deleteFileMethod,
  createRepositoryFolderMethod,
  listRepositoryMethod,
  exportRepositoryFileMethod,
  importRepositoryFileMethod,
  deleteRepositoryFileMethod,
  exportLoggingMethod,
  exportProjectInfoMethod,
  importProjectInfoMethod,
  createProjectMethod,
  exportProjectXmlMethod,
  exportRepeatingFormsEventsMethod,
  importRepeatingFormsEventsMethod,
  exportReportMethod,
  exportSurveyLinkMethod,
  exportSurveyAccessCodeMethod,
  exportSurveyParticipantsMethod,
  exportSurveyQueueLinkMethod,
  exportSurveyReturnCodeMethod,
  exportVersionMethod,
];

/** Any method of the table. */
export type AnyMethod = (typeof methodDescriptors)[number];

/** The namespace method type a descriptor carries. */
export type CallOf<M> = M extends MethodDescriptor<infer Call, string, string> ? Call : never;

/** The namespaces of `createRedcap`'s client, derived from the table. */
export type RedcapNamespaces = {
  readonly [N in Exclude<AnyMethod['namespace'], ''>]: {
    readonly [M in Extract<AnyMethod, { namespace: N }> as M['verb']]: CallOf<M>;
  };
} & {
  readonly [M in Extract<AnyMethod, { namespace: '' }> as M['verb']]: CallOf<M>;
};

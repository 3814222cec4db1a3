import { deleteArms, exportArms, importArms } from './arms.ts';
import { deleteDags, exportDags, exportUserDagMappings, importDags, importUserDagMappings, switchDag } from './dags.ts';
import { deleteEvents, exportEvents, importEvents } from './events.ts';
import { exportFieldNames } from './field-names.ts';
import {
  createRepositoryFolder,
  deleteRepositoryFile,
  exportRepositoryFile,
  importRepositoryFile,
  listRepository,
} from './file-repository.ts';
import { deleteFile, exportFile, importFile } from './files.ts';
import { exportInstrumentEventMappings, importInstrumentEventMappings } from './form-event-mappings.ts';
import { exportInstruments, exportPdf } from './instruments.ts';
import { exportLogging } from './logs.ts';
import { exportMetadata, importMetadata } from './metadata.ts';
import { createProject, exportProjectInfo, exportProjectXml, importProjectInfo } from './project.ts';
import { deleteRecords, exportRecords, generateNextRecordName, importRecords, randomizeRecord, renameRecord } from './records/records.ts';
import { exportRepeatingFormsEvents, importRepeatingFormsEvents } from './repeating.ts';
import { exportReport } from './reports.ts';
import {
  exportSurveyAccessCode,
  exportSurveyLink,
  exportSurveyParticipants,
  exportSurveyQueueLink,
  exportSurveyReturnCode,
} from './surveys.ts';
import {
  deleteUserRoles,
  deleteUsers,
  exportUserRoleMappings,
  exportUserRoles,
  exportUsers,
  importUserRoleMappings,
  importUserRoles,
  importUsers,
} from './users.ts';
import { exportVersion } from './version.ts';

/**
 * Every REDCap API method the SDK knows, as its standalone function, in the order of
 * REDCap's API docs: the single list from which the namespaces of `createRedcap`, the
 * generated facade types, the public method table (`@redcap-sdk/core/methods`), the
 * docs table and the every-method tests are made. Internal: users import the functions.
 */
export const methodFunctions: readonly unknown[] = [
  exportRecords,
  importRecords,
  deleteRecords,
  renameRecord,
  randomizeRecord,
  generateNextRecordName,
  exportMetadata,
  importMetadata,
  exportFieldNames,
  exportInstruments,
  exportPdf,
  exportInstrumentEventMappings,
  importInstrumentEventMappings,
  exportArms,
  importArms,
  deleteArms,
  exportEvents,
  importEvents,
  deleteEvents,
  exportDags,
  importDags,
  deleteDags,
  switchDag,
  exportUserDagMappings,
  importUserDagMappings,
  exportUsers,
  importUsers,
  deleteUsers,
  exportUserRoles,
  importUserRoles,
  deleteUserRoles,
  exportUserRoleMappings,
  importUserRoleMappings,
  exportFile,
  importFile,
  deleteFile,
  createRepositoryFolder,
  listRepository,
  exportRepositoryFile,
  importRepositoryFile,
  deleteRepositoryFile,
  exportLogging,
  exportProjectInfo,
  importProjectInfo,
  createProject,
  exportProjectXml,
  exportRepeatingFormsEvents,
  importRepeatingFormsEvents,
  exportReport,
  exportSurveyLink,
  exportSurveyAccessCode,
  exportSurveyParticipants,
  exportSurveyQueueLink,
  exportSurveyReturnCode,
  exportVersion,
];

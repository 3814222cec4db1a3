import type { MethodName } from '@redcap-sdk/core/methods';
import type { Handler } from '../context.ts';
import { createProject } from './project-create.ts';
import {
  createRepositoryFolder,
  deleteRepositoryFile,
  exportRepositoryFile,
  importRepositoryFile,
  listRepository,
} from './file-repository.ts';
import { deleteArms, exportArms, importArms } from './arm.ts';
import { deleteDags, exportDags, exportUserDagMappings, importDags, importUserDagMappings, switchDag } from './dag.ts';
import { deleteEvents, importEvents } from './event.ts';
import { deleteFile, exportFile, importFile } from './file.ts';
import { deleteRecords } from '../records/delete.ts';
import { deleteUserRoles, exportUserRoleMappings, exportUserRoles, importUserRoleMappings, importUserRoles } from './user-role.ts';
import { deleteUsers, exportUsers, importUsers } from './user.ts';
import { exportEvents } from './event.ts';
import { exportFieldNames } from './export-field-names.ts';
import { exportInstrumentEventMappings, importInstrumentEventMappings } from './form-event-mapping.ts';
import { exportInstruments } from './instrument.ts';
import { exportLogging } from './log.ts';
import { exportMetadata } from './metadata.ts';
import { exportPdf } from './pdf.ts';
import { exportProjectInfo } from './project.ts';
import { exportProjectXml } from './project-xml.ts';
import { exportRecords } from '../records/export.ts';
import { exportRepeatingFormsEvents, importRepeatingFormsEvents } from './repeating-forms-events.ts';
import { exportReport } from './report.ts';
import { exportSurveyAccessCode, exportSurveyParticipants, exportSurveyQueueLink, exportSurveyReturnCode } from './survey.ts';
import { exportSurveyLink } from './survey-link.ts';
import { exportVersion } from './version.ts';
import { generateNextRecordName } from './generate-next-record-name.ts';
import { importMetadata } from './metadata-import.ts';
import { importProjectInfo } from './project-settings.ts';
import { importRecords } from '../records/import.ts';
import { randomizeRecord } from './randomize.ts';
import { renameRecord } from './record-rename.ts';

/**
 * The simulator's implementation of every method of core's table, by method name. Typed by the
 * table's `MethodName` union: a method without a handler, or a handler under a name the table does
 * not have (a renamed method), is a compile error.
 */
export const handlers: { readonly [Name in MethodName]: Handler } = {
  exportEvents,
  deleteFile,
  exportFile,
  importFile,
  generateNextRecordName,
  exportMetadata,
  exportProjectInfo,
  deleteRecords,
  exportRecords,
  importRecords,
  exportSurveyLink,
  exportVersion,
  deleteDags,
  exportDags,
  exportUserDagMappings,
  importDags,
  importUserDagMappings,
  switchDag,
  createRepositoryFolder,
  deleteRepositoryFile,
  exportRepositoryFile,
  importRepositoryFile,
  listRepository,
  exportLogging,
  randomizeRecord,
  exportReport,
  exportSurveyAccessCode,
  exportSurveyParticipants,
  exportSurveyQueueLink,
  exportSurveyReturnCode,
  deleteUserRoles,
  exportUserRoleMappings,
  exportUserRoles,
  importUserRoleMappings,
  importUserRoles,
  deleteUsers,
  exportUsers,
  importUsers,
  deleteArms,
  exportArms,
  importArms,
  deleteEvents,
  importEvents,
  exportFieldNames,
  exportInstrumentEventMappings,
  importInstrumentEventMappings,
  exportInstruments,
  importMetadata,
  exportPdf,
  createProject,
  importProjectInfo,
  exportProjectXml,
  renameRecord,
  exportRepeatingFormsEvents,
  importRepeatingFormsEvents,
};

/** The people methods: DAGs, users, roles, File Repository, logging, reports, surveys, randomization. */
import type { Handler } from '../context.ts';
import { deleteDags, exportDags, exportUserDagMappings, importDags, importUserDagMappings, switchDag } from './dag.ts';
import {
  createRepositoryFolder,
  deleteRepositoryFile,
  exportRepositoryFile,
  importRepositoryFile,
  listRepository,
} from './file-repository.ts';
import { exportLogging } from './log.ts';
import { randomizeRecord } from './randomize.ts';
import { exportReport } from './report.ts';
import { exportSurveyAccessCode, exportSurveyParticipants, exportSurveyQueueLink, exportSurveyReturnCode } from './survey.ts';
import { deleteUserRoles, exportUserRoleMappings, exportUserRoles, importUserRoleMappings, importUserRoles } from './user-role.ts';
import { deleteUsers, exportUsers, importUsers } from './user.ts';

/** Implementations by core's method name. */
export const peopleHandlers: Record<string, Handler> = {
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
  createRepositoryFolder,
  listRepository,
  exportRepositoryFile,
  importRepositoryFile,
  deleteRepositoryFile,
  exportLogging,
  exportReport,
  exportSurveyAccessCode,
  exportSurveyParticipants,
  exportSurveyQueueLink,
  exportSurveyReturnCode,
  randomizeRecord,
};

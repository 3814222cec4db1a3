import type { Handler } from '../context.ts';
import { designHandlers } from './design.ts';
import { exportEvents } from './event.ts';
import { deleteFile, exportFile, importFile } from './file.ts';
import { generateNextRecordName } from './generate-next-record-name.ts';
import { exportMetadata } from './metadata.ts';
import { peopleHandlers } from './people.ts';
import { exportProjectInfo } from './project.ts';
import { deleteRecords, exportRecords, importRecords } from './record.ts';
import { exportSurveyLink } from './survey-link.ts';
import { exportVersion } from './version.ts';

/** Method implementations by core's method name. */
export const handlers: Readonly<Record<string, Handler>> = {
  exportRecords,
  importRecords,
  deleteRecords,
  generateNextRecordName,
  exportMetadata,
  exportEvents,
  exportSurveyLink,
  exportFile,
  importFile,
  deleteFile,
  exportVersion,
  exportProjectInfo,
  ...peopleHandlers,
  ...designHandlers,
};

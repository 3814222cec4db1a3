import type { Handler } from '../context.ts';
import { deleteArms, exportArms, importArms } from './arm.ts';
import { deleteEvents, importEvents } from './event.ts';
import { exportFieldNames } from './export-field-names.ts';
import { exportInstrumentEventMappings, importInstrumentEventMappings } from './form-event-mapping.ts';
import { exportInstruments } from './instrument.ts';
import { importMetadata } from './metadata-import.ts';
import { exportPdf } from './pdf.ts';
import { createProject } from './project-create.ts';
import { importProjectInfo } from './project-settings.ts';
import { exportProjectXml } from './project-xml.ts';
import { renameRecord } from './record-rename.ts';
import { exportRepeatingFormsEvents, importRepeatingFormsEvents } from './repeating-forms-events.ts';

/** The design methods (arms, events, dictionary, mappings, repeating setup, project) and Rename Record, by core's method name. */
export const designHandlers: Record<string, Handler> = {
  renameRecord,
  exportArms,
  importArms,
  deleteArms,
  importEvents,
  deleteEvents,
  exportFieldNames,
  exportInstruments,
  exportPdf,
  exportInstrumentEventMappings,
  importInstrumentEventMappings,
  exportRepeatingFormsEvents,
  importRepeatingFormsEvents,
  importMetadata,
  importProjectInfo,
  createProject,
  exportProjectXml,
};

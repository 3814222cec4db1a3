import * as v from 'valibot';
import { format, strictParams } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { defineMethod, type MethodDescriptor } from './descriptor.ts';
import { standalone } from './function.ts';
import type { ExportCall, ExportFunction } from './shapes.ts';

/**
 * A project's settings. Flags and ids are numbers, the rest strings; newer REDCaps
 * add keys, which are kept.
 */
export interface ProjectInfo {
  project_id: number;
  project_title: string;
  creation_time: string;
  production_time: string;
  in_production: number;
  project_language: string;
  purpose: number;
  purpose_other: string;
  project_notes: string;
  custom_record_label: string;
  secondary_unique_field: string;
  is_longitudinal: number;
  has_repeating_instruments_or_events: number;
  surveys_enabled: number;
  scheduling_enabled: number;
  record_autonumbering_enabled: number;
  randomization_enabled: number;
  ddp_enabled: number;
  project_irb_number: string;
  project_grant_number: string;
  project_pi_firstname: string;
  project_pi_lastname: string;
  display_today_now_button: number;
  missing_data_codes: string;
  external_modules: string;
  bypass_branching_erase_field_prompt: number;
  [key: string]: string | number;
}

/** Export Project Info (`content=project`). */
export const exportProjectInfoMethod: MethodDescriptor<ExportCall<{}, ProjectInfo>, 'project', 'exportInfo'> = defineMethod({
  name: 'exportProjectInfo',
  title: 'Export Project Info',
  namespace: 'project',
  verb: 'exportInfo',
  content: 'project',
  action: 'export',
  since: '6.0.0',
  takes: 'params',
  retry: 'read',
  params: strictParams({ format: v.optional(format) }),
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.looseObject({ project_id: v.union([v.number(), v.string()]), project_title: v.string() }),
});

/**
 * The project's title, status, flags and settings.
 *
 * @example
 * ```ts
 * const info = await exportProjectInfo(client);
 * if (info.is_longitudinal) console.log('longitudinal');
 * ```
 */
export const exportProjectInfo: ExportFunction<{}, ProjectInfo> = /* @__PURE__ */ standalone(exportProjectInfoMethod);

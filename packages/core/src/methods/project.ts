import * as v from 'valibot';
import { flag, format, name, nonEmptyList, recordName, strictParams, text, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { countAnswer, dataParams, jsonExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction, ParamsFunction } from './shapes.ts';

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

/**
 * The project's title, status, flags and settings.
 *
 * REDCap method: Export Project Info (`content=project`).
 *
 * @example
 * ```ts
 * const info = await exportProjectInfo(client);
 * if (info.is_longitudinal) console.log('longitudinal');
 * ```
 */
export const exportProjectInfo: ExportFunction<{}, ProjectInfo> = /* @__PURE__ */ defineMethod({
  name: 'exportProjectInfo',
  title: 'Export Project Info',
  namespace: 'project',
  verb: 'exportInfo',
  content: 'project',
  action: 'export',
  since: '6.0.0',
  ...jsonExport(
    strictParams({ format: v.optional(format) }),
    v.looseObject({ project_id: v.union([v.number(), v.string()]), project_title: v.string() }),
  ),
});

/** The project settings Import Project Info can change; give only those to change. */
export interface ProjectSettings {
  readonly project_title?: string;
  readonly project_language?: string;
  /** 0 practice, 1 other (say what in `purpose_other`), 2 research, 3 quality improvement, 4 operational support. */
  readonly purpose?: number;
  readonly purpose_other?: string;
  readonly project_notes?: string;
  readonly custom_record_label?: string;
  readonly secondary_unique_field?: string;
  /** 1 longitudinal, 0 classic. */
  readonly is_longitudinal?: number;
  readonly surveys_enabled?: number;
  readonly scheduling_enabled?: number;
  readonly record_autonumbering_enabled?: number;
  readonly randomization_enabled?: number;
  readonly project_irb_number?: string;
  readonly project_grant_number?: string;
  readonly project_pi_firstname?: string;
  readonly project_pi_lastname?: string;
  /** The PI's email (newer REDCaps). */
  readonly project_pi_email?: string;
  readonly display_today_now_button?: number;
  readonly bypass_branching_erase_field_prompt?: number;
}

const settingValue = v.union([v.string(), v.number()], 'expected a string or a number.');
const projectSettings: Schema<ProjectSettings | string> = v.lazy((input) => {
  if (typeof input === 'string') return text;
  if (Array.isArray(input)) {
    return v.custom<never>(
      () => false,
      'expected one object of settings, not an array (REDCap would count it as one value and change nothing).',
    );
  }
  return v.pipe(
    v.record(v.string(), settingValue, 'expected an object of settings, or CSV text with a header row.'),
    v.check((settings) => Object.keys(settings).length > 0, 'expected at least one setting.'),
  );
}) as Schema<ProjectSettings | string>;

/**
 * Changes project settings. Returns the number of values REDCap accepted,
 * unchanged ones included.
 *
 * REDCap method: Import Project Info (`content=project_settings` with `data`).
 *
 * @example
 * ```ts
 * await redcap.project.importInfo({ project_title: 'Heart study (closed)', surveys_enabled: 0 });
 * const accepted = await importProjectInfo(client, { project_irb_number: 'IRB-2025-114', project_pi_lastname: 'Okafor' });
 * ```
 */
export const importProjectInfo: DataFunction<ProjectSettings | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importProjectInfo',
  title: 'Import Project Info',
  namespace: 'project',
  verb: 'importInfo',
  content: 'project_settings',
  action: 'import',
  since: '8.0.0',
  takes: 'data',
  retry: 'write',
  params: strictParams({}),
  data: projectSettings,
  // One JSON object, not an array: REDCap counts an array as one value and applies nothing.
  toWire: (_options, data: ProjectSettings | string) => ({ params: dataParams(data) }),
  ...countAnswer,
});

/** The new project's attributes. */
export interface CreateProjectInfo {
  /** The project's title. */
  readonly project_title: string;
  /** 0 practice, 1 other (say what in `purpose_other`), 2 research, 3 quality improvement, 4 operational support. */
  readonly purpose: 0 | 1 | 2 | 3 | 4;
  /** Required when `purpose` is 1. */
  readonly purpose_other?: string;
  readonly project_notes?: string;
  /** 1 for a longitudinal project. @default 0 */
  readonly is_longitudinal?: 0 | 1;
  /** 1 to enable surveys. @default 0 */
  readonly surveys_enabled?: 0 | 1;
  /** 0 to name records yourself. @default 1 */
  readonly record_autonumbering_enabled?: 0 | 1;
}

/** Options of a project creation. */
export interface CreateProjectOptions {
  /** A REDCap project XML (CDISC ODM 1.3.1, as {@link exportProjectXml} gives) to copy metadata, and data if it has any, from. */
  readonly odm?: string;
  /**
   * Told each PHP warning or notice the server printed before the new token, as
   * plain text. The project was created: the call still returns its token.
   */
  readonly onWarning?: (warning: string) => void;
}

const flag01 = v.optional(v.picklist([0, 1], 'expected 0 or 1.'));
const createProjectInfo: Schema<CreateProjectInfo> = v.pipe(
  v.strictObject(
    {
      project_title: text,
      purpose: v.picklist([0, 1, 2, 3, 4], 'expected a purpose of 0, 1, 2, 3 or 4.'),
      purpose_other: v.optional(v.string('expected a string.')),
      project_notes: v.optional(v.string('expected a string.')),
      is_longitudinal: flag01,
      surveys_enabled: flag01,
      record_autonumbering_enabled: flag01,
    },
    'expected one object of project attributes ({ project_title, purpose, ... }).',
  ),
  v.check(
    (info) => info.purpose !== 1 || (info.purpose_other ?? '').trim() !== '',
    '`purpose_other` is required when `purpose` is 1 (Other).',
  ),
);

/**
 * Creates a project and returns its API token (for the super token's user).
 * The client must use a 64-character super token. Never retried. PHP warnings a
 * server prints before the token go to `onWarning`; the call still succeeds.
 *
 * REDCap method: Create A New Project (`content=project` with `data`; needs a 64-character super token).
 *
 * @example
 * ```ts
 * const token = await admin.project.create({ project_title: 'Pilot', purpose: 0 });
 * const admin = createClient({ url, token: superToken });
 * const token = await createProject(admin, { project_title: 'Copy of Heart study', purpose: 2 }, { odm: xml });
 * const copy = createRedcap({ url, token });
 * const pilot = await admin.project.create({ project_title: 'Pilot', purpose: 0 }, { onWarning: (text) => console.warn(text) });
 * ```
 */
export const createProject: DataFunction<CreateProjectInfo, CreateProjectOptions, string> = /* @__PURE__ */ defineMethod({
  name: 'createProject',
  title: 'Create A New Project',
  namespace: 'project',
  verb: 'create',
  content: 'project',
  action: 'import',
  since: '6.11.0',
  takes: 'data',
  // A retry after a lost answer would create a second project.
  retry: 'never',
  params: strictParams({ odm: v.optional(text), onWarning: v.optional(v.function('expected a function.')) }),
  data: createProjectInfo,
  run: (context) => {
    const onWarning = context.params.onWarning as ((warning: string) => void) | undefined;
    // Read before the pipeline does: it takes a body that starts with PHP's HTML warnings
    // for an error page, and would quote the new token in the error.
    return context.send(undefined, undefined, { rewrite: (body) => splitWarnings(body, onWarning) });
  },
  toWire: (options: CreateProjectOptions, data: CreateProjectInfo) => ({
    params: { format: 'json', data: JSON.stringify([data]), odm: options.odm },
  }),
  answer: 'text',
  accept: (body) => /[0-9A-Fa-f]{32}$/.test(body.trim()),
  // A cut-short answer may be part of the new project's token: describe it, never repeat it.
  refusal: (body) =>
    /^[0-9A-Fa-f]+$/.test(body.trim())
      ? `REDCap's answer (${body.trim().length} hexadecimal characters) is not a whole 32-character project token; it is not shown, since it may be part of one. The project may have been created: check in REDCap before creating it again.`
      : body.trim(),
  finish: (value: string) => value.trim().slice(-32),
});

/**
 * A project creation's body without what PHP printed before the token: the
 * warnings go to `onWarning` (as plain text, one each), the token on to be
 * checked. Only when the token is whole: a cut-short one is passed on alone, so
 * that the refusal describes it without quoting it.
 */
function splitWarnings(body: string, onWarning: ((warning: string) => void) | undefined): string {
  const tail = /[0-9A-Fa-f]+\s*$/.exec(body);
  if (!tail || tail.index === 0) return body;
  const hex = tail[0].trim();
  // Hexadecimal digits that run on from the warnings ("on line 12" then the token) are not the token's.
  const token = hex.length > 32 ? hex.slice(-32) : hex;
  const before = body.slice(0, tail.index + hex.length - token.length);
  if (token.length === 32) {
    const warnings = before
      .replace(/<[^>]*>/g, ' ')
      .split(/\r?\n/)
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '');
    for (const warning of warnings) onWarning?.(warning);
  }
  return token;
}

/** Parameters of a project XML export. All metadata is always included; the filters apply to the data. */
export interface ExportProjectXmlParams {
  /** Only the metadata, no records. @default false */
  readonly returnMetadataOnly?: boolean;
  /** Only these records' data. */
  readonly records?: readonly (string | number)[];
  /** Only these fields' data. */
  readonly fields?: readonly string[];
  /** Only these events' data (unique event names). */
  readonly events?: readonly string[];
  /** REDCap logic selecting records, e.g. `[age] > 30`. */
  readonly filterLogic?: string;
  /** Include survey identifiers and timestamps. */
  readonly exportSurveyFields?: boolean;
  /** Include each record's data access group. */
  readonly exportDataAccessGroups?: boolean;
  /** Include the files of File Upload fields (base64 inside the XML: can be large). */
  readonly exportFiles?: boolean;
}

const projectXmlParams: Schema<ExportProjectXmlParams> = strictParams({
  returnMetadataOnly: v.optional(flag),
  records: v.optional(nonEmptyList(recordName, 'record names')),
  fields: v.optional(nonEmptyList(name, 'field names')),
  events: v.optional(nonEmptyList(name, 'unique event names')),
  filterLogic: v.optional(v.string('expected REDCap logic as a string.')),
  exportSurveyFields: v.optional(flag),
  exportDataAccessGroups: v.optional(flag),
  exportFiles: v.optional(flag),
});

/**
 * The whole project (metadata, and data unless `returnMetadataOnly`) as REDCap
 * project XML (CDISC ODM), e.g. to copy it with {@link createProject}.
 *
 * REDCap method: Export Entire Project as REDCap XML File (`content=project_xml`).
 *
 * @example
 * ```ts
 * const xml = await redcap.project.exportXml({ returnMetadataOnly: true });
 * const xml = await exportProjectXml(client, { returnMetadataOnly: true });
 * await writeFile('project.xml', xml);
 * ```
 */
export const exportProjectXml: ParamsFunction<ExportProjectXmlParams, string> = /* @__PURE__ */ defineMethod({
  name: 'exportProjectXml',
  title: 'Export Entire Project as REDCap XML File',
  namespace: 'project',
  verb: 'exportXml',
  content: 'project_xml',
  action: 'export',
  since: '6.12.0',
  takes: 'params',
  retry: 'read',
  params: projectXmlParams,
  toWire: (params) => ({ params: { format: 'xml', ...toWire(params) } }),
  answer: 'text',
  accept: (body) => /^\s*<(?:\?xml|ODM)/i.test(body),
});

import { decodeDesignRows, NOT_IN_FORMAT, type DesignRow } from '../wire/import-data.ts';
import type { RequestContext, ServerState } from '../context.ts';
import { logTimestamp } from '../dispatch/router.ts';
import { OdmError, readProjectXml } from '../wire/odm.ts';
import type { OdmProject } from '../wire/odm.ts';
import { createProjectState } from '../state/create.ts';
import type { ProjectFixture, ProjectInfoKey } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { fail, respond } from '../wire/respond.ts';
import { parseXml, XmlSyntaxError } from '../wire/xml-read.ts';

/** The user Create Project makes the new project's first user: the super token's owner. */
const CREATOR = 'site_admin';

/** A 32-character upper-case hex token no project of the server uses yet (FNV-1a 64 of a seed, twice). */
function newProjectToken(server: ServerState, seed: string): string {
  const fnv = (input: string, basis: bigint): string => {
    let hash = basis;
    for (const byte of new TextEncoder().encode(input)) {
      hash ^= BigInt(byte);
      hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return hash.toString(16).padStart(16, '0');
  };
  const used = new Set(server.projects.flatMap((project) => project.users.map((user) => user.token.toUpperCase())));
  for (let attempt = 0; ; attempt++) {
    const token = `${fnv(`${seed}|${attempt}`, 0xcbf29ce484222325n)}${fnv(`${attempt}|${seed}`, 0x84222325cbf29ce4n)}`.toUpperCase();
    if (!used.has(token)) return token;
  }
}

/** The project attributes of the request: JSON `[{...}]` (element 0), CSV one row, XML `<item>` (or a list of them). */
function decodeProject(context: RequestContext): DesignRow[] | undefined {
  if (context.format !== 'xml' && context.format !== 'odm') return decodeDesignRows(context, 'items');
  try {
    const root = parseXml(context.data ?? '');
    const items = root.name === 'item' ? [root] : root.children.filter((child) => child.name === 'item');
    if (items.length === 0) return undefined;
    return items.map((item) => new Map(item.children.map((child) => [child.name, child.text])));
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
}

function timestamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Create Project (§2.15; super token checked by the router): one project per call, with
 * `project_title` and `purpose` (0-4) required and `purpose_other` when purpose is 1; an
 * `odm` project XML gives the design and data. The new project (one instrument `form_1`
 * with `record_id`, plus `Event 1` of `Arm 1` when longitudinal, without `odm`) is
 * reachable with the token answered as plain text.
 */
export function createProject(context: RequestContext): Response {
  const { server, params } = context;
  const rows = decodeProject(context);
  if (!rows || rows.length === 0) throw fail(400, NOT_IN_FORMAT);
  if (rows.length > 1) {
    throw fail(
      400,
      "Only one project can be created at a time using the API 'Create Project' method. It appears that you have provided attributes for more than one project in the API request.",
    );
  }
  const row = rows[0] as DesignRow;
  const title = (row.get('project_title') ?? '').trim();
  const purpose = (row.get('purpose') ?? '').trim();
  if (title === '' || !/^[0-4]$/.test(purpose)) {
    throw fail(
      400,
      "One or more components are missing in your input data. The following attributes are required: project_title, purpose. Also, 'purpose' must have a value of 0, 1, 2, 3, or 4.",
    );
  }
  const purposeOther = (row.get('purpose_other') ?? '').trim();
  if (purpose === '1' && purposeOther === '')
    throw fail(400, "You must provide some text for 'purpose_other' since you specified 'purpose' as '1' (Other).");
  const flag = (key: string, fallback: number): number => {
    const value = (row.get(key) ?? '').trim();
    return value === '' ? fallback : value === '1' ? 1 : 0;
  };
  const eventId =
    server.projects.flatMap((project) => project.events.map((event) => event.id)).reduce((max, id) => Math.max(max, id), 0) + 1;
  let odm: OdmProject | undefined;
  const odmText = stringParam(params, 'odm') ?? '';
  if (odmText.trim() !== '') {
    try {
      odm = readProjectXml(odmText, eventId);
    } catch (error) {
      if (!(error instanceof OdmError)) throw error;
      throw fail(400, 'The XML file could not be processed because it appears not to be valid XML or is missing certain basic components.');
    }
  }
  const projectId = server.projects.reduce((max, project) => Math.max(max, Number(project.info.project_id) || 0), 0) + 1;
  const longitudinal = (odm?.events?.length ?? 0) > 0 || flag('is_longitudinal', 0) === 1;
  const info: Partial<Record<ProjectInfoKey, string | number>> = {
    in_production: 0,
    project_language: 'English',
    display_today_now_button: 1,
    scheduling_enabled: 0,
    randomization_enabled: 0,
    ddp_enabled: 0,
    bypass_branching_erase_field_prompt: 0,
    ...odm?.info,
    project_id: projectId,
    project_title: title,
    creation_time: timestamp(context.now),
    production_time: '',
    purpose: Number(purpose),
    purpose_other: purpose === '1' ? purposeOther : '',
    project_notes: row.get('project_notes') ?? odm?.info.project_notes ?? '',
    is_longitudinal: longitudinal ? 1 : 0,
    surveys_enabled: flag('surveys_enabled', Number(odm?.info.surveys_enabled ?? 0) === 1 ? 1 : 0),
    record_autonumbering_enabled: flag('record_autonumbering_enabled', odm?.info.record_autonumbering_enabled === '0' ? 0 : 1),
  };
  const forms = odm?.forms ?? [{ name: 'form_1', label: 'Form 1' }];
  const fixture: ProjectFixture = {
    info,
    forms,
    fields: odm?.fields ?? [{ field_name: 'record_id', form_name: 'form_1', field_type: 'text', field_label: 'Record ID' }],
    ...(longitudinal
      ? {
          arms: odm?.events?.length ? (odm.arms ?? []) : [{ num: 1, name: 'Arm 1' }],
          events: odm?.events?.length ? odm.events : [{ uniqueName: 'event_1_arm_1', name: 'Event 1', arm: 1, id: eventId, dayOffset: 1 }],
          formEventMapping: odm?.events?.length
            ? (odm.formEventMapping ?? [])
            : forms.map((form) => ({ event: 'event_1_arm_1', form: form.name })),
        }
      : {}),
    repeating: odm?.repeating ?? [],
    dags: odm?.dags ?? [],
    users: [{ username: CREATOR, token: '00000000000000000000000000000000' }],
    records: odm?.records ?? [],
    ...(odm?.files ? { files: odm.files } : {}),
    ...(odm?.roles ? { roles: odm.roles } : {}),
    ...(odm?.surveys ? { surveys: odm.surveys } : {}),
  };
  const token = newProjectToken(server, `${projectId}|${title}|${server.superToken}`);
  const state = createProjectState(fixture, { now: context.now, report: server.report }, token);
  server.projects.push(state);
  state.log.push({
    timestamp: logTimestamp(context.now),
    username: CREATOR,
    action: 'Create project (API)',
    details: `project_id = ${projectId}${odm ? ', odm' : ''}`,
    record: '',
  });
  return respond(token, context.format === 'odm' ? 'xml' : context.format);
}

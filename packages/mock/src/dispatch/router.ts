import type { MethodInfo, MethodName } from '@redcap-sdk/core/methods';
import type { Handler, RequestContext, ServerState } from '../context.ts';
import { FULL_RIGHTS } from '../state/rights.ts';
import type { ProjectState, UserDef } from '../types.ts';
import { emptyParams, readParams, stringParam } from '../wire/params.ts';
import type { Params } from '../wire/params.ts';
import { fail, RedcapFailure, respondError } from '../wire/respond.ts';
import type { WireFormat } from '../wire/respond.ts';

/** The `content` values the 15.7.6 router accepts (§2.1, public methods). */
export const VALID_CONTENTS: ReadonlySet<string> = new Set([
  'arm',
  'dag',
  'userDagMapping',
  'event',
  'exportFieldNames',
  'file',
  'fileRepository',
  'instrument',
  'pdf',
  'formEventMapping',
  'log',
  'metadata',
  'project',
  'project_settings',
  'project_xml',
  'record',
  'generateNextRecordName',
  'repeatingFormsEvents',
  'report',
  'version',
  'surveyLink',
  'surveyAccessCode',
  'participantList',
  'surveyQueueLink',
  'surveyReturnCode',
  'user',
  'userRole',
  'userRoleMapping',
]);

const DEFAULT_EXPORT = new Set(['version', 'event', 'arm', 'repeatingFormsEvents', 'dag', 'user', 'userRole', 'userRoleMapping']);
const STRICT_ACTION = new Set(['fileRepository', 'file', 'event', 'arm', 'dag', 'user', 'userRole']);
const STRICT_ACTIONS = new Set(['export', 'delete', 'import', 'switch', 'list', 'createFolder', 'import_app']);

/** What the router needs besides the request. */
export interface RouterEnv {
  readonly state: ProjectState;
  /** Every project (`state` first) and the super token. */
  readonly server: ServerState;
  readonly version: string;
  readonly baseUrl: string;
  readonly now: () => Date;
  /** Core's method table: which method a request's content and action name. */
  readonly methods: readonly MethodInfo[];
  readonly handlers: { readonly [Name in MethodName]: Handler };
}

/** `format` after §1.3: `json|csv|xml|odm`, case-sensitive, default and anything else `xml`. */
export function normaliseFormat(params: Params): 'json' | 'csv' | 'xml' | 'odm' {
  const format = stringParam(params, 'format');
  return format === 'json' || format === 'csv' || format === 'odm' || format === 'xml' ? format : 'xml';
}

/** `returnFormat` after §1.3: given (case-insensitive) or derived from `format`; anything else `xml`. */
export function normaliseReturnFormat(params: Params, format: string): WireFormat {
  const given = stringParam(params, 'returnFormat');
  const value = given === undefined || given === '' ? format.toLowerCase() : given.toLowerCase();
  return value === 'json' || value === 'csv' ? value : 'xml';
}

/** Formats a date as `YYYY-MM-DD HH:MM` in local time, as REDCap's logging shows it. */
export function logTimestamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Runs one request through REDCap's pipeline (§1.7) and the method's handler. */
export async function route(request: Request, env: RouterEnv): Promise<Response> {
  const params = request.method.toUpperCase() === 'POST' ? await readParams(request) : emptyParams();
  const format = normaliseFormat(params);
  const returnFormat = normaliseReturnFormat(params, format);
  try {
    return await dispatch(request, params, format, returnFormat, env);
  } catch (error) {
    if (error instanceof RedcapFailure) return respondError(error.status, error.message, returnFormat);
    const response = respondError(500, '', returnFormat);
    response.headers.set(
      'x-redcap-mock-error',
      String(error instanceof Error ? error.message : error)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 500),
    );
    return response;
  }
}

async function dispatch(
  request: Request,
  params: Params,
  format: 'json' | 'csv' | 'xml' | 'odm',
  returnFormat: WireFormat,
  env: RouterEnv,
): Promise<Response> {
  // 5. Only POST.
  if (request.method.toUpperCase() !== 'POST') throw fail(501, 'The requested method is not implemented.');
  // 6. Token.
  // The super token is checked only for content=version with 64 characters and content=project with data.
  const token = stringParam(params, 'token');
  const data = stringParam(params, 'data');
  const requested = stringParam(params, 'content') ?? '';
  const superPath = (requested === 'version' && token?.length === 64) || (requested === 'project' && data !== undefined && data !== '');
  const { state, user } = superPath ? authenticateSuper(env, token, requested) : authenticate(env.server.projects, token, env.now());
  // 7. JSON data decoded up front.
  let jsonData: unknown;
  if (format === 'json' && data !== undefined && data !== '') {
    let message = 'No error';
    try {
      jsonData = JSON.parse(data);
    } catch {
      jsonData = null;
      message = isJsonIgnoringControls(data) ? 'Control character error, possibly incorrectly encoded' : 'Syntax error';
    }
    if (jsonData === null) {
      throw fail(
        400,
        `The data being imported is not formatted correctly. PHP error from JSON decoder: ${message}. The JSON must be in an array, as in [{ ... }].`,
      );
    }
  }
  // 8. content.
  const content = stringParam(params, 'content') ?? '';
  if (!VALID_CONTENTS.has(content)) throw fail(400, 'The value of the parameter "content" is not valid');
  // 9. file actions.
  let action = stringParam(params, 'action') ?? '';
  if (content === 'file') {
    action = action.toLowerCase();
    if (action !== 'export' && action !== 'import' && action !== 'delete')
      throw fail(400, 'The value of the parameter "action" is not valid');
  }
  // 10. Default actions.
  if (action === '' && DEFAULT_EXPORT.has(content)) action = 'export';
  if ((content === 'user' || content === 'userRole' || content === 'userRoleMapping') && data !== undefined && action !== 'delete')
    action = 'import';
  // 12. Effective action.
  let effective: string;
  if (STRICT_ACTION.has(content)) {
    if (!STRICT_ACTIONS.has(action)) throw fail(400, 'The value of the parameter "action" is not valid');
    effective = action;
  } else if (content === 'record' && (action === 'delete' || action === 'rename' || action === 'randomize')) {
    effective = action;
  } else if (content === 'version') {
    effective = 'export';
  } else {
    effective = data !== undefined ? 'import' : 'export';
  }
  // 13. Privilege gate.
  if (!superPath) gate(user, content, effective);
  // 16. Dispatch.
  const method = env.methods.find((entry) => entry.content === content && entry.action === effective);
  const handler = method && env.handlers[method.name];
  if (!handler) throw fail(400, `The simulator does not implement content=${content} action=${effective} yet.`);
  const now = env.now();
  const context: RequestContext = {
    state,
    user,
    server: env.server,
    params,
    content,
    action: effective,
    format,
    returnFormat,
    data,
    jsonData,
    type: stringParam(params, 'type') === 'eav' ? 'eav' : 'flat',
    overwriteBehavior: stringParam(params, 'overwriteBehavior') === 'overwrite' ? 'overwrite' : 'normal',
    returnContent: oneOf(stringParam(params, 'returnContent'), ['count', 'ids', 'auto_ids', 'nothing'] as const, 'count'),
    rawOrLabel: stringParam(params, 'rawOrLabel')?.toLowerCase() === 'label' ? 'label' : 'raw',
    rawOrLabelHeaders: stringParam(params, 'rawOrLabelHeaders')?.toLowerCase() === 'label' ? 'label' : 'raw',
    dateFormat: oneOf(stringParam(params, 'dateFormat'), ['DMY', 'MDY'] as const, 'YMD'),
    version: env.version,
    baseUrl: env.baseUrl,
    now,
    log(action, details, record = '') {
      // A super-token request belongs to no project.
      if (superPath) return;
      state.log.push({ timestamp: logTimestamp(now), username: user.username, action, details, record });
    },
  };
  return await handler(context);
}

function oneOf<const T extends string, const D extends string>(value: string | undefined, allowed: readonly T[], fallback: D): T | D {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function isJsonIgnoringControls(data: string): boolean {
  try {
    JSON.parse(data.replace(/\p{Cc}/gu, ' '));
    return true;
  } catch {
    return false;
  }
}

/** The super token's user: an administrator, who passes every privilege gate. */
const SUPER_USER = 'site_admin';

function authenticateSuper(env: RouterEnv, token: string | undefined, content: string): { state: ProjectState; user: UserDef } {
  if (token === undefined || token.toUpperCase() !== env.server.superToken.toUpperCase()) {
    throw fail(
      403,
      content === 'project'
        ? "You do not have permissions to use the API 'Create Project' method. You must have been granted a 64-character Super API Token from a REDCap administrator in order to utilize this method."
        : 'You do not have permissions to use the API',
    );
  }
  const user = {
    username: SUPER_USER,
    token: env.server.superToken,
    dag: '',
    expiration: '',
    suspended: false,
    rights: { ...FULL_RIGHTS },
  } as UserDef;
  return { state: env.state, user };
}

function authenticate(projects: readonly ProjectState[], token: string | undefined, now: Date): { state: ProjectState; user: UserDef } {
  const denied = fail(403, 'You do not have permissions to use the API');
  if (token === undefined || !/^[A-Za-z0-9]+$/.test(token)) throw denied;
  const upper = token.toUpperCase();
  let state: ProjectState | undefined;
  let user: UserDef | undefined;
  for (const project of projects) {
    user = project.users.find((candidate) => candidate.token.toUpperCase() === upper);
    if (user) {
      state = project;
      break;
    }
  }
  if (!state || !user || user.suspended) throw denied;
  if (user.expiration !== '') {
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    if (user.expiration <= today) {
      throw fail(403, `You do not have API rights because your privileges have expired for this project as of ${user.expiration}.`);
    }
  }
  return { state, user };
}

function gate(user: UserDef, content: string, action: string): void {
  const rights = user.rights;
  if (content === 'dag' && action !== 'switch' && user.dag !== '') {
    throw fail(
      403,
      'You do not have permission to export/import/delete Data Access Groups because you have been assigned to a Data Access Group.',
    );
  }
  if (action === 'export' && !rights.apiExport) throw fail(403, 'You do not have API Export privileges');
  if (action === 'import' && !rights.apiImport) throw fail(403, 'You do not have API Import/Update privileges');
  if (
    (action === 'delete' || (action === 'list' && content !== 'fileRepository') || action === 'createFolder') &&
    (content === 'fileRepository' || content === 'user') &&
    !rights.apiImport
  ) {
    throw fail(403, 'You do not have API Import/Update privileges');
  }
  if (action === 'delete' && content !== 'dag' && content !== 'fileRepository' && !rights.recordDelete) {
    throw fail(403, 'You do not have Delete Record privileges');
  }
  if (action === 'rename' && !rights.recordRename) throw fail(403, 'You do not have Rename Record privileges');
  if (action === 'randomize' && !rights.randomize) throw fail(403, 'You do not have Randomize privileges');
}

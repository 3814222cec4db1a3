/** Users (§2.21): export, import, delete. */
import { type ImportRow, notInFormat, readImportRows, respondCount, scalar } from '../wire/import-data.ts';
import { type Cell, respondRows } from '../wire/lists.ts';
import type { RequestContext } from '../context.ts';
import {
  formExportRightsOf,
  formRightsOf,
  isRightName,
  normaliseFormRight,
  rightNames,
  rightsOf,
  setUserRight,
  THREE_VALUED_RIGHTS,
} from '../state/rights.ts';
import type { ProjectState, UserDef, UserRights } from '../types.ts';
import { arrayParam } from '../wire/params.ts';
import { fail } from '../wire/respond.ts';
import { dagByName, visibleUsers } from './dag.ts';

/** `$lang['api_...']`: export of users, roles or role assignments without the User Rights right. */
export const USERS_EXPORT_RIGHT =
  "Insufficient user privileges: You must have 'API Export' privileges and 'User Rights' privileges (Full Access or Read Only) in the project.";

/** Throws the 400 of a method that needs the User Rights right (`full`: not read-only). */
export function requireUserRights(context: RequestContext, full: boolean, message: string): void {
  const right = context.user.rights.userRights;
  if (right === 0 || (full && right !== 1)) throw fail(400, message);
}

/** Export Users: REDCap 15.7.6 key order, rights as numbers, `forms`/`forms_export` objects. */
export function exportUsers(context: RequestContext): Response {
  const { state, user } = context;
  requireUserRights(context, false, USERS_EXPORT_RIGHT);
  const rows = visibleUsers(state, user).map((other) => userRow(state, other));
  context.log('Export users (API)', `project_id = ${String(state.info.project_id)}`);
  const header = [
    'username',
    'email',
    'firstname',
    'lastname',
    'expiration',
    'data_access_group',
    'data_access_group_id',
    ...rightNames(state),
    'forms',
    'forms_export',
  ];
  return respondRows(context, rows, header, 'users');
}

function userRow(state: ProjectState, user: UserDef): Record<string, Cell> {
  const row: Record<string, Cell> = {
    username: user.username.toLowerCase(),
    email: user.email,
    firstname: user.firstname,
    lastname: user.lastname,
    expiration: user.expiration,
    data_access_group: user.dag,
    data_access_group_id: dagByName(state, user.dag)?.id ?? '',
  };
  Object.assign(row, rightsOf(state, user));
  row.forms = formRightsOf(state, user);
  row.forms_export = formExportRightsOf(state, user);
  return row;
}

/** What an import row asks of the rights of a user or role, once checked. */
export interface RightsChange {
  readonly rights: [string, number][];
  readonly forms: [string, number][];
  readonly formsExport: [string, number][];
}

/** Whether the row carries privilege attributes (rights, `forms`, `forms_export`). */
export function hasPrivileges(row: ImportRow): boolean {
  return Object.keys(row).some((key) => isRightName(key) || key === 'forms' || key === 'forms_export');
}

/** `{form: right}` from a JSON/XML object or a CSV `form:right,form:right` string. */
function formPairs(value: unknown): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value as Record<string, unknown>).map(([form, right]) => [form, scalar(right)]);
  const text = scalar(value);
  if (text.trim() === '') return [];
  return text.split(',').map((pair) => {
    const colon = pair.indexOf(':');
    return colon === -1 ? [pair.trim(), ''] : [pair.slice(0, colon).trim(), pair.slice(colon + 1).trim()];
  });
}

/** Checks the rights of one import row with REDCap's messages; `who` names the user or role. */
export function readRightsChange(state: ProjectState, row: ImportRow, who: string, errors: string[]): RightsChange {
  const rights: [string, number][] = [];
  const forms: [string, number][] = [];
  const formsExport: [string, number][] = [];
  for (const [key, raw] of Object.entries(row)) {
    if (!isRightName(key)) continue;
    const value = scalar(raw).trim();
    if (value === '') continue;
    const allowed = THREE_VALUED_RIGHTS.has(key) ? ['0', '1', '2'] : ['0', '1'];
    if (!allowed.includes(value)) {
      errors.push(
        `The value "${value}" of "${key}" for "${who}" is not valid. It must be ${THREE_VALUED_RIGHTS.has(key) ? '0, 1 or 2' : '0 or 1'}.`,
      );
      continue;
    }
    rights.push([key, Number(value)]);
  }
  for (const [form, value] of formPairs(row.forms)) {
    if (!state.formByName.has(form)) {
      errors.push(`The form named "${form}" is incorrect for the user "${who}" The form does not exist in this project.`);
      continue;
    }
    const right = normaliseFormRight(value);
    if (right === undefined)
      errors.push(`The form named "${form}" with value "${value}" is not a valid form-level rights value. It must be 0, 1, 2 or 3.`);
    else forms.push([form, right]);
  }
  for (const [form, value] of formPairs(row.forms_export)) {
    if (!state.formByName.has(form)) {
      errors.push(`The form named "${form}" is incorrect for the user "${who}" The form does not exist in this project.`);
      continue;
    }
    if (!/^[0-3]$/.test(value))
      errors.push(`The form named "${form}" with value "${value}" is not a valid form-level export rights value. It must be 0, 1, 2 or 3.`);
    else formsExport.push([form, Number(value)]);
  }
  return { rights, forms, formsExport };
}

/** A user added by Import Users: minimum rights, no API token. */
function newUser(state: ProjectState, username: string): UserDef {
  const rights: UserRights = {
    apiExport: false,
    apiImport: false,
    recordDelete: false,
    recordRename: false,
    randomize: false,
    design: false,
    surveyParticipants: false,
    dataExport: 0,
    userRights: 0,
    dataAccessGroups: false,
    fileRepository: false,
    logging: false,
  };
  const otherRights: Record<string, number> = {};
  for (const name of rightNames(state)) otherRights[name] = 0;
  return {
    username,
    token: '',
    dag: '',
    expiration: '',
    suspended: false,
    rights,
    email: '',
    firstname: '',
    lastname: '',
    role: '',
    forms: Object.fromEntries(state.forms.map((form) => [form.name, 128])),
    formsExport: Object.fromEntries(state.forms.map((form) => [form.name, 0])),
    otherRights,
    dagSwitcher: [],
  };
}

/**
 * Import Users: only `username` is required; new users get minimum rights, existing users
 * change only in what is given; users in a role keep the role's privileges. All or nothing.
 */
export function importUsers(context: RequestContext): Response {
  const { state } = context;
  requireUserRights(
    context,
    true,
    "Insufficient user privileges: You must have 'API Import/Update' privileges and 'User Rights' privileges in the project in order to import/update users via the API Import Users method.",
  );
  context.log('Import users (API)', `project_id = ${String(state.info.project_id)}`);
  const rows = readImportRows(context, 'users');
  if (!rows) return notInFormat(context);
  const errors: string[] = [];
  const plan: { username: string; existing: UserDef | undefined; row: ImportRow; change: RightsChange }[] = [];
  rows.forEach((row, index) => {
    const username = scalar(row.username).trim().toLowerCase();
    if (username === '') {
      errors.push(`The username is missing for user #${index + 1} in the list of users provided.`);
      return;
    }
    const existing = state.users.find((user) => user.username.toLowerCase() === username);
    const before = errors.length;
    if ('data_access_group' in row) {
      const dag = scalar(row.data_access_group).trim();
      if (dag !== '' && !dagByName(state, dag))
        errors.push(`data_access_group "${dag}" is not a valid unique Data Access Group name for this project.`);
    }
    const expiration = scalar(row.expiration).trim();
    if (expiration !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(expiration))
      errors.push(`The expiration date "${expiration}" for the user "${username}" is not a valid date in YYYY-MM-DD format.`);
    if (existing && existing.role !== '' && hasPrivileges(row)) {
      errors.push(
        `The user "${username}" cannot have their user privileges modified because the user belongs to a user role. Users in roles cannot have their privileges modified via the 'Import User' API method.`,
      );
      return;
    }
    const change = readRightsChange(state, row, username, errors);
    if (errors.length === before) plan.push({ username, existing, row, change });
  });
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  for (const { username, existing, row, change } of plan) {
    const user = existing ?? newUser(state, username);
    if (!existing) state.users.push(user);
    if ('data_access_group' in row) user.dag = scalar(row.data_access_group).trim();
    if ('expiration' in row) user.expiration = scalar(row.expiration).trim();
    applyRightsChange(user, change);
    context.log(existing ? 'Update user' : 'Add user', `user = '${username}'`, username);
  }
  return respondCount(context, plan.length);
}

function applyRightsChange(user: UserDef, change: RightsChange): void {
  for (const [name, value] of change.rights) setUserRight(user, name, value);
  for (const [form, value] of change.forms) user.forms[form] = value;
  for (const [form, value] of change.formsExport) user.formsExport[form] = value;
  if (change.formsExport.length > 0) {
    const rights = user.rights as { dataExport: UserRights['dataExport'] };
    const values = Object.values(user.formsExport);
    if (values.every((value) => value === 0)) rights.dataExport = 0;
    else if (rights.dataExport === 0) rights.dataExport = (values.find((value) => value !== 0) ?? 1) as UserRights['dataExport'];
  }
}

/** Delete Users: `users` must be an array of project usernames; all or nothing. */
export function deleteUsers(context: RequestContext): Response {
  const { state } = context;
  requireUserRights(
    context,
    true,
    "Insufficient user privileges: You must have 'API Import/Update' privileges and 'User Rights' privileges in the project in order to delete users via the API Delete Users method.",
  );
  const names = arrayParam(context.params, 'users');
  if (!names || names.length === 0) {
    throw fail(
      400,
      "The 'users' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
    );
  }
  const find = (name: string): UserDef | undefined => state.users.find((user) => user.username.toLowerCase() === name.trim().toLowerCase());
  const unknown = names.filter((name) => !find(name));
  if (unknown.length > 0) {
    throw fail(
      400,
      `One or more of the users provided are not valid usernames that do not exist in this project. Note: No users were deleted. Users that do not exist: ${unknown.join(', ')}`,
    );
  }
  let count = 0;
  for (const name of names) {
    const user = find(name);
    if (!user) continue;
    state.users.splice(state.users.indexOf(user), 1);
    count++;
    context.log('Delete user', `user = '${user.username}'`, user.username);
  }
  context.log('Delete users (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, count);
}

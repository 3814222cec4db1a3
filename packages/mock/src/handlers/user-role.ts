/** User roles and user-role assignments (§2.21). */
import { missingComponents, notInFormat, readImportRows, respondCount, scalar } from '../wire/import-data.ts';
import { type Cell, respondRows } from '../wire/lists.ts';
import type { RequestContext } from '../context.ts';
import { applyRole, BASE_RIGHTS, RANDOM_RIGHTS, roleFormRights, roleUniqueName } from '../state/rights.ts';
import type { ProjectState, RoleDef, UserDef } from '../types.ts';
import { arrayParam } from '../wire/params.ts';
import { fail } from '../wire/respond.ts';
import { visibleUsers } from './dag.ts';
import type { RightsChange } from './user.ts';
import { readRightsChange, requireUserRights, USERS_EXPORT_RIGHT } from './user.ts';

/** The rights a role export carries: `design` … `lock_records_all_forms`, then the randomization ones when enabled. */
function roleRightNames(state: ProjectState): string[] {
  const base = BASE_RIGHTS.slice(0, BASE_RIGHTS.indexOf('lock_records_all_forms') + 1);
  return Number(state.info.randomization_enabled) === 1 ? [...base, ...RANDOM_RIGHTS] : [...base];
}

function findRole(state: ProjectState, uniqueName: string): RoleDef | undefined {
  return uniqueName === '' ? undefined : state.roles.find((role) => role.uniqueName === uniqueName);
}

/** Export User Roles: rights as strings (raw database values), `forms`/`forms_export` objects. */
export function exportUserRoles(context: RequestContext): Response {
  const { state } = context;
  requireUserRights(context, false, USERS_EXPORT_RIGHT);
  const names = roleRightNames(state);
  const rows = state.roles.map((role) => {
    const row: Record<string, Cell> = { unique_role_name: role.uniqueName, role_label: role.label };
    for (const name of names) row[name] = String(role.rights[name] ?? 0);
    const { forms, formsExport } = roleFormRights(state, role);
    row.forms = Object.fromEntries(Object.entries(forms).map(([form, right]) => [form, String(right)]));
    row.forms_export = Object.fromEntries(Object.entries(formsExport).map(([form, right]) => [form, String(right)]));
    return row;
  });
  context.log('Export user roles (API)', `project_id = ${String(state.info.project_id)}`);
  return respondRows(context, rows, ['unique_role_name', 'role_label', ...names, 'forms', 'forms_export'], 'userRoles');
}

function applyRoleChange(role: RoleDef, change: RightsChange): void {
  for (const [name, value] of change.rights) role.rights[name] = value;
  for (const [form, value] of change.forms) role.forms[form] = value;
  for (const [form, value] of change.formsExport) role.formsExport[form] = value;
}

/** Import User Roles: rows need `role_label`; a known `unique_role_name` updates that role, none creates one. All or nothing. */
export function importUserRoles(context: RequestContext): Response {
  const { state } = context;
  requireUserRights(
    context,
    true,
    "Insufficient user privileges: You must have 'API Import/Update' privileges and 'User Rights' privileges in the project in order to import/update user roles via the API Import User Roles method.",
  );
  const rows = readImportRows(context, 'userRoles');
  if (!rows) return notInFormat(context);
  const missing = missingComponents(rows, ['role_label']);
  if (missing) throw fail(400, missing);
  const errors: string[] = [];
  const plan: { label: string; existing: RoleDef | undefined; change: RightsChange }[] = [];
  rows.forEach((row, index) => {
    const label = scalar(row.role_label).trim();
    const unique = scalar(row.unique_role_name).trim();
    const existing = findRole(state, unique);
    const before = errors.length;
    if (label === '') errors.push(`The role_label is missing for role #${index + 1} in the list of roles provided.`);
    if (unique !== '' && !existing) errors.push(`The unique_role_name "${unique}" is not a valid unique role name for this project.`);
    const change = readRightsChange(state, row, label === '' ? unique : label, errors);
    if (errors.length === before) plan.push({ label, existing, change });
  });
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  for (const { label, existing, change } of plan) {
    let role = existing;
    if (!role) {
      const id = Math.max(0, ...state.roles.map((other) => other.id)) + 1;
      const rights: Record<string, number> = {};
      for (const name of [...BASE_RIGHTS, ...RANDOM_RIGHTS]) rights[name] = 0;
      role = { id, uniqueName: roleUniqueName(String(state.info.project_id), id), label, rights, forms: {}, formsExport: {} };
      state.roles.push(role);
    }
    role.label = label;
    applyRoleChange(role, change);
    for (const user of state.users) if (user.role === role.uniqueName) applyRole(state, user);
    context.log(existing ? 'Edit user role' : 'Create user role', `role = '${label}'`);
  }
  context.log('Import user roles (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, plan.length);
}

/** Delete User Roles: `roles` must be an array of unique role names; all or nothing. Members leave the role. */
export function deleteUserRoles(context: RequestContext): Response {
  const { state } = context;
  requireUserRights(
    context,
    true,
    "Insufficient user privileges: You must have 'API Import/Update' privileges and 'User Rights' privileges in the project in order to delete user roles via the API Delete User Roles method.",
  );
  const names = arrayParam(context.params, 'roles');
  if (!names || names.length === 0) {
    throw fail(
      400,
      "The 'roles' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
    );
  }
  const unknown = names.filter((name) => !findRole(state, name));
  if (unknown.length > 0) {
    throw fail(
      400,
      `One or more of the roles provided are not valid rolenames that do not exist in this project. Note: No roles were deleted. Roles that do not exist: ${unknown.join(', ')}`,
    );
  }
  let count = 0;
  for (const name of names) {
    const role = findRole(state, name);
    if (!role) continue;
    state.roles.splice(state.roles.indexOf(role), 1);
    count++;
    for (const user of state.users) {
      if (user.role !== name) continue;
      user.role = '';
      applyRole(state, user);
    }
    context.log('Delete user role', `role = '${role.label}'`);
  }
  context.log('Delete user roles (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, count);
}

/** Export User-Role Assignments: `username, unique_role_name`, plus `data_access_group` when the project has DAGs (15.7.6). */
export function exportUserRoleMappings(context: RequestContext): Response {
  const { state, user } = context;
  requireUserRights(context, false, USERS_EXPORT_RIGHT);
  const withDags = state.dags.length > 0;
  const rows = visibleUsers(state, user).map((other) => {
    const row: Record<string, Cell> = { username: other.username, unique_role_name: other.role };
    if (withDags) row.data_access_group = other.dag;
    return row;
  });
  context.log('Export user role assignments (API)', `project_id = ${String(state.info.project_id)}`);
  return respondRows(
    context,
    rows,
    withDags ? ['username', 'unique_role_name', 'data_access_group'] : ['username', 'unique_role_name'],
    'items',
  );
}

/** Import User-Role Assignments: rows `username, unique_role_name` (blank takes the user out of their role); all or nothing. */
export function importUserRoleMappings(context: RequestContext): Response {
  const { state } = context;
  requireUserRights(
    context,
    true,
    "Insufficient user privileges: You must have 'API Import/Update' privileges and 'User Rights' privileges in the project in order to import/update user role assignments via the API Import User-Role Assignments method.",
  );
  const rows = readImportRows(context, 'items');
  if (!rows) return notInFormat(context);
  const missing = missingComponents(rows, ['username', 'unique_role_name']);
  if (missing) throw fail(400, missing);
  const errors: string[] = [];
  const plan: { user: UserDef; role: RoleDef | undefined }[] = [];
  for (const row of rows) {
    const username = scalar(row.username).trim();
    const unique = scalar(row.unique_role_name).trim();
    const target = state.users.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase());
    const role = findRole(state, unique);
    if (!target) errors.push(`User "${username}" does not exist in the project.`);
    else if (unique !== '' && !role) errors.push(`The unique_role_name "${unique}" is not a valid unique role name for this project.`);
    else plan.push({ user: target, role });
  }
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  for (const { user, role } of plan) {
    const previous = state.roles.find((candidate) => candidate.uniqueName === user.role);
    user.role = role?.uniqueName ?? '';
    applyRole(state, user);
    if (role) context.log('Assign user to role', `user = '${user.username}',\nrole = '${role.label}'`, user.username);
    else if (previous) context.log('Remove user from role', `user = '${user.username}',\nrole = '${previous.label}'`, user.username);
  }
  context.log('Import user role assignments (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, plan.length);
}

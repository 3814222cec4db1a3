/** Data Access Groups (§2.5) and User-DAG assignments (§2.6). */
import { missingComponents, notInFormat, readImportRows, respondCount, scalar } from '../wire/import-data.ts';
import { respondRows } from '../wire/lists.ts';
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import type { DagInput, ProjectState, UserDef } from '../types.ts';
import { arrayParam, stringParam } from '../wire/params.ts';
import { fail, respond } from '../wire/respond.ts';

const EXPORT_RIGHT =
  "Insufficient user privileges: You must have 'API Export' privileges and 'Data Access Groups' privileges in the project.";
const IMPORT_RIGHT =
  "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Data Access Groups' privileges in the project.";

function requireDagRight(context: RequestContext, message: string): void {
  if (!context.user.rights.dataAccessGroups) throw fail(400, message);
}

/** The DAG with this unique name. */
export function dagByName(state: ProjectState, uniqueName: string): DagInput | undefined {
  return uniqueName === '' ? undefined : state.dags.find((dag) => dag.uniqueName === uniqueName);
}

/** Users the token's user may see: all, or those of their own DAG. */
export function visibleUsers(state: ProjectState, user: UserDef): UserDef[] {
  return state.users
    .filter((other) => user.dag === '' || other.dag === user.dag)
    .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
}

/** Export DAGs: `data_access_group_name, unique_group_name, data_access_group_id` (a number). */
export function exportDags(context: RequestContext): Response {
  const { state } = context;
  requireDagRight(context, EXPORT_RIGHT);
  const rows = [...state.dags]
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
    .map((dag) => ({ data_access_group_name: dag.name, unique_group_name: dag.uniqueName, data_access_group_id: dag.id }));
  context.log('Export DAGs (API)', `project_id = ${String(state.info.project_id)}`);
  return respondRows(context, rows, ['data_access_group_name', 'unique_group_name', 'data_access_group_id'], 'dags');
}

/** REDCap's unique group name for a new label: lower-case letters, digits and `_`, at most 18 characters, made unique. */
export function uniqueGroupName(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 18)
      .replace(/_+$/, '') || 'dag';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 18 - String(n).length - 1)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Import DAGs: blank `unique_group_name` creates, a known one renames; all or nothing. */
export function importDags(context: RequestContext): Response {
  const { state } = context;
  requireDagRight(context, IMPORT_RIGHT);
  const rows = readImportRows(context, 'dags');
  if (!rows) return notInFormat(context);
  const missing = missingComponents(rows, ['data_access_group_name', 'unique_group_name']);
  if (missing) throw fail(400, missing);
  const errors: string[] = [];
  const plan: { label: string; existing?: DagInput }[] = [];
  for (const row of rows) {
    const label = scalar(row.data_access_group_name);
    const unique = scalar(row.unique_group_name).trim();
    if (label === '') {
      errors.push(`The data_access_group_name for "${unique}" is missing.`);
      continue;
    }
    if (label.length > 100) {
      errors.push(`The data_access_group_name "${label}" must be 100 characters or fewer.`);
      continue;
    }
    const existing = dagByName(state, unique);
    if (unique !== '' && !existing) {
      errors.push(`The unique_group_name "${unique}" does not exist in the project. To create a new DAG, leave unique_group_name blank.`);
      continue;
    }
    plan.push(existing ? { label, existing } : { label });
  }
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  const taken = new Set(state.dags.map((dag) => dag.uniqueName));
  for (const { label, existing } of plan) {
    if (existing) {
      state.dags[state.dags.indexOf(existing)] = { ...existing, name: label };
      continue;
    }
    const uniqueName = uniqueGroupName(label, taken);
    taken.add(uniqueName);
    state.dags.push({ id: Math.max(0, ...state.dags.map((dag) => dag.id)) + 1, name: label, uniqueName });
  }
  context.log('Import DAGs (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, plan.length);
}

/** Delete DAGs: `dags` must be an array of known unique names; all or nothing. Records and users of a deleted DAG lose it. */
export function deleteDags(context: RequestContext): Response {
  const { state } = context;
  requireDagRight(context, IMPORT_RIGHT);
  const names = arrayParam(context.params, 'dags');
  if (!names || names.length === 0) {
    throw fail(
      400,
      "The 'dags' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
    );
  }
  const unknown = names.filter((name) => !dagByName(state, name));
  if (unknown.length > 0) {
    throw fail(
      400,
      `One or more of the dags provided are not valid unique group names that do not exist in this project. Note: No dags were deleted. DAGs that do not exist: ${unknown.join(', ')}`,
    );
  }
  let count = 0;
  for (const name of names) {
    const index = state.dags.findIndex((dag) => dag.uniqueName === name);
    if (index === -1) continue;
    state.dags.splice(index, 1);
    count++;
    for (const record of state.records.values()) if (record.dag === name) record.dag = '';
    for (const user of state.users) {
      if (user.dag === name) user.dag = '';
      user.dagSwitcher = user.dagSwitcher.filter((dag) => dag !== name);
    }
  }
  context.log('Delete DAGs (API)', `group_id in (${names.join(', ')})`);
  return respondCount(context, count);
}

/**
 * Switch DAG: HTTP 200 in every case, `1` or `ERROR: ...`. Blank or `0` means no DAG; the
 * user may only switch among the DAGs the DAG Switcher gave them.
 */
export function switchDag(context: RequestContext): Response {
  const { state, user } = context;
  const wanted = stringParam(context.params, 'dag') ?? '';
  const target = wanted === '' || wanted === '0' ? '' : wanted;
  let body: string;
  if (target !== '' && !dagByName(state, target)) body = 'ERROR: Invalid DAG';
  else if (user.dagSwitcher.length === 0) body = 'ERROR: Invalid user';
  else if (!user.dagSwitcher.includes(target)) body = 'ERROR: User/DAG assignment not permitted';
  else {
    const previous = user.dag;
    user.dag = target;
    const label = dagByName(state, target === '' ? previous : target)?.name ?? '';
    context.log(
      target === '' ? 'Remove user from data access group' : 'Assign user to data access group',
      `user = '${user.username}',\ngroup = '${label}'`,
    );
    body = '1';
  }
  context.log('Switch DAG (API)', `project_id = ${String(state.info.project_id)}`);
  return respond(body, outputFormat(context));
}

/** Export User-DAG Assignments: every (visible) user with their DAG's unique name or `""`. */
export function exportUserDagMappings(context: RequestContext): Response {
  const { state, user } = context;
  requireDagRight(context, EXPORT_RIGHT);
  const rows = visibleUsers(state, user).map((other) => ({ username: other.username, redcap_data_access_group: other.dag }));
  context.log('Export User-DAG assignments (API)', `project_id = ${String(state.info.project_id)}`);
  return respondRows(context, rows, ['username', 'redcap_data_access_group'], 'items');
}

/** Import User-DAG Assignments: rows `username, redcap_data_access_group` (blank unassigns); all or nothing. */
export function importUserDagMappings(context: RequestContext): Response {
  const { state, user } = context;
  requireDagRight(context, IMPORT_RIGHT);
  const rows = readImportRows(context, 'items');
  if (!rows) return notInFormat(context);
  const errors: string[] = [];
  const plan: { user: UserDef; dag: string }[] = [];
  const missing = missingComponents(rows, ['username', 'redcap_data_access_group']);
  if (missing) errors.push(missing);
  else if (user.dag !== '')
    errors.push('You do not have permission to import User-DAG assignments because you have been assigned to a Data Access Group.');
  else {
    const seen = new Map<string, number>();
    for (const row of rows) {
      const username = scalar(row.username).trim();
      const group = scalar(row.redcap_data_access_group).trim();
      seen.set(username, (seen.get(username) ?? 0) + 1);
      const target = state.users.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase());
      if (username === '') errors.push(`The username for "${group}" is missing.`);
      else if (!target) errors.push(`User "${username}" does not exist in the project.`);
      else if ((seen.get(username) ?? 0) > 1) errors.push(`User "${username}" appears more than once in the data.`);
      else if (group !== '' && !dagByName(state, group)) errors.push(`Unique group name "${group}" does not exist in the project.`);
      else plan.push({ user: target, dag: group });
    }
  }
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  for (const { user: target, dag } of plan) {
    target.dag = dag;
    context.log('Assign user to data access group', `user = '${target.username}',\ngroup = '${dagByName(state, dag)?.name ?? ''}'`);
  }
  context.log('Import User-DAG assignments (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, plan.length);
}

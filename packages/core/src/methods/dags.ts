import * as v from 'valibot';
import { format, name, nonEmptyList, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { rowsOrCsv, jsonExport, rowsImport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction, ParamsFunction } from './shapes.ts';

/** A data access group. */
export interface Dag {
  /** The group's label. */
  data_access_group_name: string;
  /** The group's unique name, e.g. `ca_site`. */
  unique_group_name: string;
  /** The group's id (the number Export Logging's `dag` takes). */
  data_access_group_id: number;
}

/** A data access group to create (blank `unique_group_name`) or to rename (its unique name). */
export interface ImportDagRow {
  /** The group's label, at most 100 characters. */
  readonly data_access_group_name: string;
  /** `""` to create a group (REDCap derives the name from the label), or a known unique name to rename that group. */
  readonly unique_group_name: string;
}

/** Parameters of a data access groups delete. */
export interface DeleteDagsParams {
  /** The unique names of the groups to delete. */
  readonly dags: readonly string[];
}

/** Parameters of a DAG switch. */
export interface SwitchDagParams {
  /** The unique name of the group to switch to, or `""` for no group. */
  readonly dag: string;
}

/** A user's data access group. */
export interface UserDagMapping {
  /** The user's name. */
  username: string;
  /** The group's unique name; `""` when the user is in no group. */
  redcap_data_access_group: string;
}

/** A user's data access group to set. */
export interface ImportUserDagMapping {
  /** The user's name. */
  readonly username: string;
  /** The group's unique name; `""` takes the user out of their group. */
  readonly redcap_data_access_group: string;
}

const formatOnly: Schema<{ format?: 'json' | 'csv' | 'xml' }> = strictParams({ format: v.optional(format) });

/**
 * The project's data access groups. Needs the Data Access Groups right, and a
 * user in no group.
 *
 * REDCap method: Export DAGs (`content=dag`).
 *
 * @example
 * ```ts
 * const dags = await redcap.dags.export();
 * const dags = await exportDags(client);
 * ```
 */
export const exportDags: ExportFunction<{}, Dag[]> = /* @__PURE__ */ defineMethod({
  name: 'exportDags',
  title: 'Export DAGs',
  namespace: 'dags',
  verb: 'export',
  content: 'dag',
  action: 'export',
  since: '9.0.0',
  ...jsonExport(formatOnly, v.array(v.looseObject({ data_access_group_name: v.string(), unique_group_name: v.string() }))),
});

const dagRow: Schema<ImportDagRow> = v.looseObject({
  data_access_group_name: v.string('expected the group label as a string.'),
  unique_group_name: v.string('expected the unique group name as a string ("" to create a group).'),
});

/**
 * Creates data access groups (blank `unique_group_name`) or renames them.
 * Returns the number of groups imported.
 *
 * REDCap method: Import DAGs (`content=dag&action=import`).
 *
 * @example
 * ```ts
 * await redcap.dags.import([{ data_access_group_name: 'New Site', unique_group_name: '' }]);
 * await importDags(client, [
 *   { data_access_group_name: 'New Site', unique_group_name: '' },
 *   { data_access_group_name: 'CA Site (closed)', unique_group_name: 'ca_site' },
 * ]);
 * ```
 */
export const importDags: DataFunction<readonly ImportDagRow[] | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importDags',
  title: 'Import DAGs',
  namespace: 'dags',
  verb: 'import',
  content: 'dag',
  action: 'import',
  since: '9.0.0',
  ...rowsImport(rowsOrCsv(dagRow, 'data access group')),
  // A blank unique name creates a group: sent again, it creates a second one.
  retry: (_options: object, data: readonly ImportDagRow[] | string) =>
    typeof data === 'string' || data.some((row) => row.unique_group_name.trim() === '') ? 'never' : 'write',
  neverRetriedWhen: 'a blank unique_group_name (it creates a group), or CSV data',
});

/**
 * Deletes data access groups. All or nothing: an unknown name deletes none.
 * Returns how many were deleted.
 *
 * REDCap method: Delete DAGs (`content=dag&action=delete`).
 *
 * @example
 * ```ts
 * await redcap.dags.delete({ dags: ['new_site'] });
 * const deleted = await deleteDags(client, { dags: ['new_site'] });
 * ```
 */
export const deleteDags: ParamsFunction<DeleteDagsParams, number> = /* @__PURE__ */ defineMethod({
  name: 'deleteDags',
  title: 'Delete DAGs',
  namespace: 'dags',
  verb: 'delete',
  content: 'dag',
  action: 'delete',
  since: '9.0.0',
  takes: 'params',
  retry: 'write',
  params: strictParams({ dags: nonEmptyList(name, 'unique group names') }),
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.number(),
});

/**
 * Moves the token's user into another of the groups the DAG Switcher gave them
 * (or out of every group with `""`).
 *
 * REDCap method: Switch DAG (`content=dag&action=switch`).
 *
 * @example
 * ```ts
 * await redcap.dags.switch({ dag: 'ca_site' });
 * await switchDag(client, { dag: 'ca_site' });
 * const rows = await exportRecords(client); // now the CA site's records
 * ```
 */
export const switchDag: ParamsFunction<SwitchDagParams, void> = /* @__PURE__ */ defineMethod({
  name: 'switchDag',
  title: 'Switch DAG',
  namespace: 'dags',
  verb: 'switch',
  content: 'dag',
  action: 'switch',
  since: '11.3.1',
  takes: 'params',
  retry: 'write',
  params: strictParams({ dag: v.string('expected a unique group name, or "" for no group.') }),
  toWire: (params) => ({ params: toWire(params) }),
  answer: 'text',
  // REDCap answers 200 in every case: `1`, or `ERROR: Invalid DAG` and the like.
  accept: (body) => body.trim() === '1',
  finish: () => undefined,
});

/**
 * Each user's data access group (`""` for none).
 *
 * REDCap method: Export User-DAG Assignments (`content=userDagMapping`).
 *
 * @example
 * ```ts
 * const assignments = await redcap.userDagMappings.export();
 * const assignments = await exportUserDagMappings(client);
 * ```
 */
export const exportUserDagMappings: ExportFunction<{}, UserDagMapping[]> = /* @__PURE__ */ defineMethod({
  name: 'exportUserDagMappings',
  title: 'Export User-DAG Assignments',
  namespace: 'userDagMappings',
  verb: 'export',
  content: 'userDagMapping',
  action: 'export',
  since: '9.0.0',
  ...jsonExport(formatOnly, v.array(v.looseObject({ username: v.string(), redcap_data_access_group: v.string() }))),
});

const userDagRow: Schema<ImportUserDagMapping> = v.looseObject({
  username: name,
  redcap_data_access_group: v.string('expected a unique group name as a string ("" for none).'),
});

/**
 * Puts users into data access groups (`""` takes them out). Returns the number
 * of assignments imported.
 *
 * REDCap method: Import User-DAG Assignments (`content=userDagMapping` with `data`).
 *
 * @example
 * ```ts
 * await redcap.userDagMappings.import([{ username: 'alice', redcap_data_access_group: 'ca_site' }]);
 * await importUserDagMappings(client, [
 *   { username: 'alice', redcap_data_access_group: 'ca_site' },
 *   { username: 'bob', redcap_data_access_group: '' },
 * ]);
 * ```
 */
export const importUserDagMappings: DataFunction<readonly ImportUserDagMapping[] | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importUserDagMappings',
  title: 'Import User-DAG Assignments',
  namespace: 'userDagMappings',
  verb: 'import',
  content: 'userDagMapping',
  action: 'import',
  since: '9.0.0',
  ...rowsImport(rowsOrCsv(userDagRow, 'assignment')),
});

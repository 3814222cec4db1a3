import * as v from 'valibot';
import { format, name, nonEmptyList, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { rowsOrCsv, jsonExport, rowsImport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction, ParamsFunction } from './shapes.ts';

/** The project-level rights every user and role export carries (0 no, 1 yes; `user_rights` and `lock_records` also 2). */
export type UserRightName =
  | 'design'
  | 'alerts'
  | 'user_rights'
  | 'data_access_groups'
  | 'reports'
  | 'stats_and_charts'
  | 'manage_survey_participants'
  | 'calendar'
  | 'data_import_tool'
  | 'data_comparison_tool'
  | 'logging'
  | 'email_logging'
  | 'file_repository'
  | 'data_quality_create'
  | 'data_quality_execute'
  | 'api_export'
  | 'api_import'
  | 'api_modules'
  | 'record_create'
  | 'record_rename'
  | 'record_delete'
  | 'lock_records_all_forms'
  | 'lock_records'
  | 'lock_records_customization';

/**
 * Rights present only when their feature is on: the mobile app (system-wide),
 * MyCap, the data-quality resolution workflow, double data entry, randomization.
 */
export type OptionalUserRightName =
  | 'mobile_app'
  | 'mobile_app_download_data'
  | 'mycap_participants'
  | 'data_quality_resolution'
  | 'double_data'
  | 'random_setup'
  | 'random_dashboard'
  | 'random_perform';

/** Project-level rights with values of type `V`. */
export type UserRights<V> = { [K in UserRightName]: V } & { [K in OptionalUserRightName]?: V };

/**
 * A user of the project, as Export Users gives it (REDCap 15 key order). Rights
 * are numbers; a user in a role shows the role's rights.
 */
export interface RedcapUser extends UserRights<number> {
  /** The username, lower-cased. */
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  /** `YYYY-MM-DD`, or `""` for no expiration. */
  expiration: string;
  /** The unique name of the user's data access group, or `""`. */
  data_access_group: string;
  /** The id of the user's data access group, or `""`. */
  data_access_group_id: number | '';
  /** The group's label (REDCap 16+). */
  data_access_group_label?: string;
  /**
   * Data viewing rights per instrument. Before 15.6: 0 no access, 1 view and edit, 2 read only,
   * 3 edit survey responses; 15.6+: a bitmask (128 no access, 129 read only, 130 view and edit,
   * +8 edit survey responses, +16 delete records).
   */
  forms: Record<string, number>;
  /** Export rights per instrument: 0 no access, 1 full data set, 2 de-identified, 3 without identifiers. */
  forms_export: Record<string, number>;
}

/**
 * A user to add or update: only `username` is required. New users get minimum
 * rights for what is left out; existing users change only in what is given.
 * `email`, `firstname`, `lastname` and `data_access_group_id` are ignored by REDCap.
 */
export interface ImportUserRow extends Partial<UserRights<number | string>> {
  readonly username: string;
  /** `YYYY-MM-DD`, or `""` for no expiration. */
  readonly expiration?: string;
  /** The unique name of a data access group. */
  readonly data_access_group?: string;
  /** Data viewing rights per instrument (see {@link RedcapUser.forms}). */
  readonly forms?: Readonly<Record<string, number | string>>;
  /** Export rights per instrument (see {@link RedcapUser.forms_export}). */
  readonly forms_export?: Readonly<Record<string, number | string>>;
}

/** Parameters of a users delete. */
export interface DeleteUsersParams {
  /** The usernames to remove from the project. */
  readonly users: readonly string[];
}

/**
 * A user role. Unlike user exports, REDCap sends the rights as strings (`"1"`).
 * `lock_records` and `lock_records_customization` may be absent.
 */
export interface UserRole extends Omit<UserRights<string>, 'lock_records' | 'lock_records_customization'> {
  /** The role's unique name, e.g. `U-2119C4Y87T`. */
  unique_role_name: string;
  /** The role's label. */
  role_label: string;
  lock_records?: string;
  lock_records_customization?: string;
  /** Data viewing rights per instrument (see {@link RedcapUser.forms}). */
  forms: Record<string, number | string>;
  /** Export rights per instrument (see {@link RedcapUser.forms_export}). */
  forms_export: Record<string, number | string>;
}

/** A role to create (no `unique_role_name`) or update (its unique name). */
export interface ImportUserRoleRow extends Partial<UserRights<number | string>> {
  /** The role's label. */
  readonly role_label: string;
  /** An existing role's unique name, to update it; leave out or `""` to create a role. */
  readonly unique_role_name?: string;
  /** Data viewing rights per instrument. */
  readonly forms?: Readonly<Record<string, number | string>>;
  /** Export rights per instrument. */
  readonly forms_export?: Readonly<Record<string, number | string>>;
}

/** Parameters of a user roles delete. */
export interface DeleteUserRolesParams {
  /** The unique names of the roles to delete. */
  readonly roles: readonly string[];
}

/** A user's role. */
export interface UserRoleMapping {
  /** The user's name. */
  username: string;
  /** The role's unique name; `""` when the user is in no role. */
  unique_role_name: string;
  /** The user's data access group (unique name or `""`); only in projects with groups, REDCap 15.7+. */
  data_access_group?: string;
}

/** A user's role to set. */
export interface ImportUserRoleMapping {
  /** The user's name. */
  readonly username: string;
  /** The role's unique name; `""` takes the user out of their role. */
  readonly unique_role_name: string;
}

const formatOnly: Schema<{ format?: 'json' | 'csv' | 'xml' }> = strictParams({ format: v.optional(format) });

/**
 * The project's users with their rights (users in a data access group see only
 * their group's users). Needs the User Rights right.
 *
 * REDCap method: Export Users (`content=user`).
 *
 * @example
 * ```ts
 * const users = await redcap.users.export();
 * const users = await exportUsers(client);
 * const exporters = users.filter((u) => u.api_export === 1).map((u) => u.username);
 * ```
 */
export const exportUsers: ExportFunction<{}, RedcapUser[]> = /* @__PURE__ */ defineMethod({
  name: 'exportUsers',
  title: 'Export Users',
  namespace: 'users',
  verb: 'export',
  content: 'user',
  action: 'export',
  since: '4.7.0',
  ...jsonExport(formatOnly, v.array(v.looseObject({ username: v.string() }))),
});

const userRow: Schema<ImportUserRow> = v.looseObject({ username: name });

/**
 * Adds users to the project or updates their rights (not of users in a role).
 * Returns the number of users imported.
 *
 * REDCap method: Import Users (`content=user` with `data`).
 *
 * @example
 * ```ts
 * await redcap.users.import([{ username: 'alice', api_export: 1, forms: { demographics: 130 } }]);
 * await importUsers(client, [
 *   { username: 'alice', expiration: '2027-01-31', data_access_group: 'ca_site', api_export: 1 },
 * ]);
 * ```
 */
export const importUsers: DataFunction<readonly ImportUserRow[] | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importUsers',
  title: 'Import Users',
  namespace: 'users',
  verb: 'import',
  content: 'user',
  action: 'import',
  since: '4.7.0',
  ...rowsImport(rowsOrCsv(userRow, 'user')),
});

/**
 * Removes users from the project. All or nothing: an unknown username removes
 * none. Returns how many were removed.
 *
 * REDCap method: Delete Users (`content=user&action=delete`).
 *
 * @example
 * ```ts
 * await redcap.users.delete({ users: ['bob'] });
 * const removed = await deleteUsers(client, { users: ['bob', 'carol'] });
 * ```
 */
export const deleteUsers: ParamsFunction<DeleteUsersParams, number> = /* @__PURE__ */ defineMethod({
  name: 'deleteUsers',
  title: 'Delete Users',
  namespace: 'users',
  verb: 'delete',
  content: 'user',
  action: 'delete',
  since: '11.3.0',
  takes: 'params',
  retry: 'write',
  params: strictParams({ users: nonEmptyList(name, 'usernames') }),
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.number(),
});

/**
 * The project's user roles with their rights (as strings). Needs the User Rights right.
 *
 * REDCap method: Export User Roles (`content=userRole`).
 *
 * @example
 * ```ts
 * const roles = await redcap.userRoles.export();
 * const roles = await exportUserRoles(client);
 * const monitor = roles.find((r) => r.role_label === 'Monitor')?.unique_role_name;
 * ```
 */
export const exportUserRoles: ExportFunction<{}, UserRole[]> = /* @__PURE__ */ defineMethod({
  name: 'exportUserRoles',
  title: 'Export User Roles',
  namespace: 'userRoles',
  verb: 'export',
  content: 'userRole',
  action: 'export',
  since: '11.3.0',
  ...jsonExport(formatOnly, v.array(v.looseObject({ unique_role_name: v.string(), role_label: v.string() }))),
});

const roleRow: Schema<ImportUserRoleRow> = v.looseObject({
  role_label: v.string('expected the role label as a string.'),
  unique_role_name: v.optional(v.string('expected a unique role name as a string.')),
});

/**
 * Creates roles (rows without `unique_role_name`) or updates them. Returns the
 * number of roles imported.
 *
 * REDCap method: Import User Roles (`content=userRole` with `data`).
 *
 * @example
 * ```ts
 * await redcap.userRoles.import([{ role_label: 'Monitor', api_export: 1 }]);
 * await importUserRoles(client, [
 *   { role_label: 'Monitor', logging: 1, forms: { demographics: 129 } },
 *   { unique_role_name: 'U-2119C4Y87T', role_label: 'Data entry' },
 * ]);
 * ```
 */
export const importUserRoles: DataFunction<readonly ImportUserRoleRow[] | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importUserRoles',
  title: 'Import User Roles',
  namespace: 'userRoles',
  verb: 'import',
  content: 'userRole',
  action: 'import',
  since: '11.3.0',
  ...rowsImport(rowsOrCsv(roleRow, 'role')),
  // A row without a unique role name creates a role: sent again, it creates a second one.
  retry: (_options: object, data: readonly ImportUserRoleRow[] | string) =>
    typeof data === 'string' || data.some((row) => (row.unique_role_name ?? '').trim() === '') ? 'never' : 'write',
  neverRetriedWhen: 'a row lacking unique_role_name (it creates a role), or CSV data',
});

/**
 * Deletes user roles. All or nothing: an unknown name deletes none. Returns how
 * many were deleted.
 *
 * REDCap method: Delete User Roles (`content=userRole&action=delete`).
 *
 * @example
 * ```ts
 * await redcap.userRoles.delete({ roles: ['U-2119C4Y87T'] });
 * const deleted = await deleteUserRoles(client, { roles: ['U-2119C4Y87T'] });
 * ```
 */
export const deleteUserRoles: ParamsFunction<DeleteUserRolesParams, number> = /* @__PURE__ */ defineMethod({
  name: 'deleteUserRoles',
  title: 'Delete User Roles',
  namespace: 'userRoles',
  verb: 'delete',
  content: 'userRole',
  action: 'delete',
  since: '11.3.0',
  takes: 'params',
  retry: 'write',
  params: strictParams({ roles: nonEmptyList(name, 'unique role names') }),
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.number(),
});

/**
 * Each user's role (`""` for none).
 *
 * REDCap method: Export User-Role Assignments (`content=userRoleMapping`).
 *
 * @example
 * ```ts
 * const assignments = await redcap.userRoleMappings.export();
 * const assignments = await exportUserRoleMappings(client);
 * ```
 */
export const exportUserRoleMappings: ExportFunction<{}, UserRoleMapping[]> = /* @__PURE__ */ defineMethod({
  name: 'exportUserRoleMappings',
  title: 'Export User-Role Assignments',
  namespace: 'userRoleMappings',
  verb: 'export',
  content: 'userRoleMapping',
  action: 'export',
  since: '11.3.0',
  ...jsonExport(formatOnly, v.array(v.looseObject({ username: v.string(), unique_role_name: v.string() }))),
});

const roleMappingRow: Schema<ImportUserRoleMapping> = v.looseObject({
  username: name,
  unique_role_name: v.string('expected a unique role name as a string ("" for none).'),
});

/**
 * Puts users into roles (`""` takes them out). Returns the number of
 * assignments imported.
 *
 * REDCap method: Import User-Role Assignments (`content=userRoleMapping&action=import`).
 *
 * @example
 * ```ts
 * await redcap.userRoleMappings.import([{ username: 'alice', unique_role_name: 'U-2119C4Y87T' }]);
 * await importUserRoleMappings(client, [
 *   { username: 'alice', unique_role_name: 'U-2119C4Y87T' },
 *   { username: 'bob', unique_role_name: '' },
 * ]);
 * ```
 */
export const importUserRoleMappings: DataFunction<readonly ImportUserRoleMapping[] | string, {}, number> = /* @__PURE__ */ defineMethod({
  name: 'importUserRoleMappings',
  title: 'Import User-Role Assignments',
  namespace: 'userRoleMappings',
  verb: 'import',
  content: 'userRoleMapping',
  action: 'import',
  since: '11.3.0',
  ...rowsImport(rowsOrCsv(roleMappingRow, 'assignment')),
});

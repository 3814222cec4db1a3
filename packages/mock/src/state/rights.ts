/** User and role rights: REDCap's right names, the rights the router's gate reads, roles and per-instrument rights. */
import type { ProjectState, RoleDef, UserDef, UserInput, UserRights } from '../types.ts';

/** REDCap 15.7.6's project-level rights in Export Users order (`design` … `lock_records_customization`). */
export const BASE_RIGHTS = [
  'design',
  'alerts',
  'user_rights',
  'data_access_groups',
  'reports',
  'stats_and_charts',
  'manage_survey_participants',
  'calendar',
  'data_import_tool',
  'data_comparison_tool',
  'logging',
  'email_logging',
  'file_repository',
  'data_quality_create',
  'data_quality_execute',
  'api_export',
  'api_import',
  'api_modules',
  'mobile_app',
  'mobile_app_download_data',
  'record_create',
  'record_rename',
  'record_delete',
  'lock_records_all_forms',
  'lock_records',
  'lock_records_customization',
] as const;

/** Rights present only when the project has randomization enabled. */
export const RANDOM_RIGHTS = ['random_setup', 'random_dashboard', 'random_perform'] as const;

/** Rights that may be 0, 1 or 2; the others are 0 or 1. */
export const THREE_VALUED_RIGHTS: ReadonlySet<string> = new Set(['user_rights', 'lock_records']);

/** REDCap right name → the gate's right. */
const GATE_RIGHTS: Readonly<Record<string, Exclude<keyof UserRights, 'dataExport'>>> = {
  design: 'design',
  user_rights: 'userRights',
  data_access_groups: 'dataAccessGroups',
  manage_survey_participants: 'surveyParticipants',
  logging: 'logging',
  file_repository: 'fileRepository',
  api_export: 'apiExport',
  api_import: 'apiImport',
  record_rename: 'recordRename',
  record_delete: 'recordDelete',
  random_perform: 'randomize',
};

type MutableRights = { -readonly [K in keyof UserRights]: UserRights[K] };

/** Every right name a user or role carries, in export order, for the project. */
export function rightNames(state: ProjectState): string[] {
  return Number(state.info.randomization_enabled) === 1 ? [...BASE_RIGHTS, ...RANDOM_RIGHTS] : [...BASE_RIGHTS];
}

/** Whether `name` is a right REDCap knows (whatever the project's features). */
export function isRightName(name: string): boolean {
  return (BASE_RIGHTS as readonly string[]).includes(name) || (RANDOM_RIGHTS as readonly string[]).includes(name);
}

/** Defaults for the rights {@link UserRights} does not hold, for fixture users. */
const DEFAULT_OTHER_RIGHTS: Readonly<Record<string, number>> = {
  alerts: 1,
  reports: 1,
  stats_and_charts: 1,
  calendar: 1,
  data_import_tool: 1,
  data_comparison_tool: 1,
  email_logging: 1,
  data_quality_create: 1,
  data_quality_execute: 1,
  api_modules: 0,
  mobile_app: 0,
  mobile_app_download_data: 0,
  record_create: 1,
  lock_records_all_forms: 0,
  lock_records: 0,
  lock_records_customization: 0,
  random_setup: 1,
  random_dashboard: 1,
};

/** The people fields of a fixture user. */
export function userExtras(
  user: UserInput,
): Pick<UserDef, 'email' | 'firstname' | 'lastname' | 'role' | 'forms' | 'formsExport' | 'otherRights' | 'dagSwitcher'> {
  return {
    email: user.email ?? `${user.username}@example.org`,
    firstname: user.firstname ?? '',
    lastname: user.lastname ?? '',
    role: user.role ?? '',
    forms: { ...user.forms },
    formsExport: { ...user.formsExport },
    otherRights: { ...DEFAULT_OTHER_RIGHTS, ...user.otherRights },
    dagSwitcher: [...(user.dagSwitcher ?? [])],
  };
}

/** A deterministic `U-` unique role name (10 upper-case letters and digits). */
export function roleUniqueName(projectId: string, roleId: number): string {
  return `U-${hash36(`${projectId}|role|${roleId}`, 10)}`;
}

/** `length` upper-case base-36 characters of an FNV-1a 64 hash of `input`. */
export function hash36(input: string, length: number): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).toUpperCase().padStart(13, '0').slice(-length);
}

/** Own gate rights of role members, restored when they leave the role. */
const ownRights = new WeakMap<UserDef, UserRights>();

/**
 * Makes the user's gate rights follow their role (REDCap uses a role member's role
 * rights), or restores their own rights once they are in no role.
 */
export function applyRole(state: ProjectState, user: UserDef): void {
  const role = user.role === '' ? undefined : state.roles.find((candidate) => candidate.uniqueName === user.role);
  const rights = user.rights as MutableRights;
  if (!role) {
    if (user.role !== '') user.role = '';
    const own = ownRights.get(user);
    if (own) Object.assign(rights, own);
    ownRights.delete(user);
    return;
  }
  if (!ownRights.has(user)) ownRights.set(user, { ...user.rights });
  for (const [name, key] of Object.entries(GATE_RIGHTS)) {
    const value = role.rights[name] ?? 0;
    if (key === 'userRights') rights.userRights = value === 2 ? 2 : value === 1 ? 1 : 0;
    else rights[key] = value === 1;
  }
}

/** The user's rights by REDCap name (a role member's are the role's). */
export function rightsOf(state: ProjectState, user: UserDef): Record<string, number> {
  const role = roleOf(state, user);
  const out: Record<string, number> = {};
  for (const name of rightNames(state)) {
    if (role) {
      out[name] = role.rights[name] ?? 0;
      continue;
    }
    const key = GATE_RIGHTS[name];
    if (key === undefined) out[name] = user.otherRights[name] ?? 0;
    else if (key === 'userRights') out[name] = user.rights.userRights;
    else out[name] = user.rights[key] ? 1 : 0;
  }
  return out;
}

/** Sets one right by REDCap name on a user (not in a role). */
export function setUserRight(user: UserDef, name: string, value: number): void {
  const key = GATE_RIGHTS[name];
  const rights = user.rights as MutableRights;
  if (key === undefined) user.otherRights[name] = value;
  else if (key === 'userRights') rights.userRights = value === 2 ? 2 : value === 1 ? 1 : 0;
  else rights[key] = value === 1;
}

/** The user's role, if any. */
export function roleOf(state: ProjectState, user: UserDef): RoleDef | undefined {
  return user.role === '' ? undefined : state.roles.find((role) => role.uniqueName === user.role);
}

/** Data viewing rights per current instrument (15.6+ bitmask values). */
export function formRightsOf(state: ProjectState, user: UserDef): Record<string, number> {
  const role = roleOf(state, user);
  const out: Record<string, number> = {};
  for (const form of state.forms) {
    const given = role ? role.forms[form.name] : user.forms[form.name];
    out[form.name] = given ?? (role ? 128 : form.survey && Number(state.info.surveys_enabled) === 1 ? 138 : 130);
  }
  return out;
}

/** Export rights per current instrument (0-3). */
export function formExportRightsOf(state: ProjectState, user: UserDef): Record<string, number> {
  const role = roleOf(state, user);
  const out: Record<string, number> = {};
  for (const form of state.forms) {
    const given = role ? role.formsExport[form.name] : user.formsExport[form.name];
    out[form.name] = given ?? (role ? 0 : user.rights.dataExport);
  }
  return out;
}

/** A role's data viewing / export rights per current instrument. */
export function roleFormRights(state: ProjectState, role: RoleDef): { forms: Record<string, number>; formsExport: Record<string, number> } {
  const forms: Record<string, number> = {};
  const formsExport: Record<string, number> = {};
  for (const form of state.forms) {
    forms[form.name] = role.forms[form.name] ?? 128;
    formsExport[form.name] = role.formsExport[form.name] ?? 0;
  }
  return { forms, formsExport };
}

/**
 * A form-level viewing right as 15.6+ stores it: legacy 0-3 are converted (0 → 128 no
 * access, 1 → 130 view & edit, 2 → 129 read only, 3 → 138 edit survey responses);
 * bitmask values 128-159 are kept. `undefined` when neither.
 */
export function normaliseFormRight(value: string): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  const legacy: Record<number, number> = { 0: 128, 1: 130, 2: 129, 3: 138 };
  if (number in legacy) return legacy[number];
  if (number >= 128 && number <= 159 && (number & 3) !== 3 && (number & 4) === 0) return number;
  return undefined;
}

/** The rights of a user nobody restricted: everything the API can check. */
export const FULL_RIGHTS: UserRights = {
  apiExport: true,
  apiImport: true,
  recordDelete: true,
  recordRename: true,
  randomize: true,
  design: true,
  surveyParticipants: true,
  dataExport: 1,
  userRights: 1,
  dataAccessGroups: true,
  fileRepository: true,
  logging: true,
};

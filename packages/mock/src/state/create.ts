import { applyRole, BASE_RIGHTS, FULL_RIGHTS, RANDOM_RIGHTS, roleUniqueName, userExtras } from './rights.ts';
import {
  type ArmDef,
  type EventDef,
  type FieldDef,
  type FormDef,
  METADATA_COLUMNS,
  PROJECT_INFO_KEYS,
  type ProjectFixture,
  type ProjectInfoKey,
  type ProjectState,
  type RandomizationDef,
  type RepositoryState,
  type RoleDef,
  type SurveySettings,
  type UserDef,
} from '../types.ts';
import { setCellValue, writeRow } from '../records/save.ts';
import { findRecord } from './records.ts';
import { type CalcContext, recalculate } from '../calc/recalc.ts';

/** The people parts of a fresh project state. */
export function peopleState(
  fixture: ProjectFixture,
): Pick<ProjectState, 'roles' | 'reports' | 'repository' | 'surveys' | 'randomizations'> {
  const projectId = String(fixture.info.project_id ?? '');
  const roles: RoleDef[] = (fixture.roles ?? []).map((role) => {
    const rights: Record<string, number> = {};
    for (const name of [...BASE_RIGHTS, ...RANDOM_RIGHTS]) rights[name] = role.rights?.[name] ?? 0;
    return {
      id: role.id,
      uniqueName: role.uniqueName ?? roleUniqueName(projectId, role.id),
      label: role.label,
      rights,
      forms: { ...role.forms },
      formsExport: { ...role.formsExport },
    };
  });
  const folders = (fixture.repository?.folders ?? []).map((folder) => ({
    id: folder.id,
    name: folder.name,
    parent: folder.parent ?? null,
    dagId: folder.dag ?? null,
    roleId: folder.role ?? null,
  }));
  const repository: RepositoryState = { folders, files: new Map(), nextFolderId: Math.max(0, ...folders.map((folder) => folder.id)) + 1 };
  const surveys: SurveySettings = {
    queue: fixture.surveys?.queue === true,
    saveAndReturn: new Set(fixture.surveys?.saveAndReturn ?? []),
    emailField: fixture.surveys?.emailField ?? '',
    invitations: [...(fixture.surveys?.invitations ?? [])],
  };
  const randomizations: RandomizationDef[] = (fixture.randomizations ?? []).map((model) => ({
    id: model.id,
    targetField: model.targetField,
    event: model.event ?? '',
    strata: [...(model.strata ?? [])],
    byDag: model.byDag === true,
    blinded: model.blinded === true,
    allocations: model.allocations.map((row) => ({ ...row, record: '' })),
  }));
  return { roles, reports: [...(fixture.reports ?? [])], repository, surveys, randomizations };
}

/** Seeds what needs the rest of the state: repository files (doc ids) and role rights of members. */
export function seedPeople(state: ProjectState, fixture: ProjectFixture): void {
  for (const file of fixture.repository?.files ?? []) {
    const docId = state.nextDocId++;
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : new Uint8Array(file.bytes);
    state.files.set(docId, { docId, name: file.name, type: file.type, bytes, deleted: false });
    state.repository.files.set(docId, file.folder ?? null);
  }
  for (const user of state.users) applyRole(state, user);
}

/** The hidden event every classic project has in REDCap. */
const CLASSIC_EVENT: EventDef = {
  uniqueName: 'event_1_arm_1',
  name: 'Event 1',
  armNum: 1,
  id: 40,
  dayOffset: 0,
  offsetMin: 0,
  offsetMax: 0,
  customLabel: '',
};

/**
 * Builds a fresh, independent project state from a fixture. `token` replaces the first user's
 * token; `calc` computes the calc fields of the fixture's records (§4.5) and reports formulas
 * it cannot evaluate.
 */
export function createProjectState(fixture: ProjectFixture, calc: CalcContext, token?: string): ProjectState {
  const fields: FieldDef[] = fixture.fields.map((input) => {
    const field = {} as Record<(typeof METADATA_COLUMNS)[number], string>;
    for (const column of METADATA_COLUMNS) field[column] = input[column] ?? '';
    return field;
  });
  const forms: FormDef[] = fixture.forms.map((form) => ({ name: form.name, label: form.label, survey: form.survey === true }));
  const longitudinal = (fixture.events?.length ?? 0) > 0;
  const arms: ArmDef[] = longitudinal ? (fixture.arms ?? []).map((arm) => ({ num: arm.num, name: arm.name })) : [{ num: 1, name: 'Arm 1' }];
  const events: EventDef[] = longitudinal
    ? (fixture.events ?? [])
        .map((event, index) => ({
          index,
          def: {
            uniqueName: event.uniqueName,
            name: event.name,
            armNum: event.arm,
            id: event.id,
            dayOffset: event.dayOffset ?? index + 1,
            offsetMin: event.offsetMin ?? 0,
            offsetMax: event.offsetMax ?? 0,
            customLabel: event.customLabel ?? '',
          },
        }))
        .sort((a, b) => a.def.armNum - b.def.armNum || a.def.dayOffset - b.def.dayOffset || a.index - b.index)
        .map((entry) => entry.def)
    : [CLASSIC_EVENT];
  const formEvents = new Map<string, Set<string>>();
  for (const event of events) formEvents.set(event.uniqueName, new Set());
  if (longitudinal) {
    for (const { event, form } of fixture.formEventMapping ?? []) formEvents.get(event)?.add(form);
  } else {
    formEvents.set(CLASSIC_EVENT.uniqueName, new Set(forms.map((form) => form.name)));
  }
  const repeatingForms = new Map<string, Map<string, string>>();
  const repeatingEvents = new Map<string, string>();
  for (const repeat of fixture.repeating ?? []) {
    const event = repeat.event ?? CLASSIC_EVENT.uniqueName;
    if (repeat.form === '') {
      repeatingEvents.set(event, repeat.customLabel ?? '');
    } else {
      let map = repeatingForms.get(event);
      if (!map) {
        map = new Map();
        repeatingForms.set(event, map);
      }
      map.set(repeat.form, repeat.customLabel ?? '');
    }
  }
  const users: UserDef[] = fixture.users.map((user, index) => ({
    username: user.username,
    token: index === 0 && token !== undefined ? token : user.token,
    dag: user.dag ?? '',
    expiration: user.expiration ?? '',
    suspended: user.suspended === true,
    rights: { ...FULL_RIGHTS, ...user.rights },
    ...userExtras(user),
  }));
  const info = {} as Record<ProjectInfoKey, string | number>;
  for (const key of PROJECT_INFO_KEYS) info[key] = fixture.info[key] ?? '';
  const state: ProjectState = {
    info,
    longitudinal,
    recordIdField: fields[0]?.field_name ?? 'record_id',
    fields,
    fieldByName: new Map(fields.map((field) => [field.field_name, field])),
    forms,
    formByName: new Map(forms.map((form) => [form.name, form])),
    arms,
    events,
    eventByName: new Map(events.map((event) => [event.uniqueName, event])),
    formEvents,
    repeatingForms,
    repeatingEvents,
    dags: [...(fixture.dags ?? [])],
    users,
    records: new Map(),
    files: new Map(),
    log: [],
    nextDocId: 1,
    ...peopleState(fixture),
  };
  seedRecords(state, fixture);
  recalculate(state, state.records.values(), calc);
  seedPeople(state, fixture);
  return state;
}

function seedRecords(state: ProjectState, fixture: ProjectFixture): void {
  const defaultEvent = (state.events[0] as EventDef).uniqueName;
  for (const input of fixture.records) {
    const values = new Map<string, string>();
    for (const [column, value] of Object.entries(input)) values.set(column, String(value));
    const record = values.get(state.recordIdField) ?? '';
    const event = state.longitudinal ? (values.get('redcap_event_name') ?? defaultEvent) : defaultEvent;
    const instrument = values.get('redcap_repeat_instrument') ?? '';
    const instanceText = values.get('redcap_repeat_instance') ?? '';
    const instance = instanceText === '' ? 1 : Number(instanceText);
    writeRow(state, { record, event, instrument, instance, values }, false, true);
  }
  for (const file of fixture.files ?? []) {
    const record = findRecord(state, file.record);
    if (!record) continue;
    const event = file.event ?? defaultEvent;
    const form = state.fieldByName.get(file.field)?.form_name ?? '';
    const instrument = state.repeatingForms.get(event)?.has(form) ? form : '';
    const docId = state.nextDocId++;
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : new Uint8Array(file.bytes);
    state.files.set(docId, { docId, name: file.name, type: file.type, bytes, deleted: false });
    setCellValue(state, record, event, instrument, file.instance ?? 1, file.field, String(docId));
  }
}

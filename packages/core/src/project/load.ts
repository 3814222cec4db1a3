import type { RedcapClient } from '../client/create-client.ts';
import type { CallOptions } from '../client/options.ts';
import { stateOf } from '../client/state.ts';
import { exportArms } from '../methods/arms.ts';
import { exportEvents } from '../methods/events.ts';
import { exportInstrumentEventMappings } from '../methods/form-event-mappings.ts';
import { exportInstruments } from '../methods/instruments.ts';
import { exportMetadata } from '../methods/metadata.ts';
import { exportProjectInfo } from '../methods/project.ts';
import { exportRepeatingFormsEvents } from '../methods/repeating.ts';
import type { HasCall } from '../methods/shapes.ts';
import { castExport } from './cast.ts';
import { projectFrom, type ProjectParts, type RedcapProject } from './model.ts';
import { uncastRecords } from './uncast.ts';
import { enableImportChecks } from './checks/import-check.ts';
import { checkableProject } from './checks/shape.ts';

/** Options of `project.load()`: `refresh` to fetch again, and the call options of its requests. */
export interface LoadProjectOptions extends CallOptions {
  /** Fetch the project again even when it is loaded (after a design change). @default false */
  readonly refresh?: boolean;
}

/** `redcap.project.load(options)`: the project, fetched once per client. */
export type LoadProjectCall = (options?: LoadProjectOptions) => Promise<RedcapProject>;

/** {@link LoadProjectCall} as a standalone function. */
export interface LoadProjectFunction extends HasCall<LoadProjectCall> {
  (client: RedcapClient, options?: LoadProjectOptions): Promise<RedcapProject>;
}

/** `redcap.project.refresh(options)`: the project fetched again. */
export type RefreshProjectCall = (options?: CallOptions) => Promise<RedcapProject>;

/** {@link RefreshProjectCall} as a standalone function. */
export interface RefreshProjectFunction extends HasCall<RefreshProjectCall> {
  (client: RedcapClient, options?: CallOptions): Promise<RedcapProject>;
}

const codec = { cast: castExport, uncast: uncastRecords };
const flagOn = (value: unknown): boolean => value === 1 || value === '1';

/**
 * Fetches what REDCap says about the project: info, dictionary and instruments at
 * once, then (as soon as the info tells which apply) arms, events and designations
 * for a longitudinal project and the repeating setup when something repeats, since
 * REDCap answers 400 to those on projects without them.
 */
async function fetchParts(client: RedcapClient, options: CallOptions): Promise<ProjectParts> {
  const info = exportProjectInfo(client, {}, options);
  const later = info.then((settings) => {
    const longitudinal = flagOn(settings.is_longitudinal);
    const repeats = flagOn(settings.has_repeating_instruments_or_events);
    return Promise.all([
      longitudinal ? exportArms(client, {}, options) : [],
      longitudinal ? exportEvents(client, {}, options) : [],
      // A longitudinal project without designations answers one all-blank row.
      longitudinal ? exportInstrumentEventMappings(client, {}, options).then((rows) => rows.filter((row) => row.form !== '')) : [],
      repeats ? exportRepeatingFormsEvents(client, {}, options) : [],
    ]);
  });
  const [settings, metadata, instruments, [arms, events, formEventMappings, repeating]] = await Promise.all([
    info,
    exportMetadata(client, {}, options),
    exportInstruments(client, {}, options),
    later,
  ]);
  return { info: settings, metadata, instruments, arms, events, formEventMappings, repeating };
}

/**
 * Loads the project once per client and caches it: the data dictionary,
 * instruments, events, arms, instrument-event designations, repeating setup and
 * project info (with `missing_data_codes`), as an immutable {@link RedcapProject}.
 * Later calls return the cached project without a request; calls made while a load
 * is in flight share it; `refresh: true` fetches again. A failed load caches nothing
 * (a project loaded before stays). Casting (`records.export({ cast: true })`) and
 * typed imports use the cached project.
 *
 * Needs export rights for the dictionary and, when something repeats, the Project
 * Design right (REDCap's rule for exporting the repeating setup).
 *
 * @example
 * ```ts
 * const project = await redcap.project.load();
 * const project = await loadProject(client);
 * console.log(project.recordIdField, project.formsOf('baseline_arm_1'));
 * await redcap.project.load({ refresh: true }); // after changing the design
 * ```
 */
export const loadProject: LoadProjectFunction = (client: RedcapClient, options: LoadProjectOptions = {}): Promise<RedcapProject> => {
  const state = stateOf(client);
  state.project ??= {};
  const slot = state.project;
  const { refresh = false, ...callOptions } = options;
  if (!refresh && slot.pending) return slot.pending;
  if (!refresh && slot.current) return Promise.resolve(slot.current);
  const pending = fetchParts(client, callOptions).then(
    (parts) => {
      const project = projectFrom(parts);
      // A load started later (a refresh) wins over this one.
      if (slot.pending === pending) {
        slot.current = project;
        slot.codec = codec;
        slot.pending = undefined;
        // From now on imports are checked against this project before they are sent (validate: false skips it).
        enableImportChecks(client, checkableProject(project));
      }
      return project;
    },
    (error: unknown) => {
      if (slot.pending === pending) slot.pending = undefined;
      throw error;
    },
  );
  slot.pending = pending;
  return pending;
};

/**
 * Fetches the project again and caches the new one: `loadProject(client, { refresh: true })`.
 *
 * @example
 * ```ts
 * await redcap.metadata.import(fields);
 * const project = await redcap.project.refresh();
 * const project = await refreshProject(client);
 * ```
 */
export const refreshProject: RefreshProjectFunction = (client: RedcapClient, options: CallOptions = {}): Promise<RedcapProject> =>
  loadProject(client, { ...options, refresh: true });

/**
 * Makes a client use a project built offline (with {@link projectFrom}) as if
 * `project.load()` had fetched it: casting and typed imports then need no request.
 * For tests and tools that hold the dictionary already; it must be the client's project.
 *
 * @example
 * ```ts
 * useProject(redcap, projectFrom({ metadata: JSON.parse(await readFile('dictionary.json', 'utf8')) }));
 * const rows = await redcap.records.export({ cast: true });
 * ```
 */
export function useProject(client: RedcapClient, project: RedcapProject): void {
  const state = stateOf(client);
  state.project = { current: project, codec };
}

import type { RedcapClient } from '../client/create-client.ts';
import { stateOf } from '../client/state.ts';
import type { RedcapProject } from './model.ts';

/**
 * A client's project cache, kept in its (unreachable) state: the project once
 * loaded, and the load in flight that concurrent callers share. Written only by
 * `loadProject`, read by the casting and import hooks without pulling the
 * loading code into their bundles.
 */
export interface ProjectSlot {
  current?: RedcapProject;
  pending?: Promise<RedcapProject> | undefined;
}

/**
 * The project a client has loaded, or `undefined` before `project.load()` has
 * finished. Sends nothing.
 *
 * @example
 * ```ts
 * const project = loadedProject(redcap) ?? (await redcap.project.load());
 * ```
 */
export function loadedProject(client: RedcapClient): RedcapProject | undefined {
  return stateOf(client).project?.current;
}

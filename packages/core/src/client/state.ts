import type { ProjectSlot } from '../project/slot.ts';
import type { Limiter } from '../request/limiter.ts';
import type { EventObserver } from './events.ts';
import type { RetryOption } from './options.ts';
import type { ImportCheck } from '../project/checks/import-check.ts';

/** What a client knows; never reachable from the client object itself, so never printed. */
export interface ClientState {
  readonly url: string;
  readonly token: string | undefined;
  readonly timeout: number | false;
  readonly totalTimeout: number | false;
  readonly retry: RetryOption | undefined;
  /** The largest decoded answer accepted, in bytes. */
  readonly maxResponseBytes: number;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** Shared by every call of the client. */
  readonly limiter: Limiter;
  /** The client's observer of its calls' events. */
  readonly onEvent: EventObserver | undefined;
  /** The server's version once a `version()` call has told it. */
  serverVersion: string | undefined;
  /** The loaded project's import checks: `records.import` runs them before sending. Set by `enableImportChecks`. */
  importCheck?: ImportCheck | undefined;
  /** The project once `project.load()` has fetched it, and the load in flight. */
  project?: ProjectSlot;
}

const states = new WeakMap<object, ClientState>();

/** Attaches the state to a client object. */
export function attachState(client: object, state: ClientState): void {
  states.set(client, state);
}

/** The state of a client made by `createClient`; throws for anything else. */
export function stateOf(client: object): ClientState {
  const state = states.get(client);
  if (!state) throw new TypeError('Expected a client made by createClient() or createRedcap().');
  return state;
}

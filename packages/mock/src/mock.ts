import { methodTable } from '@redcap-sdk/core/methods';
import { route } from './dispatch/router.ts';
import { createFaultInjector, type Fault, type FaultLogEntry, type FaultOptions, type FaultRule, type InjectedFault } from './faults.ts';
import { classicFixture } from './fixtures/classic.ts';
import { longitudinalFixture } from './fixtures/longitudinal.ts';
import { handlers } from './handlers/index.ts';
import { createProjectState } from './state/create.ts';
import { diagnosticSink, type MockDiagnostic } from './diagnostics.ts';
import type { ProjectFixture, ProjectState } from './types.ts';

/** Options of {@link createMockRedcap}. */
export interface MockRedcapOptions {
  /** The project to simulate: a built-in fixture by name, or your own. Default `'longitudinal'`. */
  readonly project?: 'longitudinal' | 'classic' | ProjectFixture;
  /** What `content=version` answers. Default `'15.7.6'`. */
  readonly version?: string;
  /** The API token of the project's (first) user: 32 upper-case hex characters. Default: the fixture's. */
  readonly token?: string;
  /** The server's base URL, used in survey links. Default `'https://redcap.example.test/'`. */
  readonly baseUrl?: string;
  /** The clock used for logging timestamps. Default: the real time. */
  readonly now?: () => Date;
  /** The server's super token (Create Project): 64 upper-case hex characters. Default {@link DEFAULT_SUPER_TOKEN}. */
  readonly superToken?: string;
  /**
   * Faults injected from the start, in order: the first that applies to a request wins.
   * Same as calling {@link MockRedcap.inject} for each.
   */
  readonly faults?: readonly FaultRule[];
  /** Seed of the generator that draws `probability` faults: the same seed injects the same faults. @default 1 */
  readonly seed?: number;
  /**
   * Called with each {@link MockDiagnostic} as it happens (they are also kept in
   * {@link MockRedcap.diagnostics}); `redcap-mock` prints them to stderr.
   */
  readonly onDiagnostic?: (diagnostic: MockDiagnostic) => void;
}

/** The super token of a simulator created without `superToken`.
 *
 * @example
 * ```ts
 * const admin = createRedcap({ url, token: DEFAULT_SUPER_TOKEN, fetch: createMockRedcap().fetch });
 * ```
 */
export const DEFAULT_SUPER_TOKEN = '5E9A7C3B1D2F4E6A8B0C9D7E5F3A1B2C4D6E8F0A1B3C5D7E9F2A4B6C8D0E1F3A';

/** An in-memory REDCap answering the API like REDCap 15.7.6. */
export interface MockRedcap {
  /** A token with full rights (API export/import, delete records, survey distribution, ...). */
  readonly token: string;
  /**
   * A `fetch` replacement: builds a `Request` and passes it to {@link MockRedcap.handle}.
   * Like `fetch`, it rejects with a TypeError when the connection is reset (a `reset`
   * fault) and honours the request's `signal`, also while the body is read.
   */
  readonly fetch: typeof fetch;
  /** Answers one request as REDCap would. Any URL is accepted. */
  handle(request: Request): Promise<Response>;
  /** The project's state, for assertions: records, files, metadata, log. */
  readonly project: ProjectState;
  /** A super token (64 hex characters): with it, Create Project adds a project reachable with the token it answers. */
  readonly superToken: string;
  /** Every project: {@link MockRedcap.project} first, then those made by Create Project. */
  readonly projects: readonly ProjectState[];
  /**
   * Injects a fault into the requests that match, `times` times (default: every one)
   * or with a `probability` drawn from the seeded generator. Faults apply in the
   * order injected; the first that applies to a request wins.
   *
   * @example
   * ```ts
   * mock.inject({ kind: 'gateway', status: 502 }, { times: 1 }); // the next request gets a proxy's 502 page
   * const flaky = mock.inject({ kind: 'reset' }, { probability: 0.1, match: { content: 'record', action: 'export' } });
   * flaky.remove();
   * ```
   */
  inject(fault: Fault, options?: FaultOptions): InjectedFault;
  /** Removes every injected fault (the log stays). */
  clearFaults(): void;
  /** Every fault applied so far, in order. */
  readonly faultLog: readonly FaultLogEntry[];
  /**
   * What the simulator could not simulate, in order, each said once: for now calc fields whose
   * formula uses a function, smart variable or reference it does not implement (the field stays
   * blank). Never part of an API answer, REDCap's logging included.
   *
   * @example
   * ```ts
   * const mock = createMockRedcap({ project: fixtureWithCalcs });
   * for (const diagnostic of mock.diagnostics) console.warn(diagnostic.message);
   * ```
   */
  readonly diagnostics: readonly MockDiagnostic[];
}

/**
 * Creates a simulated REDCap project.
 *
 * @example
 * ```ts
 * const mock = createMockRedcap({ project: 'classic' });
 * const redcap = createRedcap({ url: 'https://redcap.example.test/api/', token: mock.token, fetch: mock.fetch });
 * ```
 */
export function createMockRedcap(options: MockRedcapOptions = {}): MockRedcap {
  const fixture =
    options.project === 'classic'
      ? classicFixture
      : options.project === 'longitudinal' || options.project === undefined
        ? longitudinalFixture
        : options.project;
  if (options.token !== undefined && !/^[0-9A-F]{32}$/.test(options.token)) {
    throw new TypeError('`token` must be 32 upper-case hexadecimal characters, like REDCap project tokens.');
  }
  if (options.superToken !== undefined && !/^[0-9A-F]{64}$/.test(options.superToken)) {
    throw new TypeError('`superToken` must be 64 upper-case hexadecimal characters, like REDCap super tokens.');
  }
  const diagnostics: MockDiagnostic[] = [];
  const report = diagnosticSink(diagnostics, options.onDiagnostic);
  const now = options.now ?? ((): Date => new Date());
  const state = createProjectState(fixture, { now: now(), report }, options.token);
  const server = { projects: [state], superToken: options.superToken ?? DEFAULT_SUPER_TOKEN, report };
  const baseUrl = (options.baseUrl ?? 'https://redcap.example.test/').replace(/\/*$/, '/');
  const env = {
    state,
    server,
    version: options.version ?? '15.7.6',
    baseUrl,
    now,
    methods: methodTable,
    handlers,
  };
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new TypeError('`seed` must be a whole number.');
  const faults = createFaultInjector(seed, options.faults);
  const answer = (request: Request): Promise<Response> => route(request, env);
  const handle = (request: Request): Promise<Response> => faults.handle(request, answer, env.version);
  const token = state.users[0]?.token ?? '';
  return {
    token,
    fetch: simulatedFetch(handle),
    handle,
    project: state,
    superToken: server.superToken,
    projects: server.projects,
    inject: faults.inject,
    clearFaults: faults.clear,
    faultLog: faults.log,
    diagnostics,
  };
}

/**
 * `handle` behaving like `fetch` on a network: `Response.error()` (a reset
 * connection) rejects with a TypeError, and the request's signal aborts the call
 * and, once the answer has come, its body.
 */
function simulatedFetch(handle: (request: Request) => Promise<Response>): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const response = await raceAbort(handle(request), signal);
    if (response.type === 'error') throw new TypeError('fetch failed', { cause: new Error('connection reset by the REDCap simulator') });
    return response.body ? abortableBody(response, signal) : response;
  }) as typeof fetch;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const abort = (): void => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The response with a body that fails with the signal's reason when it aborts mid-read, as fetch's does. */
function abortableBody(response: Response, signal: AbortSignal): Response {
  const reader = response.body!.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await raceAbort(reader.read(), signal);
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

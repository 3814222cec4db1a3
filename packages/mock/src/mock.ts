import { methodDescriptors } from '@redcap-sdk/core';
import { route } from './dispatch/router.ts';
import { classicFixture } from './fixtures/classic.ts';
import { longitudinalFixture } from './fixtures/longitudinal.ts';
import { handlers } from './handlers/index.ts';
import { createProjectState } from './state.ts';
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
}

/** The super token of a simulator created without `superToken`. */
export const DEFAULT_SUPER_TOKEN = '5E9A7C3B1D2F4E6A8B0C9D7E5F3A1B2C4D6E8F0A1B3C5D7E9F2A4B6C8D0E1F3A';

/** An in-memory REDCap answering the API like REDCap 15.7.6. */
export interface MockRedcap {
  /** A token with full rights (API export/import, delete records, survey distribution, ...). */
  readonly token: string;
  /** A `fetch` replacement: builds a `Request` and passes it to {@link MockRedcap.handle}. */
  readonly fetch: typeof fetch;
  /** Answers one request as REDCap would. Any URL is accepted. */
  handle(request: Request): Promise<Response>;
  /** The project's state, for assertions: records, files, metadata, log. */
  readonly project: ProjectState;
  /** A super token (64 hex characters): with it, Create Project adds a project reachable with the token it answers. */
  readonly superToken: string;
  /** Every project: {@link MockRedcap.project} first, then those made by Create Project. */
  readonly projects: readonly ProjectState[];
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
  const fixture = options.project === 'classic' ? classicFixture : options.project === 'longitudinal' || options.project === undefined ? longitudinalFixture : options.project;
  if (options.token !== undefined && !/^[0-9A-F]{32}$/.test(options.token)) {
    throw new TypeError('`token` must be 32 upper-case hexadecimal characters, like REDCap project tokens.');
  }
  if (options.superToken !== undefined && !/^[0-9A-F]{64}$/.test(options.superToken)) {
    throw new TypeError('`superToken` must be 64 upper-case hexadecimal characters, like REDCap super tokens.');
  }
  const state = createProjectState(fixture, options.token);
  const server = { projects: [state], superToken: options.superToken ?? DEFAULT_SUPER_TOKEN };
  const baseUrl = (options.baseUrl ?? 'https://redcap.example.test/').replace(/\/*$/, '/');
  const env = {
    state,
    server,
    version: options.version ?? '15.7.6',
    baseUrl,
    now: options.now ?? ((): Date => new Date()),
    methods: methodDescriptors,
    handlers,
  };
  const handle = (request: Request): Promise<Response> => route(request, env);
  const mockFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    try {
      return handle(new Request(input, init));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const token = state.users[0]?.token ?? '';
  return { token, fetch: mockFetch as typeof fetch, handle, project: state, superToken: server.superToken, projects: server.projects };
}

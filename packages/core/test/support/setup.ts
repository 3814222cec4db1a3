import { createClient, createRedcap, type ClientOptions, type Redcap, type RedcapClient } from '@redcap-sdk/core';
import { createMockRedcap, type MockRedcap } from '@redcap-sdk/mock';
import type { ScenarioEnv } from './scenario.ts';

/** A recognisable token: any output that contains it has leaked it. */
export const canaryToken = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';

export interface Setup {
  readonly mock: MockRedcap;
  readonly redcap: Redcap;
  readonly client: RedcapClient;
}

/** A fresh simulator routed at the env's URL, and clients for it (no retry waits). */
export function setup(
  env: ScenarioEnv,
  options: Partial<ClientOptions> & { project?: 'classic' | 'longitudinal'; version?: string } = {},
): Setup {
  const { project, version, ...clientOptions } = options;
  const mock = createMockRedcap({ ...(project ? { project } : {}), ...(version ? { version } : {}) });
  env.use((request) => mock.handle(request));
  const full: ClientOptions = {
    url: env.url,
    token: mock.token,
    dangerouslyAllowBrowser: true,
    retry: { limit: 3, delay: 1 },
    ...clientOptions,
  };
  return { mock, redcap: createRedcap(full), client: createClient(full) };
}

/** Routes the env's URL to a handler of the scenario's own, counting the requests. */
export function serve(
  env: ScenarioEnv,
  handler: (request: Request, attempt: number) => Response | Promise<Response>,
): { readonly requests: Request[] } {
  const requests: Request[] = [];
  env.use(async (request) => {
    requests.push(request.clone());
    return handler(request, requests.length);
  });
  return { requests };
}

/** A client for `serve`d handlers. */
export function clientFor(env: ScenarioEnv, options: Partial<ClientOptions> = {}): Redcap {
  return createRedcap({ url: env.url, token: canaryToken, dangerouslyAllowBrowser: true, retry: { limit: 2, delay: 1 }, ...options });
}

/** REDCap's JSON error envelope. */
export function redcapError(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: message }), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

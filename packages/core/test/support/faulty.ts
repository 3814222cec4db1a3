/** A simulator answering at the env's URL with the canary token, for fault scenarios. */
import { createRedcap, type ClientOptions, type Redcap } from '@redcap-sdk/core';
import { createMockRedcap, type FaultRule, type MockRedcap } from '@redcap-sdk/mock';
import type { ScenarioEnv } from './scenario.ts';
import { canaryToken } from './setup.ts';

/** A 64-character super token that holds the canary: any output containing it has leaked it. */
export const canarySuperToken = `${canaryToken}${canaryToken}`;

export interface Simulated {
  readonly mock: MockRedcap;
  /** How many requests reached the simulator so far (faulty ones included). */
  requests(): number;
  /** Every URL the clients made by {@link Simulated.client} fetched, in order. */
  readonly fetched: string[];
  /** A client of the project, with the canary token; reads retry twice, 1 ms apart. */
  client(options?: Partial<ClientOptions>): Redcap;
  /** A client with the canary super token (Create Project). */
  superClient(options?: Partial<ClientOptions>): Redcap;
}

/**
 * Routes the env's URL to a fresh simulator whose project token is the canary,
 * counting the requests that reach it and recording where the clients send theirs.
 */
export function simulate(
  env: ScenarioEnv,
  options: { project?: 'classic' | 'longitudinal'; faults?: readonly FaultRule[]; seed?: number } = {},
): Simulated {
  const mock = createMockRedcap({
    project: options.project ?? 'classic',
    token: canaryToken,
    superToken: canarySuperToken,
    faults: options.faults ?? [],
    seed: options.seed ?? 1,
  });
  let count = 0;
  env.use((request) => {
    count++;
    return mock.handle(request);
  });
  const fetched: string[] = [];
  // Records the URL and hands the call on untouched (msw intercepts the global fetch).
  const recording: typeof fetch = (input, init) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return globalThis.fetch(input, init);
  };
  const make =
    (token: string) =>
    (clientOptions: Partial<ClientOptions> = {}): Redcap =>
      createRedcap({
        url: env.url,
        token,
        dangerouslyAllowBrowser: true,
        retry: { limit: 2, delay: 1 },
        fetch: recording,
        ...clientOptions,
      });
  return { mock, requests: () => count, fetched, client: make(canaryToken), superClient: make(canarySuperToken) };
}

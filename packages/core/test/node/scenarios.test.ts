/**
 * Runs the scenario suite in Node: msw's setupServer intercepts the global fetch,
 * and the mock package's msw handlers route every request to the scenario's handler.
 */
import { after, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { mswHandlers } from '@redcap-sdk/mock/msw';
import { scenarios } from '../scenarios/index.ts';
import type { ScenarioEnv } from '../support/scenario.ts';

const url = 'https://redcap.example.test/api/';
let current: (request: Request) => Promise<Response> = async () => new Response('no handler', { status: 500 });
const server = setupServer(...mswHandlers({ handle: (request: Request) => current(request) }, url));
const env: ScenarioEnv = {
  url,
  runtime: 'node',
  use: (handler) => {
    current = handler;
  },
};

before(() => server.listen({ onUnhandledFrame: 'error' }));
after(() => server.close());

for (const scenario of scenarios) {
  test(scenario.name, () => scenario.run(env));
}

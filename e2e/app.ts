/**
 * The browser side of the scenario suite: msw's service worker routes the
 * intercepted REDCap URL to whichever handler the running scenario chose.
 * Loaded with `?nomsw`, the page runs the built core with no mock at all.
 */
import { setupWorker } from 'msw/browser';
import { mswHandlers } from '@redcap-sdk/mock/msw';
import { createClient, exportVersion } from '@redcap-sdk/core';
import { scenarios } from '../packages/core/test/scenarios/index.ts';
import { browserAdapterScenarios } from '../packages/browser/test/browser-adapter.scenarios.ts';
import type { ScenarioEnv } from '../packages/core/test/support/scenario.ts';

const url = 'https://redcap.example.test/api/';
const all = [...scenarios, ...browserAdapterScenarios];
let current: (request: Request) => Promise<Response> = async () => new Response('no handler', { status: 500 });
const env: ScenarioEnv = {
  url,
  runtime: 'browser',
  use: (handler) => {
    current = handler;
  },
};

declare global {
  interface Window {
    ready: Promise<void>;
    scenarioNames: string[];
    runScenario(name: string): Promise<void>;
    callWithoutMock(): Promise<string>;
  }
}

window.scenarioNames = all.map((scenario) => scenario.name);
window.runScenario = async (name) => {
  const scenario = all.find((item) => item.name === name);
  if (!scenario) throw new Error(`no scenario named ${name}`);
  await scenario.run(env);
};
window.callWithoutMock = async () => {
  const client = createClient({ url, token: '0123456789ABCDEF0123456789ABCDEF', dangerouslyAllowBrowser: true, retry: false });
  try {
    return `resolved: ${await exportVersion(client)}`;
  } catch (error) {
    return (error as Error).name;
  }
};

window.ready = new URLSearchParams(location.search).has('nomsw')
  ? Promise.resolve()
  : setupWorker(...mswHandlers({ handle: (request: Request) => current(request) }, url))
      .start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true })
      .then(() => undefined);

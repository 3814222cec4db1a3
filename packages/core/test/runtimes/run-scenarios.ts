/**
 * Runs the scenario suite without msw, for Deno and Bun (and Node, to check the
 * runner itself): the global fetch is wrapped so that requests to the env's URL go
 * to the handler the running scenario chose, as msw's interceptors do elsewhere.
 * Anything else is refused, so nothing reaches a network.
 *
 *   deno run --allow-read --allow-env packages/core/test/runtimes/run-scenarios.ts
 *   bun packages/core/test/runtimes/run-scenarios.ts
 *
 * Prints one line per scenario and `N passed, N failed`; exits 1 on any failure.
 * Optional arguments filter scenarios by a substring of their name.
 */
import { scenarios } from '../scenarios/index.ts';
import type { ScenarioEnv } from '../support/scenario.ts';

type Handler = (request: Request) => Promise<Response>;

const url = 'https://redcap.example.test/api/';
const runtime: ScenarioEnv['runtime'] = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';
const version =
  runtime === 'deno'
    ? (globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno
    : runtime === 'bun'
      ? (globalThis as unknown as { Bun: { version: string } }).Bun.version
      : process.versions.node;
const perScenarioLimit = 60_000;

let current: Handler = async () => new Response('no handler', { status: 500 });
const env: ScenarioEnv = {
  url,
  runtime,
  use: (handler) => {
    current = handler;
  },
};
const intercepted = new URL(url);

/** Rejects with the signal's reason once it aborts (what fetch does). */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

globalThis.fetch = async function interceptedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const target = new URL(request.url);
  if (target.origin !== intercepted.origin || target.pathname !== intercepted.pathname) {
    throw new TypeError(`run-scenarios: refused a request to ${target.href} (only ${url} is intercepted)`);
  }
  if (request.signal.aborted) throw request.signal.reason;
  const response = await Promise.race([current(request), whenAborted(request.signal)]);
  // Response.error() stands for a failed connection, as in msw.
  if (response.type === 'error') throw new TypeError('fetch failed: network error (simulated)');
  return response;
} as typeof fetch;

function withLimit<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = scenarios.filter((scenario) => filters.length === 0 || filters.some((filter) => scenario.name.includes(filter)));
console.log(`scenario suite on ${runtime} ${version}: ${selected.length} scenarios`);

let passed = 0;
const failures: string[] = [];
const started = performance.now();
for (const scenario of selected) {
  const begin = performance.now();
  try {
    await withLimit(scenario.run(env), perScenarioLimit);
    passed++;
    console.log(`ok   ${scenario.name} (${Math.round(performance.now() - begin)} ms)`);
  } catch (error) {
    failures.push(scenario.name);
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.log(`FAIL ${scenario.name}\n     ${text.replaceAll('\n', '\n     ')}`);
  }
}

console.log(`\n${runtime} ${version}: ${Math.round(performance.now() - started)} ms`);
for (const name of failures) console.log(`failed: ${name}`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 && selected.length > 0 ? 0 : 1);

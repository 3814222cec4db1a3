/**
 * Faults injected into a real simulator (`mock.inject`): what each does to a read
 * and to the writes, counted in the simulator's state. transport.ts covers the same
 * answers with hand-written handlers (the wire shapes, error texts, retry options);
 * these prove the whole path: retries that recover, errors of the right class once
 * the budget is spent, writes never sent twice where that could duplicate data.
 */
import {
  createRedcap,
  RedcapApiError,
  RedcapError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapResponseError,
  RedcapTimeoutError,
  type Redcap,
} from '@redcap-sdk/core';
import { createMockRedcap, type Fault } from '@redcap-sdk/mock';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { simulate, type Simulated } from '../support/faulty.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';
import { canaryToken } from '../support/setup.ts';

type ErrorClass = abstract new (...args: never[]) => RedcapError;

/** One fault, and what the client must make of it. */
export interface FaultCase {
  readonly name: string;
  readonly fault: Fault;
  /** What a records export gets once every attempt met the fault. */
  readonly error: ErrorClass;
  readonly check?: (error: never, env: ScenarioEnv) => void;
  /** Whether reads are retried after it. */
  readonly retried: boolean;
  /** Whether the simulator handles the request before the fault (a write lands, its answer is lost). */
  readonly saved: boolean;
  /** The case needs a per-attempt timeout ({@link attemptTimeout}): latency, a never-ending body. */
  readonly slow?: boolean;
}

/**
 * Per-attempt timeout for the cases that wait: short, so the suite stays fast, but long
 * enough for a request to reach the simulator through a busy browser's service worker.
 */
export function attemptTimeout(env: ScenarioEnv): number {
  return env.runtime === 'browser' ? 800 : 150;
}
const elsewhere = 'https://elsewhere.example.org/api/';

const status =
  (expected: number) =>
  (error: RedcapHttpError | RedcapApiError): void =>
    equal(error.status, expected);

/** Every fault kind the simulator injects, with its variants. */
export const faultCases: readonly FaultCase[] = [
  {
    name: 'latency beyond the timeout',
    fault: { kind: 'latency', ms: 2500 },
    error: RedcapTimeoutError,
    check: (error: RedcapTimeoutError, env) => equal(error.timeout, attemptTimeout(env)),
    retried: true,
    saved: true,
    slow: true,
  },
  { name: 'connection reset before the answer', fault: { kind: 'reset' }, error: RedcapNetworkError, retried: true, saved: false },
  {
    name: 'connection reset after REDCap saved',
    fault: { kind: 'reset', processed: true },
    error: RedcapNetworkError,
    retried: true,
    saved: true,
  },
  {
    name: 'connection reset half way through the body',
    fault: { kind: 'reset-mid-body' },
    error: RedcapNetworkError,
    retried: true,
    saved: true,
  },
  {
    name: 'truncated JSON',
    fault: { kind: 'truncate' },
    error: RedcapResponseError,
    check: (error: RedcapResponseError) => match(error.message, /not valid JSON/),
    retried: true,
    saved: true,
  },
  {
    name: 'proxy 502 page',
    fault: { kind: 'gateway', status: 502 },
    error: RedcapHttpError,
    check: (error: RedcapHttpError) => {
      equal(error.status, 502);
      match(error.bodySnippet, /502 Bad Gateway/);
    },
    retried: true,
    saved: false,
  },
  {
    name: 'proxy 503 page',
    fault: { kind: 'gateway', status: 503 },
    error: RedcapHttpError,
    check: status(503),
    retried: true,
    saved: false,
  },
  {
    name: 'proxy 504 page',
    fault: { kind: 'gateway', status: 504 },
    error: RedcapHttpError,
    check: status(504),
    retried: true,
    saved: false,
  },
  {
    name: 'proxy 504 page after REDCap saved',
    fault: { kind: 'gateway', status: 504, processed: true },
    error: RedcapHttpError,
    check: status(504),
    retried: true,
    saved: true,
  },
  {
    name: "HTTP 200 with a PHP fatal error page and REDCap's out-of-memory error",
    fault: { kind: 'php-fatal' },
    error: RedcapApiError,
    check: (error: RedcapApiError) => {
      equal(error.status, 200);
      equal(
        error.redcapMessage,
        'REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data.',
      );
    },
    retried: true,
    saved: false,
  },
  {
    name: '429 with Retry-After',
    fault: { kind: 'rate-limit', retryAfter: 0 },
    error: RedcapHttpError,
    check: status(429),
    retried: true,
    saved: false,
  },
  {
    name: '429 without Retry-After',
    fault: { kind: 'rate-limit' },
    error: RedcapHttpError,
    check: status(429),
    retried: true,
    saved: false,
  },
  {
    name: 'banned IP',
    fault: { kind: 'banned', ip: '203.0.113.9' },
    error: RedcapApiError,
    check: (error: RedcapApiError) => {
      equal(error.status, 429);
      equal(error.redcapMessage, 'Your IP address (203.0.113.9) has been banned due to suspected abuse.');
    },
    retried: false,
    saved: false,
  },
  {
    name: 'redirect to another origin',
    fault: { kind: 'redirect', location: elsewhere, status: 301 },
    error: RedcapHttpError,
    check: (error: RedcapHttpError, env) => {
      // Browsers hide where a redirect goes: the client says so instead of following.
      if (env.runtime === 'browser') return match(error.message, /does not reveal where/);
      equal(error.status, 301);
      match(error.message, /the API moved to https:\/\/elsewhere\.example\.org\/api\/\. The request was not re-sent there/);
    },
    retried: false,
    saved: false,
  },
  {
    name: 'a body that never ends',
    fault: { kind: 'hang' },
    error: RedcapTimeoutError,
    check: (error: RedcapTimeoutError, env) => equal(error.timeout, attemptTimeout(env)),
    retried: true,
    saved: true,
    slow: true,
  },
];

/** The client never sent anything outside the endpoint's origin. */
export function onlyToEndpoint(sim: Simulated, env: ScenarioEnv): void {
  const origin = new URL(env.url).origin;
  const away = sim.fetched.filter((url) => new URL(url).origin !== origin);
  deepEqual(away, [], 'requests sent to another origin');
}

/** A call made with a fault injected once. */
interface Attempt {
  /** Requests that reached the simulator. */
  readonly requests: number;
  /** Whether the simulator handled the faulty one. */
  readonly saved: boolean;
  readonly outcome: { value: unknown } | { error: unknown };
}

/** Calls `call` with the fault injected once. */
async function once(sim: Simulated, fault: Fault, call: () => Promise<unknown>): Promise<Attempt> {
  const before = sim.requests();
  const logged = sim.mock.faultLog.length;
  sim.mock.inject(fault, { times: 1 });
  let outcome: Attempt['outcome'];
  try {
    outcome = { value: await call() };
  } catch (error) {
    outcome = { error };
  }
  sim.mock.clearFaults();
  equal(sim.mock.faultLog.length, logged + 1, 'the fault was applied once');
  return { requests: sim.requests() - before, saved: sim.mock.faultLog.at(-1)!.processed, outcome };
}

function failedWith(outcome: { value: unknown } | { error: unknown }, errorClass: ErrorClass, what: string): RedcapError {
  if ('value' in outcome)
    throw new Error(`${what}: expected a ${errorClass.name}, but the call resolved to ${JSON.stringify(outcome.value)}`);
  ok(
    outcome.error instanceof errorClass,
    `${what}: expected a ${errorClass.name}, got ${(outcome.error as Error)?.name}: ${(outcome.error as Error)?.message}`,
  );
  return outcome.error as RedcapError;
}

const createdLog = (sim: Simulated, record: string): number =>
  sim.mock.project.log.filter((entry) => entry.action === 'Create record (API)' && entry.record === record).length;

const scenarios: Record<string, (env: ScenarioEnv) => Promise<void>> = {};

for (const item of faultCases) {
  const timeoutIn = (env: ScenarioEnv): { timeout?: number } => (item.slow ? { timeout: attemptTimeout(env) } : {});

  scenarios[
    `${item.name}: a read ${item.retried ? 'retries once and succeeds' : 'is not retried'}; every attempt failing ends in ${item.error.name}`
  ] = async (env) => {
    const sim = simulate(env);
    const timeout = timeoutIn(env);
    const clean = await sim.client().records.export();
    ok(clean.length > 0);

    const first = await once(sim, item.fault, () => sim.client({ retry: { limit: 2, delay: 1 }, ...timeout }).records.export());
    equal(first.saved, item.saved, 'whether the simulator handled the faulty request');
    if (item.retried) {
      ok('value' in first.outcome, `the retry should have succeeded: ${'error' in first.outcome ? String(first.outcome.error) : ''}`);
      deepEqual(first.outcome.value, clean, 'the data after the retry');
      equal(first.requests, 2, 'requests: the faulty one and the retry');
    } else {
      item.check?.(failedWith(first.outcome, item.error, 'not retried') as never, env);
      equal(first.requests, 1, 'not retried');
    }

    // Every attempt meets the fault: the retry budget (1 retry) is spent, then the error comes, never data.
    sim.mock.inject(item.fault);
    const before = sim.requests();
    const started = Date.now();
    const error = await rejects(sim.client({ retry: { limit: 1, delay: 1 }, ...timeout }).records.export(), item.error as ErrorClass);
    item.check?.(error as never, env);
    const attempts = item.retried ? 2 : 1;
    equal(sim.requests() - before, attempts, 'attempts');
    // Each attempt ends within its timeout (the 429 without Retry-After pauses the client 1 s).
    const budget =
      attempts * (timeout.timeout ?? 0) + (item.fault.kind === 'rate-limit' && item.fault.retryAfter === undefined ? 1000 : 0) + 2500;
    ok(Date.now() - started < budget, `took ${Date.now() - started} ms, more than ${budget}`);
    onlyToEndpoint(sim, env);
  };

  scenarios[`${item.name}: writes are sent once unless the call asks, and never re-sent where that could duplicate`] = async (env) => {
    const sim = simulate(env);
    const timeout = timeoutIn(env);
    const { project } = sim.mock;
    // The first request of a page starts its service worker's side: not under a short timeout.
    await sim.client().version();
    // A client per call: a 429 without Retry-After holds back every later call of its client for a second.
    const fresh = (): Redcap => sim.client(timeout);
    const writeRetry = { retry: { limit: 2, delay: 1 } };

    // records.import without `retry`: one request; the record landed only if the simulator handled it.
    let result = await once(sim, item.fault, () => fresh().records.import([{ record_id: 'w1', name: 'Once' }]));
    item.check?.(failedWith(result.outcome, item.error, 'records.import') as never, env);
    equal(result.requests, 1, 'records.import without retry: requests');
    equal(result.saved, item.saved);
    equal(project.records.has('w1'), item.saved, 'w1 landed');
    equal(createdLog(sim, 'w1'), item.saved ? 1 : 0, 'w1 created');

    // records.import asking for `retry`: re-sent when the error allows, and the record exists once.
    result = await once(sim, item.fault, () => fresh().records.import([{ record_id: 'w2', name: 'Twice' }], writeRetry));
    if (item.retried) {
      ok(
        'value' in result.outcome,
        `records.import with retry should succeed: ${'error' in result.outcome ? String(result.outcome.error) : ''}`,
      );
      equal(result.outcome.value, 1);
      equal(result.requests, 2, 'records.import with retry: requests');
      equal(createdLog(sim, 'w2'), 1, 'w2 created once');
    } else {
      failedWith(result.outcome, item.error, 'records.import with retry');
      equal(result.requests, 1, 'records.import with retry: requests');
    }

    // An auto-numbered import is never re-sent, even when the call asks.
    let before = project.records.size;
    result = await once(sim, item.fault, () =>
      fresh().records.import([{ record_id: 'x', name: 'Auto' }], { forceAutoNumber: true, ...writeRetry }),
    );
    failedWith(result.outcome, item.error, 'auto-numbered import');
    equal(result.requests, 1, 'auto-numbered import: requests');
    equal(project.records.size - before, item.saved ? 1 : 0, 'auto-numbered records created');

    // A file upload is never re-sent. Its answer is empty, so a truncated one is still whole.
    before = project.files.size;
    const uploads = (): number => project.log.filter((entry) => entry.action === 'Upload document (API)').length;
    const uploadsBefore = uploads();
    result = await once(sim, item.fault, () =>
      fresh().files.import({ record: '2', field: 'prescription', repeatInstance: 1, file: new File(['scan'], 'rx.txt') }, writeRetry),
    );
    if (item.fault.kind === 'truncate') ok('value' in result.outcome, 'an empty answer cut short is still empty');
    else failedWith(result.outcome, item.error, 'files.import');
    equal(result.requests, 1, 'files.import: requests');
    equal(project.files.size - before, item.saved ? 1 : 0, 'files stored');
    equal(uploads() - uploadsBefore, item.saved ? 1 : 0, 'uploads logged');

    // records.delete without `retry`: one request.
    result = await once(sim, item.fault, () => fresh().records.delete({ records: ['3'] }));
    failedWith(result.outcome, item.error, 'records.delete');
    equal(result.requests, 1, 'records.delete without retry: requests');
    equal(project.records.has('3'), !item.saved, 'record 3 deleted only if handled');

    // records.delete asking for `retry`: re-sent; after a lost answer the record is gone and REDCap says so.
    const deletes = (record: string): number =>
      project.log.filter((entry) => entry.action === 'Delete record (API)' && entry.record === record).length;
    result = await once(sim, item.fault, () => fresh().records.delete({ records: ['1'] }, writeRetry));
    if (item.fault.kind === 'truncate') {
      // REDCap's answer `1` cut short is empty: retried as asked, and REDCap then says the record is gone.
      equal(result.requests, 2, 'records.delete with retry, answer cut short: requests');
      failedWith(result.outcome, RedcapApiError, 'records.delete with retry, answer cut short');
    } else {
      equal(result.requests, item.retried ? 2 : 1, 'records.delete with retry: requests');
      if (!item.retried) failedWith(result.outcome, item.error, 'records.delete with retry');
      else if (item.saved) failedWith(result.outcome, RedcapApiError, 'records.delete retried after it landed');
      else ok('value' in result.outcome, 'records.delete with retry should succeed');
    }
    const deleted = item.saved || (item.retried && item.fault.kind !== 'truncate');
    equal(project.records.has('1'), !deleted, 'record 1');
    equal(deletes('1'), deleted ? 1 : 0, 'record 1 deleted once at most');

    // File Repository uploads and project creation are never re-sent.
    before = project.repository.files.size;
    result = await once(sim, item.fault, () => fresh().fileRepository.import({ file: new File(['minutes'], 'minutes.txt') }, writeRetry));
    if (item.fault.kind !== 'truncate') failedWith(result.outcome, RedcapError, 'fileRepository.import');
    equal(result.requests, 1, 'fileRepository.import: requests');
    equal(project.repository.files.size - before, item.saved ? 1 : 0, 'repository files stored');

    before = sim.mock.projects.length;
    result = await once(sim, item.fault, () => sim.superClient(timeout).project.create({ project_title: 'Pilot', purpose: 0 }, writeRetry));
    failedWith(result.outcome, RedcapError, 'project.create');
    equal(result.requests, 1, 'project.create: requests');
    equal(sim.mock.projects.length - before, item.saved ? 1 : 0, 'projects created');
    onlyToEndpoint(sim, env);
  };
}

Object.assign(scenarios, {
  async 'a redirect within the origin re-sends the POST once; the token never leaves for another origin'(env: ScenarioEnv) {
    const sim = simulate(env);
    const clean = await sim.client().records.export();
    const moved = new URL('?moved=1', env.url).href;
    const redcap = sim.client();

    let result = await once(sim, { kind: 'redirect', location: '?moved=1' }, () => redcap.records.export());
    if (env.runtime === 'browser') {
      failedWith(result.outcome, RedcapHttpError, 'browser redirect');
      equal(result.requests, 1);
    } else {
      ok('value' in result.outcome);
      deepEqual(result.outcome.value, clean);
      equal(result.requests, 2, 'the redirect and the re-sent POST');
      equal(sim.fetched.at(-1), moved, 'followed to the new URL');
    }

    // An auto-numbered import through a redirect is not re-sent (issue 14, item 8): a write that could create
    // a record twice never goes out a second time, whatever the status says about the first.
    const before = sim.mock.project.records.size;
    result = await once(sim, { kind: 'redirect', location: '?moved=1', status: 307 }, () =>
      redcap.records.import([{ record_id: 'x' }], { forceAutoNumber: true }),
    );
    failedWith(result.outcome, RedcapHttpError, 'redirected auto-numbered import');
    equal(result.requests, 1, 'the import was sent once');
    equal(sim.mock.project.records.size - before, 0, 'records created');

    // Within the origin, then away from it: not followed, and the error names where.
    sim.mock.inject({ kind: 'redirect', location: '?hop=1' }, { times: 1 });
    sim.mock.inject({ kind: 'redirect', location: elsewhere }, { times: 1 });
    const started = sim.requests();
    await rejects(redcap.records.export(), RedcapHttpError, (error) => {
      match(error.message, env.runtime === 'browser' ? /does not reveal where/ : /moved to https:\/\/elsewhere\.example\.org\/api\//);
    });
    equal(sim.requests() - started, env.runtime === 'browser' ? 1 : 2, 'requests');
    onlyToEndpoint(sim, env);
  },

  async 'a never-ending answer ends in RedcapTimeoutError within the timeout, also with totalTimeout'(env: ScenarioEnv) {
    const sim = simulate(env);
    const limit = attemptTimeout(env);
    await sim.client().version();
    sim.mock.inject({ kind: 'hang' });
    let started = Date.now();
    await rejects(sim.client({ retry: false, timeout: limit }).records.export(), RedcapTimeoutError, (error) =>
      equal(error.timeout, limit),
    );
    let took = Date.now() - started;
    ok(took >= limit - 10 && took < limit + 2000, `took ${took} ms`);

    started = Date.now();
    const total = Math.round(limit * 3.5);
    await rejects(
      sim.client({ retry: { limit: 10, delay: 1 }, timeout: limit, totalTimeout: total }).version(),
      RedcapTimeoutError,
      (error) => equal(error.timeout, total),
    );
    took = Date.now() - started;
    ok(took >= total - 10 && took < total + 2000, `took ${took} ms`);
    ok(sim.mock.faultLog.length >= 3, 'a few attempts within the total');

    // A write that never hears back: its record landed. Asked for retries, a keyed import is re-sent and the record exists once.
    const before = sim.requests();
    await rejects(
      sim.client({ timeout: limit }).records.import([{ record_id: 'h1' }], { retry: { limit: 3, delay: 1 } }),
      RedcapTimeoutError,
    );
    equal(sim.requests() - before, 4, 'retried as asked');
    equal(createdLog(sim, 'h1'), 1, 'created once');
    // An auto-numbered one is sent once, whatever the call asks.
    const auto = sim.mock.project.records.size;
    const sent = sim.requests();
    await rejects(
      sim.client({ timeout: limit }).records.import([{ record_id: 'x' }], { forceAutoNumber: true, retry: { limit: 3, delay: 1 } }),
      RedcapTimeoutError,
    );
    equal(sim.requests() - sent, 1, 'auto-numbered import sent once');
    equal(sim.mock.project.records.size - auto, 1, 'one record created');
  },

  async 'a fetch that ignores the abort signal cannot outlast the timeout'() {
    // Custom fetches (test doubles, some polyfills, `mock.handle` itself) may ignore the signal; the timeout must still hold.
    const mock = createMockRedcap({ project: 'classic', token: canaryToken });
    const redcap = createRedcap({
      url: 'https://redcap.example.test/api/',
      token: canaryToken,
      dangerouslyAllowBrowser: true,
      retry: false,
      timeout: 100,
      fetch: (input, init) => mock.handle(new Request(input, init)),
    });
    for (const fault of [
      { kind: 'latency', ms: 1500 },
      { kind: 'hang', after: 5 },
    ] as const) {
      mock.inject(fault, { times: 1 });
      const started = Date.now();
      await rejects(redcap.records.export(), RedcapTimeoutError, (error) => equal(error.timeout, 100));
      ok(Date.now() - started < 1000, `${fault.kind}: took ${Date.now() - started} ms`);
    }
    deepEqual(
      mock.faultLog.map((entry) => entry.kind),
      ['latency', 'hang'],
    );
  },

  async 'a flaky network (seeded resets and 502s) is invisible to reads with retries, and replays the same way'(env: ScenarioEnv) {
    const runOnce = async (): Promise<number[]> => {
      const sim = simulate(env, {
        seed: 20240611,
        faults: [
          { fault: { kind: 'reset' }, probability: 0.25, match: { content: 'record', action: 'export' } },
          { fault: { kind: 'gateway', status: 502 }, probability: 0.25 },
        ],
      });
      const redcap = sim.client({ retry: { limit: 8, delay: 1 } });
      const clean = sim.mock.project.records.size;
      for (let i = 0; i < 10; i++) {
        const rows = await redcap.records.export({ fields: ['record_id'] });
        equal(new Set(rows.map((row) => row.record_id)).size, clean);
      }
      ok(sim.mock.faultLog.length > 0, 'some faults were injected');
      return sim.mock.faultLog.map((entry) => entry.request);
    };
    const first = await runOnce();
    deepEqual(await runOnce(), first, 'the same seed injects the same faults');
  },
});

export const faultScenarios = group('faults', scenarios);

import { createClient, createRedcap, isRedcapError, RedcapBatchError, RedcapValidationError, type Redcap } from '@redcap-sdk/core';
import { methodDescriptors, type MethodDescriptor } from '../support/methods.ts';
import { deepEqual, equal, ok } from '../support/assert.ts';
import { canarySuperToken, simulate, type Simulated } from '../support/faulty.ts';
import { leaksOf } from '../support/leaks.ts';
import { group, type Scenario, type ScenarioEnv } from '../support/scenario.ts';
import { canaryToken, clientFor, redcapError, serve } from '../support/setup.ts';
import { callMethod, isArray, minimalParams, type AnySchema } from '../support/synthesize.ts';
import { attemptTimeout, faultCases } from './faults.ts';

/** Failing calls of every kind, each answered by its own handler. */
const failures: Record<string, (env: ScenarioEnv) => Promise<unknown>> = {
  'REDCap 403': (env) => {
    serve(env, () => redcapError(403, 'You do not have permissions to use the API'));
    return clientFor(env).records.export();
  },
  'import validation': (env) => {
    serve(env, () => redcapError(400, '"1","age","abc","The value of age must be an integer."'));
    return clientFor(env).records.import([{ record_id: '1', age: 'abc' }]);
  },
  'proxy 502 page': (env) => {
    serve(env, () => new Response('<html>502</html>', { status: 502 }));
    return clientFor(env, { retry: false }).metadata.export();
  },
  'network failure': (env) => {
    serve(env, () => Response.error());
    return clientFor(env, { retry: false }).version();
  },
  timeout: (env) => {
    serve(env, () => new Promise((resolve) => setTimeout(() => resolve(new Response('1')), 300)));
    return clientFor(env, { timeout: 20, retry: false }).version();
  },
  'HTML where data was expected': (env) => {
    serve(env, () => new Response('<html><body>Login</body></html>'));
    return clientFor(env, { retry: false }).records.export();
  },
  'bad parameter': (env) => {
    serve(env, () => new Response('[]'));
    return clientFor(env).records.export({ records: [{}] } as never);
  },
  abort: (env) => {
    serve(env, () => new Response('1'));
    return clientFor(env).version(undefined, { signal: AbortSignal.abort() });
  },
  'a server that echoes the request': (env) => {
    // A misconfigured proxy that reflects the body must not get the token into our error.
    serve(env, async (request) => new Response(await request.text(), { status: 500 }));
    return clientFor(env, { retry: false }).version();
  },
};

/** Pieces of the canary a careless mask or slice could still show: any 12 characters in a row. */
const canaryPieces = [canaryToken, canaryToken.slice(0, 12), canaryToken.slice(10, 22), canaryToken.slice(-12)];

/** Every text of `value` that holds the canary or a long piece of it. */
function leaks(value: unknown): string[] {
  return [...new Set(canaryPieces.flatMap((piece) => leaksOf(value, piece)))];
}

/** Settles a call: what it threw, or what it returned. */
async function settle(call: () => Promise<unknown> | unknown): Promise<{ threw: boolean; value: unknown }> {
  try {
    return { threw: false, value: await call() };
  } catch (error) {
    return { threw: true, value: error };
  }
}

/** The calls each fault is tried with: reads and writes of every answer kind, and batched ones with progress. */
function callsUnder(
  sim: Simulated,
  options: { timeout?: number },
): Record<string, (report: (progress: unknown) => void) => Promise<unknown>> {
  const client = (): Redcap => sim.client({ retry: false, ...options });
  return {
    'records.export': () => client().records.export(),
    'records.export as CSV': () => client().records.export({ format: 'csv' }),
    version: () => client().version(),
    'files.export': () => client().files.export({ record: '1', field: 'prescription', repeatInstance: 1 }),
    'records.import': () => client().records.import([{ record_id: 's1', name: 'Secret' }], { retry: { limit: 1, delay: 1 } }),
    'records.import auto-numbered': () =>
      client().records.import([{ record_id: 'x' }], { forceAutoNumber: true, returnContent: 'auto_ids' }),
    'records.delete': () => client().records.delete({ records: ['2'] }),
    'files.import': () =>
      client().files.import({ record: '1', field: 'prescription', repeatInstance: 1, file: new File(['scan'], 'rx.txt') }),
    'fileRepository.import': () => client().fileRepository.import({ file: new File(['minutes'], 'minutes.txt') }),
    'project.create': () => sim.superClient({ retry: false, ...options }).project.create({ project_title: 'Pilot', purpose: 0 }),
    'batched records.export': (report) => client().records.export({ batchSize: 1, recordIdField: 'record_id', onProgress: report }),
    'batched records.import': (report) =>
      client().records.import([{ record_id: 'b1' }, { record_id: 'b2' }], { batchSize: 1, onProgress: report }),
  };
}

/** One scenario per fault: every call under it, on a simulator whose token is the canary. */
const faultSecrecy: Scenario[] = faultCases.map((item) => ({
  name: `secrecy: ${item.name}: nothing a failing call throws, returns or reports holds the token`,
  run: async (env: ScenarioEnv) => {
    const found: Record<string, string[]> = {};
    const sim = simulate(env);
    await sim.client().version();
    const calls = callsUnder(sim, item.slow ? { timeout: attemptTimeout(env) } : {});
    let failed = 0;
    for (const [name, call] of Object.entries(calls)) {
      const progress: unknown[] = [];
      // Batched calls meet the fault part way, after their first progress report; the others at once.
      const batched = name.startsWith('batched');
      if (!batched) sim.mock.inject(item.fault);
      const outcome = await settle(() =>
        call((report) => {
          if (progress.length === 0) sim.mock.inject(item.fault);
          progress.push(report);
        }),
      );
      sim.mock.clearFaults();
      if (batched) ok(progress.length > 0, `${name}: reported progress`);
      if (outcome.threw) {
        failed++;
        ok(isRedcapError(outcome.value), `${name}: threw ${String(outcome.value)}`);
      }
      const leaked = leaks({ outcome: outcome.value, progress });
      if (leaked.length) found[name] = leaked;
    }
    // A few answers survive some faults (an empty answer cut short is still empty; CSV and text cut short cannot be told apart).
    ok(failed >= Object.keys(calls).length / 2, `${failed} calls failed`);
    ok(sim.mock.faultLog.length >= failed, 'the faults were applied');
    const logged = leaks(sim.mock.faultLog);
    if (logged.length) found['the fault log'] = logged;
    deepEqual(found, {});
  },
}));

/** Bad input of every method, built from its schema: missing, mistyped, empty, unknown, and the token itself as a value. */
async function badInputs(env: ScenarioEnv): Promise<{ tried: number; found: Record<string, string[]> }> {
  const redcap = clientFor(env);
  const found: Record<string, string[]> = {};
  let tried = 0;
  const check = async (method: MethodDescriptor, what: string, params: Record<string, unknown>): Promise<void> => {
    tried++;
    const outcome = await settle(() => callMethod(redcap, method, params));
    ok(outcome.threw && outcome.value instanceof RedcapValidationError, `${method.name}, ${what}: expected a RedcapValidationError`);
    const leaked = leaks(outcome.value);
    if (leaked.length) found[`${method.name}, ${what}`] = leaked;
  };
  for (const method of methodDescriptors) {
    const entries = ((method.params as AnySchema).entries ?? {}) as Record<string, AnySchema>;
    const minimal = minimalParams(method);
    for (const key of Object.keys(minimal)) {
      const { [key]: _left, ...rest } = minimal;
      await check(method, `without ${key}`, rest);
    }
    for (const [key, schema] of Object.entries(entries)) {
      if (schema.type === 'optional' && (schema.wrapped as AnySchema).type === 'string') continue;
      if (schema.type === 'string') continue;
      // The token where something else belongs: no message may echo the value.
      await check(method, `${key} holding the token`, {
        ...minimal,
        [key]: isArray(schema) ? canaryToken : [canaryToken, { token: canaryToken }],
      });
      await check(method, `${key} as an object with the token`, { ...minimal, [key]: { token: canaryToken } });
      if (isArray(schema)) await check(method, `${key} empty`, { ...minimal, [key]: [] });
    }
    await check(method, 'an unknown option', { ...minimal, definitelyNotAnOption: canaryToken });
  }
  return { tried, found };
}

export const secrecyScenarios: Scenario[] = [
  ...group('secrecy', {
    async 'no failing call lets the token into anything it throws'(env) {
      const leaks: Record<string, string[]> = {};
      for (const [name, fail] of Object.entries(failures)) {
        let caught: unknown = 'resolved';
        try {
          await fail(env);
        } catch (error) {
          caught = error;
        }
        ok(caught !== 'resolved', `${name}: the call should fail`);
        const found = leaksOf(caught, canaryToken);
        if (found.length) leaks[name] = found;
      }
      deepEqual(leaks, {});
    },

    async 'a rejected token does not appear in the error'() {
      const malformed = [
        `${canaryToken.slice(0, 31)}Z`,
        `${canaryToken}Z`,
        canaryToken.slice(0, 31),
        `${canaryToken} x`,
        `x${canaryToken}`,
        canaryToken.replace('E', 'G'),
        `${canaryToken}${canaryToken}${canaryToken}`,
        canarySuperToken.slice(0, 63),
        `${canarySuperToken}0`,
        `${canaryToken}\n${canaryToken}`,
        canaryToken.split('').join(' '),
        `token=${canaryToken}`,
        `Bearer ${canaryToken}`,
      ];
      const found: Record<string, string[]> = {};
      for (const [index, token] of malformed.entries()) {
        for (const make of [createClient, createRedcap]) {
          const outcome = await settle(() => make({ url: 'https://redcap.example.test/api/', token, dangerouslyAllowBrowser: true }));
          ok(outcome.threw && outcome.value instanceof RedcapValidationError, `token ${index} should be refused`);
          const leaked = [...leaksOf(outcome.value, token), ...leaks(outcome.value)];
          if (leaked.length) found[`token ${index}`] = leaked;
        }
      }
      // A custom pattern that refuses it, and a browser page without dangerouslyAllowBrowser.
      const custom = await settle(() =>
        createClient({
          url: 'https://redcap.example.test/api/',
          token: canaryToken,
          tokenPattern: /^[0-9]+$/,
          dangerouslyAllowBrowser: true,
        }),
      );
      ok(custom.threw);
      if (leaks(custom.value).length) found.tokenPattern = leaks(custom.value);
      deepEqual(found, {});
    },

    async 'every error class and bad input keeps the token out'(env) {
      const found: Record<string, string[]> = {};
      const record = (name: string, value: unknown): void => {
        const leaked = leaks(value);
        if (leaked.length) found[name] = leaked;
      };
      const sim = simulate(env);
      const redcap = sim.client({ retry: false });
      const expectError = async (name: string, call: () => Promise<unknown>, errorName: string): Promise<void> => {
        const outcome = await settle(call);
        ok(outcome.threw, `${name}: should fail`);
        equal((outcome.value as Error).name, errorName, name);
        record(name, outcome.value);
      };
      // RedcapApiError: REDCap's 400, import validation details, a 200 error text, a 403 of another project's token.
      await expectError('unknown field', () => redcap.records.export({ fields: ['nope'] }), 'RedcapApiError');
      await expectError(
        'import validation',
        () => redcap.records.import([{ record_id: '1', age: 'abc', dob: canaryToken }]),
        'RedcapApiError',
      );
      await expectError(
        'rename of a missing record',
        () => redcap.records.rename({ record: '999', newRecordName: canaryToken }),
        'RedcapApiError',
      );
      await expectError(
        'the token of nobody',
        () => sim.client({ token: canaryToken.replace('C0FFEE', 'C0FFEF') }).version(),
        'RedcapApiError',
      );
      // RedcapResponseError: an answer of the wrong shape.
      serve(env, () => new Response(JSON.stringify({ token: canaryToken }), { headers: { 'content-type': 'application/json' } }));
      await expectError('an answer of the wrong shape', () => clientFor(env).records.export(), 'RedcapResponseError');
      // RedcapBatchError: a batched import whose second batch REDCap refuses, and one whose second batch is lost.
      const batched = simulate(env);
      const progress: unknown[] = [];
      await expectError(
        'batched import refused part way',
        () =>
          batched.client().records.import([{ record_id: 'b1' }, { record_id: 'b2', age: 'abc' }, { record_id: 'b3' }], {
            batchSize: 1,
            onProgress: (p) => progress.push(p),
          }),
        'RedcapBatchError',
      );
      batched.mock.inject({ kind: 'reset', processed: true }, { times: 1, match: { content: 'record', action: 'import' } });
      const lost = await settle(() =>
        batched.client().records.import([{ record_id: 'b4' }, { record_id: 'b5' }], { batchSize: 1, onProgress: (p) => progress.push(p) }),
      );
      ok(lost.value instanceof RedcapBatchError && lost.value.uncertain.includes('b4'), 'the lost batch is uncertain');
      record('batched import lost part way', lost.value);
      // A successful batched export and import: their progress reports.
      await batched.client().records.export({ batchSize: 1, onProgress: (p) => progress.push(p) });
      await batched
        .client()
        .records.import([{ record_id: 'b6' }, { record_id: 'b7' }], { batchSize: 1, onProgress: (p) => progress.push(p) });
      ok(progress.length >= 8, `${progress.length} progress reports`);
      record('progress reports', progress);

      // Aborts: the caller's reason comes back, whatever it is; and timeouts, per attempt and in total.
      const slow = simulate(env);
      slow.mock.inject({ kind: 'latency', ms: 400 });
      const reason = new Error('user cancelled');
      let outcome = await settle(() => slow.client().version(undefined, { signal: AbortSignal.timeout(30) }));
      ok(outcome.threw && (outcome.value as Error).name === 'TimeoutError', 'AbortSignal.timeout reason');
      record('AbortSignal.timeout', outcome.value);
      const controller = new AbortController();
      setTimeout(() => controller.abort(reason), 30);
      outcome = await settle(() => slow.client().records.export(undefined, { signal: controller.signal }));
      equal(outcome.value, reason);
      record('abort with a reason', outcome.value);
      const bare = new AbortController();
      setTimeout(() => bare.abort(), 30);
      outcome = await settle(() => slow.client().records.import([{ record_id: 'a1' }], { signal: bare.signal }));
      ok(outcome.threw && (outcome.value as Error).name === 'AbortError', 'a bare abort');
      record('abort without a reason', outcome.value);
      outcome = await settle(() => slow.client().version(undefined, { signal: AbortSignal.abort() }));
      ok(outcome.threw, 'already aborted');
      record('already aborted', outcome.value);
      await expectError('per-attempt timeout', () => slow.client({ timeout: 30 }).version(), 'RedcapTimeoutError');
      await expectError(
        'total timeout',
        () => slow.client({ timeout: 30, retry: { limit: 50, delay: 1 } }).version(undefined, { totalTimeout: 120 }),
        'RedcapTimeoutError',
      );
      // (each `simulate` routes the env's URL to its own simulator: this one comes last)
      const late = new AbortController();
      const waiting = simulate(env);
      waiting.mock.inject({ kind: 'rate-limit', retryAfter: 5 });
      setTimeout(() => late.abort(reason), 50);
      outcome = await settle(() => waiting.client({ retry: 3 }).version(undefined, { signal: late.signal }));
      equal(outcome.value, reason, 'an abort while waiting to retry');

      // RedcapValidationError: bad input of every method, the token as a value included.
      const bad = await badInputs(env);
      ok(bad.tried > methodDescriptors.length * 3, `${bad.tried} bad inputs`);
      Object.assign(found, bad.found);
      // Bad call options and client options.
      for (const [name, options] of Object.entries({
        retry: { retry: canaryToken },
        timeout: { timeout: canaryToken },
        signal: { signal: canaryToken },
        unknown: { [`x${canaryToken.slice(0, 4)}`]: canaryToken },
      })) {
        const refused = await settle(() => redcap.version(undefined, options as never));
        ok(refused.threw && refused.value instanceof RedcapValidationError, `options.${name}`);
        record(`options.${name}`, refused.value);
      }
      for (const [name, options] of Object.entries({
        url: { url: `https://redcap.example.test/api/?token=${canaryToken}x`, token: 'nope' },
        headers: { headers: { authorization: canaryToken, n: 1 } },
        rateLimit: { rateLimit: canaryToken },
      })) {
        const refused = await settle(() =>
          createRedcap({ url: 'https://redcap.example.test/api/', token: canaryToken, dangerouslyAllowBrowser: true, ...options } as never),
        );
        ok(refused.threw && refused.value instanceof RedcapValidationError, `client option ${name}`);
        record(`client option ${name}`, refused.value);
      }
      deepEqual(found, {});
    },

    async 'the client object does not show the token'() {
      const redcap = createRedcap({ url: 'https://redcap.example.test/api/', token: canaryToken, dangerouslyAllowBrowser: true });
      deepEqual(leaksOf(redcap, canaryToken), []);
    },
  }),
  ...faultSecrecy,
];

import { createClient, createRedcap } from '@redcap-sdk/core';
import { deepEqual, ok } from '../support/assert.ts';
import { leaksOf } from '../support/leaks.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';
import { canaryToken, clientFor, redcapError, serve } from '../support/setup.ts';

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
  'timeout': (env) => {
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
  'abort': (env) => {
    serve(env, () => new Response('1'));
    return clientFor(env).version(undefined, { signal: AbortSignal.abort() });
  },
  'a server that echoes the request': (env) => {
    // A misconfigured proxy that reflects the body must not get the token into our error.
    serve(env, async (request) => new Response(await request.text(), { status: 500 }));
    return clientFor(env, { retry: false }).version();
  },
};

export const secrecyScenarios = group('secrecy', {
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
    const token = canaryToken.slice(0, 31) + 'Z';
    let caught: unknown;
    try {
      createClient({ url: 'https://redcap.example.test/api/', token, dangerouslyAllowBrowser: true });
    } catch (error) {
      caught = error;
    }
    deepEqual(leaksOf(caught, token), []);
  },

  async 'the client object does not show the token'() {
    const redcap = createRedcap({ url: 'https://redcap.example.test/api/', token: canaryToken, dangerouslyAllowBrowser: true });
    deepEqual(leaksOf(redcap, canaryToken), []);
  },
});

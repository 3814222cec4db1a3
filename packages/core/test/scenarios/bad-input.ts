/**
 * Bad input, table-driven from the method table: for every method, a missing
 * required parameter, a wrong type, an unknown option and an empty list are each
 * refused with a RedcapValidationError naming the parameter, before anything is
 * sent, and the caller's objects are left as they were.
 */
import { RedcapValidationError } from '@redcap-sdk/core';
import { methodDescriptors, type MethodDescriptor } from '../support/methods.ts';
import { AssertionError, deepEqual, equal } from '../support/assert.ts';
import type { Scenario, ScenarioEnv } from '../support/scenario.ts';
import { clientFor, serve } from '../support/setup.ts';
import { callMethod, isArray, minimalParams, type AnySchema } from '../support/synthesize.ts';

async function expectRefusal(
  env: ScenarioEnv,
  method: MethodDescriptor,
  params: Record<string, unknown>,
  path: string,
  what: string,
): Promise<void> {
  const frozen = Object.freeze({ ...params });
  const before = JSON.stringify(frozen);
  try {
    await callMethod(clientFor(env), method, frozen);
  } catch (error) {
    if (!(error instanceof RedcapValidationError))
      throw new AssertionError(
        `${method.name}, ${what}: expected a RedcapValidationError, got ${(error as Error).name}: ${(error as Error).message}`,
      );
    equal(error.path, path, `${method.name}, ${what}`);
    equal(JSON.stringify(frozen), before, `${method.name}, ${what}: the input is unchanged`);
    return;
  }
  throw new AssertionError(`${method.name}, ${what}: the call was accepted`);
}

export const badInputScenarios: Scenario[] = methodDescriptors.map((method) => ({
  name: `bad input: ${method.name} refuses missing, mistyped, unknown and empty parameters before sending`,
  run: async (env: ScenarioEnv) => {
    const { requests } = serve(env, () => new Response('unexpected', { status: 500 }));
    const entries = ((method.params as AnySchema).entries ?? {}) as Record<string, AnySchema>;
    const minimal = minimalParams(method);
    let checks = 0;
    for (const key of Object.keys(minimal)) {
      const { [key]: _left, ...rest } = minimal;
      await expectRefusal(env, method, rest, key, `without ${key}`);
      checks++;
    }
    for (const [key, schema] of Object.entries(entries)) {
      await expectRefusal(env, method, { ...minimal, [key]: Symbol('wrong') }, key, `${key} of the wrong type`);
      checks++;
      if (isArray(schema)) {
        await expectRefusal(env, method, { ...minimal, [key]: [] }, key, `${key} empty`);
        checks++;
      }
    }
    await expectRefusal(env, method, { ...minimal, definitelyNotAnOption: 1 }, 'definitelyNotAnOption', 'an unknown option');
    if (method.takes === 'data') {
      const fn =
        method.namespace === ''
          ? undefined
          : (clientFor(env) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>)[method.namespace]![
              method.verb
            ]!;
      try {
        await fn!(Symbol('not data'), minimal);
        throw new AssertionError(`${method.name}: bad data was accepted`);
      } catch (error) {
        if (!(error instanceof RedcapValidationError)) throw error;
        equal(error.path.split(/[.[]/)[0], 'data');
      }
    }
    deepEqual(requests.length, 0, `${method.name}: nothing was sent (${checks + 1} bad inputs)`);
  },
}));

/**
 * Bad input, table-driven from the method table: for every method, a missing
 * required parameter, a wrong type, an unknown option and an empty list are each
 * refused with a RedcapValidationError naming the parameter, before anything is
 * sent, and the caller's objects are left as they were.
 */
import { methodDescriptors, RedcapValidationError, type MethodDescriptor } from '@redcap-sdk/core';
import * as v from 'valibot';
import { AssertionError, deepEqual, equal } from '../support/assert.ts';
import type { Scenario, ScenarioEnv } from '../support/scenario.ts';
import { clientFor, serve } from '../support/setup.ts';

type AnySchema = v.GenericSchema & { type: string; entries?: Record<string, AnySchema>; wrapped?: AnySchema; options?: unknown[]; item?: AnySchema; pipe?: AnySchema[] };

/** A value the schema accepts, built from its structure. */
function validValue(schema: AnySchema): unknown {
  switch (schema.type) {
    case 'optional': return validValue(schema.wrapped!);
    case 'string': return 'record_id';
    case 'number': return 1;
    case 'boolean': return true;
    case 'picklist': return schema.options![0];
    case 'array': return [validValue(schema.item!)];
    case 'union': return validValue(schema.options![0] as AnySchema);
    case 'instance': return new File(['x'], 'x.txt');
    case 'function': return () => undefined;
    case 'date': return new Date();
    case 'strict_object': case 'object': case 'loose_object':
      return Object.fromEntries(Object.entries(schema.entries ?? {}).filter(([, entry]) => entry.type !== 'optional').map(([key, entry]) => [key, validValue(entry)]));
    default: return 'x';
  }
}

const isArray = (schema: AnySchema): boolean => (schema.type === 'optional' ? isArray(schema.wrapped!) : schema.type === 'array');

/** Data the method accepts: the first candidate its data schema takes. */
function validData(method: MethodDescriptor): unknown {
  if (!method.data) return undefined;
  const candidates = ['record_id,name\n1,a', [{ arm_num: 1, name: 'Arm 1', record_id: '1' }], { project_title: 'x', purpose: 0 }];
  const found = candidates.find((candidate) => v.safeParse(method.data!, candidate).success);
  if (found === undefined) throw new AssertionError(`no valid sample data for ${method.name}`);
  return found;
}

function call(env: ScenarioEnv, method: MethodDescriptor, params: Record<string, unknown>): Promise<unknown> {
  const redcap = clientFor(env) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> & Record<string, (...args: unknown[]) => Promise<unknown>>;
  const fn = method.namespace === '' ? redcap[method.verb] as (...args: unknown[]) => Promise<unknown> : redcap[method.namespace]![method.verb]!;
  return method.takes === 'data' ? fn(validData(method), params) : fn(params);
}

async function expectRefusal(env: ScenarioEnv, method: MethodDescriptor, params: Record<string, unknown>, path: string, what: string): Promise<void> {
  const frozen = Object.freeze({ ...params });
  const before = JSON.stringify(frozen);
  try {
    await call(env, method, frozen);
  } catch (error) {
    if (!(error instanceof RedcapValidationError)) throw new AssertionError(`${method.name}, ${what}: expected a RedcapValidationError, got ${(error as Error).name}: ${(error as Error).message}`);
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
    const minimal = validValue({ type: 'strict_object', entries } as AnySchema) as Record<string, unknown>;
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
      const fn = method.namespace === '' ? undefined : (clientFor(env) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>)[method.namespace]![method.verb]!;
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

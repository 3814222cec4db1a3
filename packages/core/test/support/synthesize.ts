/** Valid input for any method, built from its schemas: for table-driven tests over every method. */
import type { Redcap } from '@redcap-sdk/core';
import type { MethodDescriptor } from './methods.ts';
import * as v from 'valibot';
import { AssertionError } from './assert.ts';

export type AnySchema = v.GenericSchema & {
  type: string;
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  options?: unknown[];
  item?: AnySchema;
  pipe?: AnySchema[];
};

/** A value the schema accepts, built from its structure. */
export function validValue(schema: AnySchema): unknown {
  switch (schema.type) {
    case 'optional':
      return validValue(schema.wrapped!);
    case 'string':
      return 'record_id';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'picklist':
      return schema.options![0];
    case 'array':
      return [validValue(schema.item!)];
    case 'union':
      return validValue(schema.options![0] as AnySchema);
    case 'instance':
      return new File(['x'], 'x.txt');
    case 'function':
      return () => undefined;
    case 'date':
      return new Date();
    case 'strict_object':
    case 'object':
    case 'loose_object':
      return Object.fromEntries(
        Object.entries(schema.entries ?? {})
          .filter(([, entry]) => entry.type !== 'optional')
          .map(([key, entry]) => [key, validValue(entry)]),
      );
    default:
      return 'x';
  }
}

export const isArray = (schema: AnySchema): boolean => (schema.type === 'optional' ? isArray(schema.wrapped!) : schema.type === 'array');

/** Data the method accepts: the first candidate its data schema takes. */
export function validData(method: MethodDescriptor): unknown {
  if (!method.data) return undefined;
  const candidates = ['record_id,name\n1,a', [{ arm_num: 1, name: 'Arm 1', record_id: '1' }], { project_title: 'x', purpose: 0 }];
  const found = candidates.find((candidate) => v.safeParse(method.data!, candidate).success);
  if (found === undefined) throw new AssertionError(`no valid sample data for ${method.name}`);
  return found;
}

/** Calls a method through the namespaced client with these params (and valid data for imports). */
export function callMethod(client: Redcap, method: MethodDescriptor, params: Record<string, unknown>): Promise<unknown> {
  const redcap = client as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> &
    Record<string, (...args: unknown[]) => Promise<unknown>>;
  const fn =
    method.namespace === '' ? (redcap[method.verb] as (...args: unknown[]) => Promise<unknown>) : redcap[method.namespace]![method.verb]!;
  return method.takes === 'data' ? fn(validData(method), params) : fn(params);
}

/** The smallest valid parameters of a method: its required parameters, synthesized. */
export function minimalParams(method: MethodDescriptor): Record<string, unknown> {
  return validValue({ type: 'strict_object', entries: (method.params as AnySchema).entries ?? {} } as AnySchema) as Record<string, unknown>;
}

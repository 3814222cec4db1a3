/**
 * The method descriptors, for table-driven tests over every method. They are not public API:
 * each standalone function keeps its descriptor under a registered symbol, reached here
 * through the built package, in every runtime the suite runs in.
 */
import * as core from '@redcap-sdk/core';
import { methodTable } from '@redcap-sdk/core/methods';
import type { MethodDescriptor } from '../../src/methods/descriptor.ts';

export type { MethodDescriptor };

const descriptorKey = Symbol.for('@redcap-sdk/core/method');

/** Every method's descriptor, in the order of the public method table. */
export const methodDescriptors: readonly MethodDescriptor[] = methodTable.map((info) => {
  const method = (core as unknown as Record<string, { [descriptorKey]?: MethodDescriptor }>)[info.name];
  const descriptor = method?.[descriptorKey];
  if (!descriptor) throw new Error(`@redcap-sdk/core exports no method function ${info.name}`);
  return descriptor;
});

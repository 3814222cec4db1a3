import type { RedcapClient } from '../client/create-client.ts';
import type { MethodDescriptor } from './descriptor.ts';
import { invoke } from './invoke.ts';

/**
 * The standalone function of a method: the client first, then the method's own
 * arguments. Typed by the caller, from the method's call shape.
 */
export function standalone<F>(method: MethodDescriptor): F {
  return ((client: RedcapClient, ...args: unknown[]) => invoke(client, method, args)) as F;
}

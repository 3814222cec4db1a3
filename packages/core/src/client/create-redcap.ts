import { descriptorOf } from '../methods/descriptor.ts';
import { exportRecordsBatches } from '../methods/records/export-batches.ts';
import { methodFunctions } from '../methods/table.ts';
import { loadProject, refreshProject } from '../project/load.ts';
import { RedcapClient } from './create-client.ts';
import type { RedcapNamespaces } from './namespaces.ts';
import type { ClientOptions } from './options.ts';
import type { ProjectTypes } from '../project/types.ts';
import type { TypedRedcap } from './typed.ts';

/**
 * A client with one namespace per REDCap content type; also usable with the standalone functions.
 *
 * @example
 * ```ts
 * const redcap: Redcap = createRedcap({ url: 'https://redcap.example.edu/api/', token });
 * const version = await redcap.version();
 * ```
 */
export type Redcap = RedcapClient & RedcapNamespaces;

/**
 * What {@link createRedcap} returns: {@link Redcap} without a project type, {@link TypedRedcap} with one.
 *
 * @example
 * ```ts
 * const redcap: RedcapFor<Project> = createRedcap<Project>({ url, token });
 * ```
 */
export type RedcapFor<P extends ProjectTypes> = [P] extends [never]
  ? Redcap
  : // `ProjectTypes` itself (what `ReturnType<typeof createRedcap>` instantiates) describes no project.
    ProjectTypes extends P
    ? Redcap
    : TypedRedcap<P>;

type Bound = (...args: unknown[]) => unknown;

/**
 * Creates a client with every API method as `redcap.<namespace>.<verb>()`. Options are
 * checked at once; a bad URL or token throws a `RedcapValidationError`.
 *
 * With a type argument, the client is typed by a project (the `Project` type that `redcap typegen` writes):
 * records exports take only the project's fields, forms and events and give rows typed by
 * the fields asked for; imports refuse unknown columns at compile time. The same client
 * at run time as the untyped one; the type parameter costs nothing.
 *
 * @example
 * ```ts
 * import { createRedcap } from '@redcap-sdk/core';
 * import type { Project } from './project.ts'; // redcap typegen -o project.ts
 *
 * const redcap = createRedcap<Project>({ url: 'https://redcap.example.edu/api/', token });
 * const rows = await redcap.records.export({ fields: ['record_id', 'age'] }); // { record_id: string; age: string }[]
 *
 * // Without a type argument: the untyped client.
 * const untyped = createRedcap({ url: 'https://redcap.example.edu/api/', token });
 * const all = await untyped.records.export({ fields: ['record_id', 'consent_date'], rawOrLabel: 'label' });
 * ```
 */
export function createRedcap<P extends ProjectTypes = never>(options: ClientOptions): RedcapFor<P> {
  const client = new RedcapClient(options);
  const target = client as unknown as Record<string, Bound | Record<string, Bound>>;
  const place = (namespace: string, verb: string, call: Bound): void => {
    if (namespace === '') {
      target[verb] = call;
      return;
    }
    target[namespace] ??= {};
    (target[namespace] as Record<string, Bound>)[verb] = call;
  };
  for (const method of methodFunctions) {
    const { namespace, verb } = descriptorOf(method);
    place(namespace, verb, (...args) => (method as (client: RedcapClient, ...rest: unknown[]) => unknown)(client, ...args));
  }
  // Not a REDCap method of its own, so not in the table: a flow over exportRecords.
  place('records', 'exportBatches', (...args) =>
    exportRecordsBatches(client, ...(args as Parameters<typeof exportRecordsBatches> extends [unknown, ...infer R] ? R : never)),
  );
  // The project-aware layer: the project loaded once, cached on the client.
  place('project', 'load', (options) => loadProject(client, options as Parameters<typeof loadProject>[1]));
  place('project', 'refresh', (options) => refreshProject(client, options as Parameters<typeof refreshProject>[1]));
  // One object for both: the typed overlay narrows signatures only.
  return client as unknown as RedcapFor<P>;
}

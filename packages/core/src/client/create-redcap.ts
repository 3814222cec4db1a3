import { invoke } from '../methods/invoke.ts';
import { exportRecordsBatches, type ExportBatchesCall } from '../methods/records/export-batches.ts';
import { methodDescriptors, type RedcapNamespaces } from '../methods/table.ts';
import { RedcapClient } from './create-client.ts';
import type { ClientOptions } from './options.ts';

/** A client with one namespace per REDCap content type; also usable with the standalone functions. */
export type Redcap = RedcapClient &
  RedcapNamespaces & {
    /** Besides REDCap's methods: a batched export as an async iterator. */
    readonly records: { readonly exportBatches: ExportBatchesCall };
  };

/**
 * Creates a client with every API method as `redcap.<namespace>.<verb>()`.
 * Options are checked at once; a bad URL or token throws a `RedcapValidationError`.
 *
 * @example
 * ```ts
 * import { createRedcap } from '@redcap-sdk/core';
 *
 * const redcap = createRedcap({ url: 'https://redcap.example.edu/api/', token });
 * const rows = await redcap.records.export({ fields: ['record_id', 'consent_date'], rawOrLabel: 'label' });
 * await redcap.records.import(rows, { overwriteBehavior: 'overwrite' });
 * ```
 */
export function createRedcap(options: ClientOptions): Redcap {
  const client = new RedcapClient(options);
  const target = client as unknown as Record<string, unknown>;
  for (const method of methodDescriptors) {
    const call = (...args: unknown[]): Promise<unknown> => invoke(client, method, args);
    if (method.namespace === '') {
      target[method.verb] = call;
    } else {
      target[method.namespace] ??= {};
      const namespace = target[method.namespace] as Record<string, unknown>;
      namespace[method.verb] = call;
    }
  }
  // Not a REDCap method of its own, so not in the table: a flow over exportRecords.
  (target.records as Record<string, unknown>).exportBatches = (params?: object, options?: object) =>
    exportRecordsBatches(client, params, options);
  return client as Redcap;
}

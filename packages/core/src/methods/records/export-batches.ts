import type { RedcapClient } from '../../client/create-client.ts';
import type { CallOptions } from '../../client/options.ts';
import { prepare } from '../invoke.ts';
import { exportBatches } from './batched-export.ts';
import { descriptorOf } from '../descriptor.ts';
import type { HasCall } from '../shapes.ts';
import { exportRecords } from './records.ts';
import type { ExportRecordsParams, RecordRow } from './types.ts';

/** `records.exportBatches(params, options)`: a batched export as an async iterator of batches. */
export type ExportBatchesCall = (params?: ExportRecordsParams, options?: CallOptions) => AsyncGenerator<RecordRow[]>;

/** {@link ExportBatchesCall} as a standalone function. */
export interface ExportBatchesFunction extends HasCall<ExportBatchesCall> {
  (client: RedcapClient, params?: ExportRecordsParams, options?: CallOptions): AsyncGenerator<RecordRow[]>;
}

/**
 * Exports records batch by batch, so that memory holds one batch (or `concurrency`
 * batches) at a time, however big the project. Batches follow REDCap's record
 * order; a record's events and instances are always in one batch; each batch is
 * checked against the record ids it asked for. Nothing is sent until iteration starts.
 *
 * @example
 * ```ts
 * for await (const rows of exportRecordsBatches(client, { batchSize: 1000, fields: ['record_id', 'age'] })) {
 *   await appendToFile(rows);
 * }
 * ```
 */
export const exportRecordsBatches: ExportBatchesFunction = (client, params = {}, options) =>
  (async function* batches(): AsyncGenerator<RecordRow[]> {
    const context = prepare(client, descriptorOf(exportRecords), [{ batchSize: 500, ...params }, options]);
    yield* exportBatches(context);
  })();

import type { RedcapClient } from '../../client/create-client.ts';
import type { CallOptions } from '../../client/options.ts';
import { prepare } from '../invoke.ts';
import { exportBatches } from './batched-export.ts';
import { descriptorOf } from '../descriptor.ts';
import type { HasCall } from '../shapes.ts';
import { exportRecords } from './records.ts';
import type { ExportRecordsParams, RecordRow } from './types.ts';

/** The formats a batched export can be read in. */
export type BatchFormat = 'json' | 'csv';

/** One batch: rows for JSON, REDCap's CSV text for CSV (the header in the first batch only). */
export type BatchOf<F extends BatchFormat> = F extends 'csv' ? string : RecordRow[];

/** `records.exportBatches(params, options)`: a batched export as an async iterator of batches. */
export type ExportBatchesCall = <F extends BatchFormat = 'json'>(
  params?: ExportRecordsParams & { readonly format?: F },
  options?: CallOptions,
) => AsyncGenerator<BatchOf<F>>;

/** {@link ExportBatchesCall} as a standalone function. */
export interface ExportBatchesFunction extends HasCall<ExportBatchesCall> {
  <F extends BatchFormat = 'json'>(
    client: RedcapClient,
    params?: ExportRecordsParams & { readonly format?: F },
    options?: CallOptions,
  ): AsyncGenerator<BatchOf<F>>;
}

/**
 * Exports records batch by batch, so that memory holds one batch (or `concurrency`
 * batches) at a time, however big the project. Batches follow REDCap's record
 * order; a record's events and instances are always in one batch; each batch is
 * checked against the record ids it asked for. Nothing is sent until iteration starts.
 * With `format: 'csv'` each batch is REDCap's own CSV text: the header comes with the
 * first batch only, so writing the batches one after another gives one CSV file.
 *
 * @example
 * ```ts
 * for await (const rows of exportRecordsBatches(client, { batchSize: 1000, fields: ['record_id', 'age'] })) {
 *   await appendToFile(rows);
 * }
 * for await (const csv of exportRecordsBatches(client, { format: 'csv', batchSize: 1000 })) {
 *   await file.write(csv);
 * }
 * ```
 */
export const exportRecordsBatches: ExportBatchesFunction = <F extends BatchFormat = 'json'>(
  client: RedcapClient,
  params: ExportRecordsParams & { readonly format?: F } = {},
  options?: CallOptions,
): AsyncGenerator<BatchOf<F>> =>
  (async function* batches(): AsyncGenerator<BatchOf<F>> {
    const context = prepare(client, descriptorOf(exportRecords), [{ batchSize: 500, ...params }, options]);
    yield* exportBatches(context) as AsyncGenerator<BatchOf<F>>;
  })();

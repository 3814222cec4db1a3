import type { RedcapClient } from '../../client/create-client.ts';
import type { CallOptions } from '../../client/options.ts';
import { prepare } from '../invoke.ts';
import { exportBatches } from './batched-export.ts';
import { descriptorOf } from '../descriptor.ts';
import type { HasCall } from '../shapes.ts';
import { exportRecords } from './records.ts';
import type { ExportRecordsParams, RecordRow } from './types.ts';
import type { CastParam, CastResult } from '../../project/cast-types.ts';
import { castStep } from '../../project/hooks.ts';

/** The formats a batched export can be read in. */
export type BatchFormat = 'json' | 'csv';

/**
 * One batch: rows for JSON (cast rows, or a cast report per batch, as `cast` asks),
 * REDCap's CSV text for CSV (the header in the first batch only).
 */
export type BatchOf<F extends BatchFormat, C = undefined> = F extends 'csv' ? string : CastResult<C>;

/** `records.exportBatches(params, options)`: a batched export as an async iterator of batches. */
export type ExportBatchesCall = <F extends BatchFormat = 'json', C extends CastParam | undefined = undefined>(
  params?: ExportRecordsParams & { readonly format?: F; readonly cast?: C },
  options?: CallOptions,
) => AsyncGenerator<BatchOf<F, C>>;

/** {@link ExportBatchesCall} as a standalone function. */
export interface ExportBatchesFunction extends HasCall<ExportBatchesCall> {
  <F extends BatchFormat = 'json', C extends CastParam | undefined = undefined>(
    client: RedcapClient,
    params?: ExportRecordsParams & { readonly format?: F; readonly cast?: C },
    options?: CallOptions,
  ): AsyncGenerator<BatchOf<F, C>>;
}

/**
 * Exports records batch by batch, so that memory holds one batch (or `concurrency`
 * batches) at a time, however big the project. Batches follow REDCap's record
 * order; a record's events and instances are always in one batch; each batch is
 * checked against the record ids it asked for. Nothing is sent until iteration starts.
 * With `format: 'csv'` each batch is REDCap's own CSV text: the header comes with the
 * first batch only, so writing the batches one after another gives one CSV file.
 * With `cast` each batch is cast on its own (with `invalid: 'report'`, each batch is
 * a `{ rows, invalid }`), the project loaded first.
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
export const exportRecordsBatches: ExportBatchesFunction = <F extends BatchFormat = 'json', C extends CastParam | undefined = undefined>(
  client: RedcapClient,
  params: ExportRecordsParams & { readonly format?: F; readonly cast?: C } = {},
  options?: CallOptions,
): AsyncGenerator<BatchOf<F, C>> =>
  (async function* batches(): AsyncGenerator<BatchOf<F, C>> {
    const context = prepare(client, descriptorOf(exportRecords), [{ batchSize: 500, ...params }, options]);
    const cast = castStep(context);
    for await (const batch of exportBatches(context)) yield (cast ? cast(batch as RecordRow[]) : batch) as BatchOf<F, C>;
  })();

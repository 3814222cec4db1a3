import { RedcapBatchError } from '../../errors/batch-error.ts';
import { RedcapApiError } from '../../errors/api-error.ts';
import { RedcapError } from '../../errors/redcap-error.ts';
import { RedcapValidationError } from '../../errors/validation-error.ts';
import { chunk } from '../../internal/pool.ts';
import type { RunContext } from '../invoke.ts';
import type { ImportProgress } from './progress.ts';
import type { ImportRow } from './types.ts';

const operation = { content: 'record', action: 'import' } as const;

/** The record each row belongs to, in order of first appearance; a record's rows stay together. */
export function groupByRecord(rows: readonly ImportRow[], idField: string): Map<string, ImportRow[]> {
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const id = String(row[idField] ?? '');
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/**
 * Imports rows in batches of whole records. Counts add up (REDCap counts distinct
 * records), ids concatenate. When a batch fails no new batch starts, the ones in
 * flight finish, and a {@link RedcapBatchError} says which records landed.
 */
export async function importBatches(context: RunContext, rows: readonly ImportRow[], idField: string): Promise<unknown> {
  const { params } = context;
  const batchSize = (params.batchSize as number | undefined) ?? 500;
  const concurrency = (params.concurrency as number | undefined) ?? 1;
  const onProgress = params.onProgress as ((progress: ImportProgress) => void) | undefined;
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params))
    if (!['batchSize', 'concurrency', 'onProgress', 'recordIdField'].includes(key)) plain[key] = value;
  if (plain.backgroundProcess) {
    throw new RedcapValidationError(
      'batchSize',
      'a background import is queued by REDCap and reports nothing per record; import it in one call, without `batchSize`.',
      operation,
    );
  }

  const groups = groupByRecord(rows, idField);
  const batches = chunk([...groups.keys()], batchSize);
  const progress: ImportProgress = { records: 0, totalRecords: groups.size, batches: 0, totalBatches: batches.length, bytes: 0 };
  onProgress?.({ ...progress });

  const results: unknown[] = new Array(batches.length);
  const landed: string[][] = new Array(batches.length);
  const failed: string[] = [];
  const uncertain: string[] = [];
  let firstError: RedcapError | undefined;
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < batches.length && firstError === undefined) {
      const index = next++;
      const ids = batches[index]!;
      const data = ids.flatMap((id) => groups.get(id)!);
      try {
        results[index] = await context.send(plain, data);
        landed[index] = ids;
        progress.records += ids.length;
        progress.batches++;
        progress.bytes += JSON.stringify(data).length;
        onProgress?.({ ...progress });
      } catch (error) {
        // REDCap refuses a whole import with a 4xx when any row is bad: none of it landed. Anything
        // else (a lost answer, a proxy error, a PHP fatal page after the commit) leaves it unknown.
        (error instanceof RedcapApiError && error.status >= 400 && error.status < 500 ? failed : uncertain).push(...ids);
        if (!(error instanceof RedcapError)) throw error;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));

  if (firstError) {
    const done = landed.flatMap((ids) => ids ?? []);
    const seen = new Set([...done, ...failed, ...uncertain]);
    const notSent = [...groups.keys()].filter((id) => !seen.has(id));
    throw new RedcapBatchError(
      `Batched import stopped: ${done.length} records landed, ${failed.length} were refused, ${uncertain.length} may or may not have landed, ${notSent.length} were not sent. The failed batch: ${firstError.message}`,
      operation,
      { landed: done, failed, uncertain, notSent, cause: firstError },
    );
  }
  return merge(results, (plain.returnContent as string | undefined) ?? 'count');
}

function merge(results: readonly unknown[], returnContent: string): unknown {
  if (returnContent === 'count') return results.reduce((sum: number, count) => sum + (count as number), 0);
  if (returnContent === 'nothing') return undefined;
  return results.flatMap((part) => part as unknown[]);
}

import { RedcapBatchError, type BatchRefusal } from '../../errors/batch-error.ts';
import { RedcapApiError } from '../../errors/api-error.ts';
import { RedcapError } from '../../errors/redcap-error.ts';
import { RedcapValidationError } from '../../errors/validation-error.ts';
import { chunk } from '../../internal/pool.ts';
import type { RunContext } from '../invoke.ts';
import type { AttemptOutcome } from '../../request/send.ts';
import type { ImportProgress } from './progress.ts';
import { inBatch } from '../../client/events.ts';
import { stateOf } from '../../client/state.ts';
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
 * records), ids concatenate. When a batch fails, or `onProgress` throws, no new
 * batch starts, the ones in flight finish, and a {@link RedcapBatchError} says
 * which records landed.
 */
export async function importBatches(context: RunContext, rows: readonly ImportRow[], idField: string): Promise<unknown> {
  const { params } = context;
  const batchSize = (params.batchSize as number | undefined) ?? 500;
  const concurrency = (params.concurrency as number | undefined) ?? 1;
  const onProgress = params.onProgress as ((progress: ImportProgress) => void) | undefined;
  const continueOnError = params.continueOnError === true;
  const plain: Record<string, unknown> = {};
  // Rows go as JSON, so a CSV text's delimiter has no meaning for REDCap any more.
  for (const [key, value] of Object.entries(params))
    if (!['batchSize', 'concurrency', 'onProgress', 'recordIdField', 'validate', 'continueOnError', 'csvDelimiter'].includes(key))
      plain[key] = value;
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

  const results: unknown[] = new Array(batches.length);
  const landed: string[][] = new Array(batches.length);
  const failed: string[] = [];
  const uncertain: string[] = [];
  const refusals: BatchRefusal[] = [];
  let stop: { readonly error: unknown; readonly message: string; readonly byCallback: boolean } | undefined;
  let next = 0;
  const observers = [stateOf(context.client).onEvent, context.options.onEvent];
  const base = { method: 'importRecords', operation, totalBatches: batches.length };

  /** Tells the caller, and stops every worker if the callback throws: its error is the outcome. */
  const report = (): void => {
    try {
      onProgress?.({ ...progress });
    } catch (error) {
      stop ??= { error, message: `onProgress threw: ${error instanceof Error ? error.message : String(error)}`, byCallback: true };
    }
  };
  report();

  const worker = async (): Promise<void> => {
    while (next < batches.length && stop === undefined) {
      const index = next++;
      const ids = batches[index]!;
      const data = ids.flatMap((id) => groups.get(id)!);
      // Whether any attempt may have reached REDCap and run: only a 4xx answer proves it did not.
      let mayHaveRun = false;
      const onAttempt = ({ status }: AttemptOutcome): void => {
        if (status === undefined || status < 400 || status > 499) mayHaveRun = true;
      };
      try {
        results[index] = await inBatch(observers, base, index + 1, ids.length, () => context.send(plain, data, { onAttempt }));
      } catch (error) {
        // REDCap refuses a whole import with a 4xx when any row is bad: none of it landed, unless an
        // earlier attempt's answer was lost after REDCap may have saved it (a retry's refusal proves nothing).
        const refused = error instanceof RedcapApiError && error.status >= 400 && error.status < 500 && !mayHaveRun;
        (refused ? failed : uncertain).push(...ids);
        if (refused) refusals.push({ records: ids, redcapMessage: error.redcapMessage, details: error.details });
        // Only a refusal is safe to go past: it proves nothing of the batch landed.
        if (refused && continueOnError) continue;
        stop ??= { error, message: `The failed batch: ${error instanceof Error ? error.message : String(error)}`, byCallback: false };
        continue;
      }
      landed[index] = ids;
      progress.records += ids.length;
      progress.batches++;
      // The bytes of the `data` parameter as it goes on the wire (UTF-8), not JavaScript's character count.
      progress.bytes += utf8Length(JSON.stringify(data));
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));

  if (!stop && refusals.length > 0) {
    const done = landed.flatMap((ids) => ids ?? []);
    throw new RedcapBatchError(
      `Batched import finished with refusals: ${done.length} records landed, ${failed.length} were refused in ${refusals.length} batch${refusals.length === 1 ? '' : 'es'} (see \`refusals\` and \`details\`). The first refusal: ${refusals[0]!.redcapMessage.slice(0, 300)}`,
      operation,
      { landed: done, failed, refusals },
    );
  }
  if (stop) {
    const done = landed.flatMap((ids) => ids ?? []);
    const seen = new Set([...done, ...failed, ...uncertain]);
    const notSent = [...groups.keys()].filter((id) => !seen.has(id));
    // An abort is the caller's own decision: it comes back as the caller's reason, as for any call.
    if (!stop.byCallback && !(stop.error instanceof RedcapError)) throw stop.error;
    throw new RedcapBatchError(
      `Batched import stopped: ${done.length} records landed, ${failed.length} were refused, ${uncertain.length} may or may not have landed, ${notSent.length} were not sent. ${stop.message}`,
      operation,
      { landed: done, failed, uncertain, notSent, refusals, cause: stop.error },
    );
  }
  return merge(results, (plain.returnContent as string | undefined) ?? 'count');
}

/** The UTF-8 size of a text, without allocating its bytes. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one code point of four bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function merge(results: readonly unknown[], returnContent: string): unknown {
  if (returnContent === 'count') return results.reduce((sum: number, count) => sum + (count as number), 0);
  if (returnContent === 'nothing') return undefined;
  return results.flatMap((part) => part as unknown[]);
}

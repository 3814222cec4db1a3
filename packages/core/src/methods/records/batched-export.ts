import { RedcapBatchError } from '../../errors/batch-error.ts';
import { RedcapResponseError } from '../../errors/response-error.ts';
import { RedcapValidationError } from '../../errors/validation-error.ts';
import { chunk, inOrder } from '../../internal/pool.ts';
import { sendOnce, type RunContext } from '../invoke.ts';
import { descriptorOf } from '../descriptor.ts';
import { exportMetadata } from '../metadata.ts';
import type { ExportProgress } from './progress.ts';
import { inBatch } from '../../client/events.ts';
import { stateOf } from '../../client/state.ts';
import { delimiterOf, outlineCsv } from '../../internal/csv-cells.ts';
import type { RecordRow } from './types.ts';

const operation = { content: 'record', action: 'export' } as const;
/** The parameters that only batching reads; they never go to REDCap. */
export const batchKnobs: readonly string[] = ['batchSize', 'concurrency', 'onProgress', 'recordIdField'];

/** The record id field: the first field of the data dictionary (fetched with the call's options). */
async function recordIdField(context: RunContext): Promise<string> {
  const given = context.params.recordIdField;
  if (typeof given === 'string') return given;
  const [first] = (await sendOnce(context.client, descriptorOf(exportMetadata), {}, undefined, context.options)) as {
    field_name: string;
  }[];
  if (!first) throw new RedcapValidationError('recordIdField', 'the project has no fields; pass `recordIdField`.', operation);
  return first.field_name;
}

/**
 * A records export in batches of record ids: first the ids (the record id field
 * alone, with the caller's filters), then the records, `batchSize` ids at a time,
 * `concurrency` requests at once. A record's events and instances always travel in
 * one batch. Every batch is checked against the ids it asked for, because REDCap
 * has been seen to drop records silently on big requests.
 */
export async function* exportBatches(context: RunContext): AsyncGenerator<RecordRow[] | string> {
  const { params } = context;
  const format = params.format ?? 'json';
  if ((format !== 'json' && format !== 'csv') || (params.type ?? 'flat') !== 'flat') {
    throw new RedcapValidationError(
      'batchSize',
      "batching reads the record ids of each row, so it needs format 'json' or 'csv', and type 'flat'.",
      operation,
    );
  }
  const batchSize = (params.batchSize as number | undefined) ?? 500;
  const concurrency = (params.concurrency as number | undefined) ?? 1;
  const onProgress = params.onProgress as ((progress: ExportProgress) => void) | undefined;
  const progress: ExportProgress = { records: 0, totalRecords: 0, batches: 0, totalBatches: 0, bytes: 0 };
  const countBytes = (bytes: number): void => {
    progress.bytes += bytes;
  };
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (!batchKnobs.includes(key)) plain[key] = value;

  const idField = await recordIdField(context);
  const filters = pick(plain, ['records', 'events', 'filterLogic', 'dateRangeBegin', 'dateRangeEnd']);
  const ids = await listIds(context, { ...filters, fields: [idField] }, idField, countBytes);
  const batches = chunk(ids, batchSize);
  progress.totalRecords = ids.length;
  progress.totalBatches = batches.length;
  onProgress?.({ ...progress });

  // The id column is needed to check each batch, so it is always exported.
  const fields = plain.fields as string[] | undefined;
  const batchParams = fields && !fields.includes(idField) ? { ...plain, fields: [idField, ...fields] } : plain;

  const observers = [stateOf(context.client).onEvent, context.options.onEvent];
  const base = { method: 'exportRecords', operation, totalBatches: batches.length };
  const fetchBatch = (records: string[], index: number): Promise<RecordRow[]> =>
    inBatch(observers, base, index + 1, records.length, async () => {
      const rows = (await context.send({ ...batchParams, records }, undefined, { onBody: countBytes })) as RecordRow[];
      checkBatch(records, rows, idField);
      return rows;
    });
  // CSV: REDCap writes each batch's CSV itself (its quoting, its labels); the rows are only outlined for their ids.
  const delimiter = delimiterOf(plain.csvDelimiter);
  let header: string | undefined;
  const fetchCsv = (records: string[], index: number): Promise<string> =>
    inBatch(observers, base, index + 1, records.length, async () => {
      const text = (await context.send({ ...batchParams, records }, undefined, { onBody: countBytes })) as string;
      const outline = outlineCsv(text, delimiter);
      checkBatch(
        records,
        outline.firstCells.map((id) => ({ [idField]: id })),
        idField,
      );
      // The batches are joined under the first one's header: one that differs would misplace every column below it.
      header ??= outline.header;
      if (outline.header !== header) {
        throw new RedcapResponseError(
          `REDCap sent batch ${index + 1} with other columns than batch 1, so the batches cannot be joined into one CSV.`,
          '',
          operation,
        );
      }
      return index === 0 ? text : text.slice(outline.bodyStart);
    });
  const parts: AsyncGenerator<RecordRow[] | string> =
    format === 'csv' ? inOrder(batches, concurrency, fetchCsv) : inOrder(batches, concurrency, fetchBatch);
  for await (const part of parts) {
    progress.batches++;
    progress.records += batches[progress.batches - 1]!.length;
    onProgress?.({ ...progress });
    yield part;
  }
}

/**
 * The record ids, once each, in REDCap's order. Asked for as CSV: the id is the
 * first cell of each line, and 100,000 short lines cost far less memory than
 * 100,000 parsed JSON objects. Record names hold no line breaks (REDCap refuses them).
 * The list is checked before any batch is asked for: a header that is not the
 * record id field, or ids outside the caller's `records`, mean the answer is not
 * the list asked for, and batching by it would return the wrong records.
 */
async function listIds(
  context: RunContext,
  params: Record<string, unknown>,
  idField: string,
  onBody: (bytes: number) => void,
): Promise<string[]> {
  const csv = (await context.send({ ...params, format: 'csv', csvDelimiter: ',' }, undefined, { onBody })) as string;
  // REDCap's empty export: no header, an empty body or a lone line break.
  if (csv.trim() === '') return [];
  const headerEnd = csv.indexOf('\n');
  const header = firstCell(csv.slice(0, headerEnd === -1 ? csv.length : headerEnd));
  if (header.toLowerCase() !== idField.toLowerCase()) {
    throw new RedcapResponseError(
      `the record id list REDCap sent does not start with the record id field \`${idField}\` (its first column is ${JSON.stringify(header.slice(0, 60))}), so it is not a list of record ids. If \`${idField}\` is not the project's record id field, pass the right \`recordIdField\`.`,
      '',
      operation,
    );
  }
  const ids = new Set<string>();
  let start = headerEnd + 1;
  while (start > 0 && start < csv.length) {
    const end = csv.indexOf('\n', start);
    const line = csv.slice(start, end === -1 ? csv.length : end);
    const id = firstCell(line);
    if (id !== '') ids.add(id);
    start = end + 1;
  }
  const asked = params.records as readonly string[] | undefined;
  if (asked) {
    const wanted = new Set(asked.map((id) => id.toLowerCase()));
    const extra = [...ids].filter((id) => !wanted.has(id.toLowerCase()));
    if (extra.length > 0) {
      throw new RedcapBatchError(
        `REDCap's record id list holds ${extra.length} records not asked for in \`records\` (${list(extra)}): the server ignored the filter, so the export stopped before asking for any batch.`,
        operation,
        {},
      );
    }
  }
  return [...ids];
}

/** At most 20 record names, for a message. */
function list(ids: readonly string[]): string {
  return `${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', ...' : ''}`;
}

/** The first cell of a CSV line as PHP's fputcsv writes it (quoted when it holds a comma or a quote). */
function firstCell(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return (comma === -1 ? line : line.slice(0, comma)).replace(/\r$/, '');
  }
  let cell = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else break;
    } else cell += line[i];
  }
  return cell;
}

/**
 * A batch must hold exactly the records it asked for: none left out (REDCap drops
 * records on some large requests) and none added (a server or proxy that ignores
 * the `records` filter would otherwise repeat records across batches).
 */
function checkBatch(requested: readonly string[], rows: readonly RecordRow[], idField: string): void {
  const wanted = new Set(requested.map((id) => id.toLowerCase()));
  const unasked = [...new Set(rows.map((row) => String(row[idField])).filter((id) => !wanted.has(id.toLowerCase())))];
  if (unasked.length > 0) {
    throw new RedcapBatchError(
      `REDCap returned rows of ${unasked.length} records not asked for in a batch of ${requested.length} records (${list(unasked)}): the server ignored the \`records\` filter. Nothing of the batch is returned.`,
      operation,
      {},
    );
  }
  const returned = new Set(rows.map((row) => String(row[idField]).toLowerCase()));
  const missing = requested.filter((id) => !returned.has(id.toLowerCase()));
  if (missing.length === 0) return;
  const hashed = rows.length === 0 && requested.every((id) => /^[0-9a-f]{32}$/i.test(id));
  const message = hashed
    ? 'REDCap returned no rows for record ids that look hashed: with "De-Identified" export rights REDCap replaces record ids by hashes, which cannot be asked for by name. Export without `batchSize`, or with a token that has full data export rights.'
    : `REDCap did not return ${missing.length} of the ${requested.length} records asked for in a batch (it drops records silently on some large requests): ${list(missing)}. Retry with a smaller \`batchSize\`.`;
  throw new RedcapBatchError(message, operation, { missing });
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

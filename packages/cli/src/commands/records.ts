import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Command, InvalidArgumentError } from 'commander';
import { connect, UsageError } from '../connection.ts';
import { createDisplay } from '../progress.ts';
import { registerRecordsImport } from './records-import.ts';

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

interface ExportFlags {
  readonly format: string;
  readonly out?: string;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly fields?: string[];
  readonly events?: string[];
  readonly records?: string[];
  readonly filter?: string;
  readonly labels?: boolean;
}

/** Writes text to a file or stdout, waiting when the pipe is full so memory holds one batch. */
async function write(sink: NodeJS.WritableStream, text: string): Promise<void> {
  if (text !== '' && !sink.write(text)) await once(sink, 'drain');
}

/**
 * `redcap records export` and `redcap records import`: the batched, watched record transfers.
 *
 * @example
 * ```ts
 * registerRecords(program); // redcap records export --format csv -o out.csv
 * ```
 */
export function registerRecords(program: Command): void {
  const records = program.command('records').description('Export and import records in batches, with a progress bar.');

  records
    .command('export')
    .description("Export records in batches to stdout or a file, as JSON (an array), NDJSON or REDCap's CSV (header once).")
    .option('--format <format>', 'json (an array), ndjson (one record row a line) or csv', 'json')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--batch-size <n>', 'records per request', positive, 1000)
    .option('--concurrency <n>', 'requests in flight at once', positive, 2)
    .option('--fields <list>', 'comma-separated field names', list)
    .option('--events <list>', 'comma-separated unique event names', list)
    .option('--records <list>', 'comma-separated record names', list)
    .option('--filter <logic>', 'REDCap filter logic, e.g. "[age] > 30"')
    .option('--labels', 'export labels instead of raw values')
    .action(async (flags: ExportFlags) => {
      if (flags.format !== 'json' && flags.format !== 'csv' && flags.format !== 'ndjson')
        throw new UsageError(`--format must be json, ndjson or csv, not ${JSON.stringify(flags.format)}.`);
      const display = createDisplay('exported', process.stderr);
      const redcap = await connect(program.opts(), { onEvent: display.onEvent });
      const sink = flags.out ? createWriteStream(flags.out) : process.stdout;
      let total = 0;
      const params = {
        batchSize: flags.batchSize,
        concurrency: flags.concurrency,
        ...(flags.fields ? { fields: flags.fields } : {}),
        ...(flags.events ? { events: flags.events } : {}),
        ...(flags.records ? { records: flags.records } : {}),
        ...(flags.filter ? { filterLogic: flags.filter } : {}),
        ...(flags.labels ? { rawOrLabel: 'label' as const } : {}),
        onProgress: (progress: { records: number; totalRecords: number }) => {
          total = progress.totalRecords;
          display.total(progress.totalRecords);
          display.done(progress.records);
        },
      };
      let batches = 0;
      if (flags.format === 'csv') {
        for await (const csv of redcap.records.exportBatches({ ...params, format: 'csv' })) {
          await write(sink, csv);
          batches++;
        }
      } else if (flags.format === 'ndjson') {
        for await (const rows of redcap.records.exportBatches(params)) {
          await write(sink, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
          batches++;
        }
      } else {
        // A JSON array written batch by batch, one row a line: never the whole export in memory.
        let first = true;
        for await (const rows of redcap.records.exportBatches(params)) {
          for (const row of rows) {
            await write(sink, `${first ? '[' : ','}\n${JSON.stringify(row)}`);
            first = false;
          }
          batches++;
        }
        await write(sink, first ? '[]\n' : '\n]\n');
      }
      if (sink !== process.stdout) {
        (sink as NodeJS.WritableStream & { end(cb: () => void): void }).end(() => undefined);
        await once(sink, 'finish');
      }
      display.finish(`exported ${total} records in ${batches} batches${flags.out ? ` to ${flags.out}` : ''}`);
    });

  registerRecordsImport(program, records);
}

import { readFile } from 'node:fs/promises';
import { checkableProject, checkImportRows, type ImportProblem, type ImportRow, type Redcap, RedcapApiError } from '@redcap-sdk/core';
import { type Command, InvalidArgumentError } from 'commander';
import { parse } from 'csv-parse/sync';
import { connect, UsageError } from '../connection.ts';
import { ExitCode } from '../exit-codes.ts';
import { type Journal, openJournal } from '../journal.ts';
import { outputMode, table } from '../output.ts';
import { createDisplay } from '../progress.ts';

interface ImportFlags {
  readonly batchSize: number;
  readonly overwrite?: boolean;
  readonly validate: boolean;
  readonly dryRun?: boolean;
  readonly continueOnError?: boolean;
  readonly resume?: string;
}

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

/** A failure that has been reported already: the command exits with `code` and prints nothing more. */
export class Reported extends Error {
  override name = 'Reported';
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

async function readText(file: string): Promise<string> {
  if (file !== '-')
    return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
    });
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/**
 * The rows of an import file or stdin (`-`). CSV is read with csv-parse: REDCap's quoting,
 * cells spanning lines, a BOM (Excel writes one) and CRLF line ends; every cell stays text.
 */
export async function readRows(file: string): Promise<ImportRow[]> {
  const text = await readText(file);
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (file.toLowerCase().endsWith('.json') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(value)) throw new UsageError(`${file} must hold a JSON array of rows.`);
    return value as ImportRow[];
  }
  try {
    return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as ImportRow[];
  } catch (error) {
    throw new UsageError(`${file} is not valid CSV: ${(error as Error).message}`);
  }
}

/** Rows grouped by record, in file order: a record's rows (events, instances) always travel in one batch. */
function byRecord(rows: readonly ImportRow[], recordId: string): Map<string, ImportRow[]> {
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const record = String(row[recordId] ?? '');
    const group = groups.get(record);
    if (group) group.push(row);
    else groups.set(record, [row]);
  }
  return groups;
}

/**
 * Whether a batch that was sent when the last run stopped landed: REDCap imports a batch all or
 * nothing, so the batch landed when every value it carried is what REDCap now holds. A record
 * whose values already matched before is not sent again either: sending it would change nothing.
 */
async function landedAlready(
  redcap: Redcap,
  groups: Map<string, ImportRow[]>,
  uncertain: readonly string[],
  recordId: string,
): Promise<Set<string>> {
  const rows = uncertain.flatMap((record) => groups.get(record) ?? []);
  if (rows.length === 0) return new Set();
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((field) => !field.startsWith('redcap_'));
  const stored = await redcap.records.export({ records: uncertain, fields });
  const key = (row: ImportRow): string =>
    [row.redcap_event_name, row.redcap_repeat_instrument, row.redcap_repeat_instance].map((part) => String(part ?? '')).join('\u0000');
  const held = new Map<string, ImportRow>();
  for (const row of stored) held.set(`${String(row[recordId])}\u0000${key(row)}`, row);
  const matches = new Set<string>();
  for (const record of uncertain) {
    const sent = groups.get(record) ?? [];
    const same = sent.every((row) => {
      const now = held.get(`${record}\u0000${key(row)}`);
      return (
        now !== undefined &&
        Object.entries(row).every(([field, value]) => String(value ?? '') === '' || String(now[field] ?? '') === String(value))
      );
    });
    if (same && sent.length > 0) matches.add(record);
  }
  return matches;
}

/**
 * Every problem as one table (or JSON), rows counted from 1 as a spreadsheet does (the header
 * of a CSV file is not counted), as core's own error message counts them.
 */
function printProblems(problems: readonly ImportProblem[], json: boolean): void {
  const shown = problems.map((problem) => ({ ...problem, row: problem.row + 1 }));
  if (json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else process.stdout.write(table(shown, ['row', 'record', 'field', 'value', 'message'], process.stdout.columns));
}

/**
 * `redcap records import <file>`: checks every row first and prints all problems (nothing is sent
 * while there are any), then imports in batches with a progress bar; `--dry-run`,
 * `--continue-on-error` and `--resume <journal>` as their help says.
 *
 * @example
 * ```ts
 * registerRecordsImport(program, records); // redcap records import data.csv --resume data.journal
 * ```
 */
export function registerRecordsImport(program: Command, records: Command): void {
  records
    .command('import')
    .description(
      'Import records from a CSV or JSON file (REDCap field names as columns or keys), or stdin with -. Every row is checked first: with any problem, all of them are printed as a table and nothing is sent.',
    )
    .argument('<file>', 'a .csv file with a header row, a .json file holding an array of rows, or - for stdin')
    .option('--batch-size <n>', 'records per request (all rows of a record go in one batch)', positive, 500)
    .option('--overwrite', 'blank cells erase stored values (REDCap overwriteBehavior=overwrite)')
    .option('--no-validate', 'send without checking the rows first (REDCap still refuses a bad batch)')
    .option('--dry-run', 'check the rows and print what would be sent, without sending anything')
    .option('--continue-on-error', 'when REDCap refuses a batch, go on with the next ones, and list the refused records at the end')
    .option(
      '--resume <journal>',
      'keep a journal of the records that landed in this file; a re-run with the same journal sends only what did not land',
    )
    .action(async (file: string, flags: ImportFlags) => {
      const rows = await readRows(file);
      if (rows.length === 0) throw new UsageError(`${file} holds no rows.`);
      const mode = outputMode(program.opts(), process.stdout);
      const display = createDisplay('imported', process.stderr);
      const redcap = await connect(program.opts(), { onEvent: display.onEvent });
      let recordId = Object.keys(rows[0]!)[0]!;
      let sendable: readonly ImportRow[] = rows;
      let found: ImportProblem[] = [];
      let heldBack = 0;
      if (flags.validate) {
        // Core's own pre-check (REDCap's import rules) against the loaded project: reads only, nothing is imported.
        const project = await redcap.project.load();
        recordId = project.recordIdField;
        const checkable = checkableProject(project);
        found = checkImportRows(checkable, rows);
        if (found.length > 0) {
          const bad = new Set(found.map((problem) => problem.record));
          const rest = flags.continueOnError ? rows.filter((row) => !bad.has(String(row[recordId] ?? ''))) : [];
          // A problem of the columns themselves (an unknown field) is in every row: then no batch could land.
          if (rest.length === 0 || checkImportRows(checkable, rest).length > 0) {
            printProblems(found, mode.json);
            process.stderr.write(
              `${found.length} problem${found.length === 1 ? '' : 's'} in ${file}; nothing was sent. Fix them and run again (or pass --no-validate to let REDCap judge each batch${flags.continueOnError ? '' : ', or --continue-on-error to send the records without problems'}).\n`,
            );
            throw new Reported(ExitCode.DataProblems);
          }
          // In JSON mode the problems go out with the refused batches at the end: one document on stdout.
          if (!mode.json) printProblems(found, false);
          heldBack = bad.size;
          sendable = rest;
          process.stderr.write(
            `${found.length} problem${found.length === 1 ? '' : 's'} in ${file}: the ${heldBack} record${heldBack === 1 ? '' : 's'} with problems ${heldBack === 1 ? 'is' : 'are'} not sent; sending the others (--continue-on-error).\n`,
          );
        }
      }
      const groups = byRecord(sendable, recordId);
      const journal: Journal | undefined = flags.resume ? openJournal(flags.resume) : undefined;
      let skipped = 0;
      if (journal) {
        const uncertain = [...journal.state.uncertain].filter((record) => groups.has(record));
        const verified = await landedAlready(redcap, groups, uncertain, recordId);
        if (verified.size > 0 && !flags.dryRun) journal.landed([...verified]);
        for (const record of [...journal.state.landed, ...verified]) if (groups.delete(record)) skipped++;
        if (skipped > 0) process.stderr.write(`resuming ${journal.path}: ${skipped} records landed before and are not sent again\n`);
      }
      const batches: string[][] = [];
      for (const record of groups.keys()) {
        const last = batches.at(-1);
        if (last && last.length < flags.batchSize) last.push(record);
        else batches.push([record]);
      }
      if (flags.dryRun) {
        const plan = batches.map((batch, index) => ({ batch: index + 1, records: batch.length, first: batch[0], last: batch.at(-1) }));
        if (mode.json) {
          const problems = found.map((problem) => ({ ...problem, row: problem.row + 1 }));
          process.stdout.write(
            `${JSON.stringify({ ...(found.length > 0 ? { problems } : {}), wouldSend: [...groups.values()].flat() }, null, 2)}\n`,
          );
        } else if (plan.length > 0) process.stdout.write(table(plan));
        process.stderr.write(
          `dry run: ${rows.length} rows checked, ${found.length === 0 ? 'no problems' : `${heldBack} records held back by problems`}; would send ${groups.size} records in ${batches.length} batches${skipped ? ` (${skipped} landed before)` : ''}. Nothing was sent.\n`,
        );
        journal?.close();
        if (heldBack > 0) throw new Reported(ExitCode.DataProblems);
        return;
      }
      // Ctrl-C lets the batch in flight finish and be journaled, then stops.
      let interrupted = false;
      const stop = (): void => {
        interrupted = true;
        process.stderr.write('\nstopping after the batch in flight (Ctrl-C again to quit at once)\n');
        process.once('SIGINT', () => process.exit(ExitCode.Interrupted));
      };
      process.once('SIGINT', stop);
      const refused: { records: string; message: string }[] = [];
      let landed = 0;
      let refusedRecords = 0;
      display.total(groups.size);
      try {
        for (const batch of batches) {
          if (interrupted) break;
          journal?.sending(batch);
          try {
            // Checked above, all rows at once; a batch alone is not checked again.
            await redcap.records.import(
              batch.flatMap((record) => groups.get(record)!),
              {
                validate: false,
                recordIdField: recordId,
                ...(flags.overwrite ? { overwriteBehavior: 'overwrite' as const } : {}),
              },
            );
          } catch (error) {
            if (!(flags.continueOnError && error instanceof RedcapApiError)) {
              if (journal)
                process.stderr.write(`the run stopped; ${journal.path} knows what landed: run the same command again to send the rest.\n`);
              else if (landed > 0)
                process.stderr.write(
                  `${landed} records landed before the failure; pass --resume <journal> to be able to send only the rest.\n`,
                );
              throw error;
            }
            journal?.refused(batch, error.redcapMessage);
            refused.push({
              records: batch.length > 3 ? `${batch[0]} ... ${batch.at(-1)} (${batch.length})` : batch.join(', '),
              message: error.redcapMessage,
            });
            refusedRecords += batch.length;
            display.done(landed + refusedRecords);
            continue;
          }
          journal?.landed(batch);
          landed += batch.length;
          display.done(landed + refusedRecords);
        }
      } finally {
        process.removeListener('SIGINT', stop);
        journal?.close();
      }
      display.finish(`imported ${landed} records from ${file}${skipped ? ` (${skipped} had landed before)` : ''}`);
      if (refused.length > 0 || heldBack > 0) {
        const problems = found.map((problem) => ({ ...problem, row: problem.row + 1 }));
        if (mode.json) process.stdout.write(`${JSON.stringify({ problems, refused }, null, 2)}\n`);
        else if (refused.length > 0) process.stdout.write(table(refused, ['records', 'message'], process.stdout.columns));
        const parts = [
          ...(heldBack > 0 ? [`${heldBack} record${heldBack === 1 ? '' : 's'} held back by the pre-check`] : []),
          ...(refused.length > 0
            ? [`REDCap refused ${refused.length} batch${refused.length === 1 ? '' : 'es'} (${refusedRecords} records)`]
            : []),
        ];
        process.stderr.write(`${parts.join('; ')}; the other records landed.\n`);
        throw new Reported(ExitCode.DataProblems);
      }
      if (interrupted) throw new Reported(ExitCode.Interrupted);
    });
}

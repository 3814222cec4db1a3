import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UsageError } from './connection.ts';

/** What a journal says of the records of an import, after reading it back. */
export interface JournalState {
  /** Records whose batch REDCap confirmed. */
  readonly landed: ReadonlySet<string>;
  /** Records of a batch that was sent but whose answer was never recorded (the run stopped): landed or not. */
  readonly uncertain: ReadonlySet<string>;
  /** Records of batches REDCap refused (`--continue-on-error`): sent again on a re-run, once fixed. */
  readonly refused: ReadonlySet<string>;
}

/** One line of a journal: JSON, so that any record name (commas, quotes) survives. */
type Entry =
  | { readonly sending: readonly string[] }
  | { readonly landed: readonly string[] }
  | { readonly refused: readonly string[]; readonly message: string };

/**
 * The journal of a resumable import (`--resume <file>`): append-only, one JSON line per step,
 * written and fsynced before the next step, so that a crash, a kill or Ctrl-C at any moment
 * leaves a file that says which records landed. A batch is journaled as `sending` before its
 * request goes out and as `landed` once REDCap confirms it; a `sending` without its `landed`
 * is uncertain.
 *
 * @example
 * ```ts
 * const journal = openJournal('import.journal');
 * journal.sending(['1', '2']);
 * journal.landed(['1', '2']);
 * journal.close();
 * ```
 */
export interface Journal {
  readonly path: string;
  /** What the file held when it was opened. */
  readonly state: JournalState;
  sending(records: readonly string[]): void;
  landed(records: readonly string[]): void;
  refused(records: readonly string[], message: string): void;
  close(): void;
}

/** Reads a journal's lines; a last line cut short by a crash is ignored, any other bad line refused. */
export function readJournal(path: string): JournalState {
  const landed = new Set<string>();
  const sent = new Set<string>();
  const refused = new Set<string>();
  if (!existsSync(path)) return { landed, uncertain: new Set(), refused };
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      if (index === lines.length - 1) return; // the write the crash interrupted
      throw new UsageError(`${path} line ${index + 1} is not a journal line: is this the journal of a \`redcap records import\`?`);
    }
    if ('sending' in entry) for (const record of entry.sending) sent.add(record);
    else if ('landed' in entry)
      for (const record of entry.landed) {
        landed.add(record);
        refused.delete(record);
      }
    else if ('refused' in entry) for (const record of entry.refused) refused.add(record);
  });
  const uncertain = new Set([...sent].filter((record) => !landed.has(record) && !refused.has(record)));
  return { landed, uncertain, refused };
}

/**
 * Opens (or creates) a journal for appending, after reading what it already holds.
 *
 * @example
 * ```ts
 * const journal = openJournal(flags.resume);
 * const rest = rows.filter((row) => !journal.state.landed.has(String(row.record_id)));
 * ```
 */
export function openJournal(path: string): Journal {
  const state = readJournal(path);
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (error) {
    throw new UsageError(`cannot write the journal ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const append = (entry: Entry): void => {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    // On disk before the next request: what a crash leaves must be true.
    fsyncSync(fd);
  };
  return {
    path,
    state,
    sending: (records) => append({ sending: records }),
    landed: (records) => append({ landed: records }),
    refused: (records, message) => append({ refused: records, message }),
    close: () => closeSync(fd),
  };
}

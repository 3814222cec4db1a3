import type { RedcapEvent } from '@redcap-sdk/core';
import cliProgress from 'cli-progress';

/** What a long command shows on stderr: a bar on a terminal, plain lines otherwise. */
export interface Display {
  /** Sets the records to expect (once known: after the id list of an export). */
  total(records: number): void;
  /** Records done so far. */
  done(records: number): void;
  /** Feeds the client's events: retries and rate-limit waits are shown as they happen. */
  readonly onEvent: (event: RedcapEvent) => void;
  /** Ends the bar and prints the final line. */
  finish(line: string): void;
}

/**
 * A progress display for `verb` (exported, imported) on `stream`. On a terminal it is a
 * cli-progress bar with records done and total, records per second and time left; piped,
 * it prints only the retries, waits and the final line, so logs stay readable.
 *
 * @example
 * ```ts
 * const display = createDisplay('exported', process.stderr);
 * const redcap = connect(flags, { onEvent: display.onEvent });
 * ```
 */
export function createDisplay(verb: string, stream: NodeJS.WriteStream): Display {
  const started = Date.now();
  const tty = stream.isTTY === true;
  const bars = tty
    ? new cliProgress.MultiBar(
        {
          stream,
          format: `${verb} {value}/{total} records | {bar} | {rate} rec/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let bar: cliProgress.SingleBar | undefined;
  let count = 0;
  const rate = (): string => String(Math.round(count / Math.max((Date.now() - started) / 1000, 0.001)));
  const say = (line: string): void => {
    if (bars) bars.log(`${line}\n`);
    else stream.write(`${line}\n`);
  };
  return {
    total(records) {
      if (bars && !bar) bar = bars.create(records, 0, { rate: '0' });
      else bar?.setTotal(records);
    },
    done(records) {
      count = records;
      bar?.update(records, { rate: rate() });
    },
    onEvent(event) {
      if (event.type === 'retry')
        say(`retrying ${event.method} (attempt ${event.attempt}, after ${event.reason}; waited ${(event.delay / 1000).toFixed(1)} s)`);
      if (event.type === 'rate-limit:wait') {
        const why = event.reason === '429' ? 'REDCap answered 429 Too Many Requests' : 'the per-minute request budget is spent';
        say(`waiting ${(event.ms / 1000).toFixed(1)} s: ${why}`);
      }
    },
    finish(line) {
      bars?.stop();
      stream.write(`${line} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

import {
  RedcapApiError,
  RedcapBatchError,
  RedcapError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapResponseError,
  RedcapTimeoutError,
  RedcapValidationError,
} from '@redcap-sdk/core';
import { CommanderError } from 'commander';
import { UsageError } from './connection.ts';
import { ExitCode } from './exit-codes.ts';
import type { Colors } from './output.ts';

/** What to try next, by kind of failure: the line after REDCap's message. */
function hintOf(error: unknown): string | undefined {
  const inner = error instanceof RedcapBatchError && error.cause instanceof RedcapError ? error.cause : error;
  if (inner instanceof RedcapApiError) {
    if (inner.status === 401 || inner.status === 403)
      return 'check the token (and that its user has API rights for this project), and the URL.';
    return 'REDCap refused the request: the message above is its own. Fix the data or parameters it names.';
  }
  if (inner instanceof RedcapTimeoutError) return 'REDCap did not answer in time: try smaller batches (--batch-size) or retry later.';
  if (inner instanceof RedcapNetworkError) return 'check the URL and your network connection (a VPN?), then retry.';
  if (inner instanceof RedcapHttpError)
    return 'the server answered with an HTTP error: check that the URL is the API endpoint (it ends in /api/).';
  if (inner instanceof RedcapResponseError)
    return 'the answer was not what REDCap sends: check that the URL is the API endpoint (it ends in /api/).';
  if (inner instanceof RedcapValidationError) return 'see `--help` of the command for its flags.';
  if (inner instanceof RedcapError) return 'retry with --debug for details.';
  return undefined;
}

/**
 * Prints a failed command's error as `error: <message>` (REDCap's own message for REDCap's
 * refusals) and a hint, with a stack trace only under `--debug`, and returns the exit code.
 * Core's errors never hold the token, so the message is printed as it is.
 *
 * @example
 * ```ts
 * program.parseAsync().catch((error) => (process.exitCode = reportError(error, write, colors, debug)));
 * ```
 */
export function reportError(error: unknown, write: (text: string) => void, c: Colors, debug: boolean): number {
  const code = (error as { code?: unknown }).code;
  if (error instanceof CommanderError) {
    // Commander printed its own message (and the help) already.
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return ExitCode.Ok;
    return ExitCode.Usage;
  }
  if ((error as { name?: unknown }).name === 'Reported') return (error as { code: number }).code;
  const message = error instanceof Error ? error.message : String(error);
  write(`${c.red('error:')} ${message}\n`);
  if (error instanceof RedcapBatchError) {
    write(
      `  landed: ${error.landed.length}, refused: ${error.failed.length}, unknown: ${error.uncertain.length}, not sent: ${error.notSent.length}\n`,
    );
  }
  const hint = hintOf(error);
  if (hint) write(`${c.yellow('hint:')} ${hint}\n`);
  if (debug && error instanceof Error && error.stack) write(`${c.dim(error.stack)}\n`);
  else if (!(error instanceof UsageError) && !(error instanceof RedcapError))
    write(`${c.dim('(run with --debug to see where it failed)')}\n`);
  const usage =
    error instanceof UsageError || error instanceof RedcapValidationError || (error as { name?: unknown }).name === 'InvalidArgumentError';
  return usage ? ExitCode.Usage : ExitCode.Failed;
}

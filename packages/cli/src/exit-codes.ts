/**
 * The exit codes of `redcap`, as its `--help` and the README list them.
 *
 * @example
 * ```ts
 * process.exitCode = ExitCode.Usage;
 * ```
 */
export const ExitCode = {
  /** Everything asked for was done (every record arrived). */
  Ok: 0,
  /** REDCap or the network failed, or not every record arrived. */
  Failed: 1,
  /** The command was called or configured wrongly (flags, profile, token); nothing was sent. */
  Usage: 2,
  /** The data has problems: the pre-check found some (nothing was sent), or REDCap refused batches (`--continue-on-error`). */
  DataProblems: 3,
  /** Interrupted (Ctrl-C) after the batch in flight; a `--resume` journal knows what landed. */
  Interrupted: 130,
} as const;

/** The `--help` epilog that lists the exit codes. */
export const exitCodesHelp = `
Exit codes:
  0    done: everything asked for was done (every record arrived)
  1    REDCap or the network failed, or not every record arrived
  2    the command was called or configured wrongly; nothing was sent
  3    the data has problems: the pre-check found some (nothing was sent),
       or REDCap refused batches (--continue-on-error)
  130  interrupted (Ctrl-C); a --resume journal knows what landed

Connection: --url/--token, REDCAP_URL/REDCAP_TOKEN, or a profile of the config file
(REDCAP_CONFIG, else ~/.config/redcap/config.json, mode 600). Colours only on a terminal, never with NO_COLOR.`;

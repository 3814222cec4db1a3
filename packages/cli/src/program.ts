import { Command } from 'commander';
import { commands } from './commands/index.ts';

/**
 * The `redcap` command as a commander program, with every subcommand registered. Exported so that
 * tests and other tools can run it in-process: `await createProgram().parseAsync(argv, { from: 'user' })`.
 *
 * @example
 * ```ts
 * import { createProgram } from '@redcap-sdk/cli';
 *
 * await createProgram().parseAsync(['mock', '--port', '8080'], { from: 'user' });
 * ```
 */
export function createProgram(): Command {
  const program = new Command('redcap')
    .description("REDCap's API from a terminal: exports, imports, every method, and an offline REDCap to try them on.")
    .option('--url <url>', 'the API endpoint (else REDCAP_URL, else the profile)')
    .option('--token <token>', 'the API token: other users can see it in the process list; prefer REDCAP_TOKEN or a profile')
    .option('--profile <name>', 'a profile of the config file (else REDCAP_PROFILE, else "default")')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  for (const register of commands) register(program);
  return program;
}

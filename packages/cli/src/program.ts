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
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  for (const register of commands) register(program);
  return program;
}

import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { commands } from './commands/index.ts';
import { exitCodesHelp } from './exit-codes.ts';

/** The package's version, from its package.json (read at run time: the build bundles no JSON). */
const version: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

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
    .option('--json', 'print results as JSON, also on a terminal (they are JSON when piped)')
    .option('--debug', 'print stack traces of errors')
    .version(version, '-V, --version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true })
    .addHelpText('after', exitCodesHelp);
  for (const register of commands) register(program);
  // Usage errors (unknown flags, bad values) end in exit code 2, from every subcommand, not commander's process.exit(1).
  const override = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) override(sub);
  };
  override(program);
  return program;
}

import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { type Command, InvalidArgumentError } from 'commander';

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expected a port number (0 to 65535).');
  return number;
}

/**
 * `redcap mock`: serves the REDCap simulator over HTTP on a local port until interrupted, and
 * prints its URL and tokens (a simulated project's, never a real one).
 *
 * @example
 * ```ts
 * registerMock(program); // redcap mock --port 8080 --project classic
 * ```
 */
export function registerMock(program: Command): void {
  program
    .command('mock')
    .description('Serve the REDCap simulator (@redcap-sdk/mock) on a local port, for trying the command and testing scripts offline.')
    .option('--port <port>', 'port to listen on (0: any free port)', port, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--project <kind>', 'the fixture project: longitudinal or classic', 'longitudinal')
    .action(async (options: { port: number; host: string; project: string }) => {
      if (options.project !== 'longitudinal' && options.project !== 'classic') {
        throw new InvalidArgumentError(`--project must be longitudinal or classic, not ${JSON.stringify(options.project)}.`);
      }
      const mock = createMockRedcap({
        project: options.project,
        // What the simulator cannot do as REDCap would (a calc it cannot evaluate) goes to stderr, never into an answer.
        onDiagnostic: (diagnostic) => console.error(`redcap mock: ${diagnostic.message}`),
      });
      const server = await startMockServer(mock, { port: options.port, host: options.host });
      console.log(`REDCap simulator (${options.project} project) listening at ${server.url}`);
      console.log(`Token: ${mock.token}`);
      console.log(`Super token (Create Project): ${mock.superToken}`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

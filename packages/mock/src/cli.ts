#!/usr/bin/env node
/// <reference types="node" />
import { createMockRedcap } from './mock.ts';
import { startMockServer } from './server.ts';

const usage = 'Usage: redcap-mock [--port 8080] [--host 127.0.0.1] [--project longitudinal|classic]';

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index !== -1) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

async function main(args: readonly string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return;
  }
  const project = option(args, '--project') ?? 'longitudinal';
  if (project !== 'longitudinal' && project !== 'classic') throw new Error(`--project must be longitudinal or classic.\n${usage}`);
  const portText = option(args, '--port') ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number.\n${usage}`);
  const host = option(args, '--host') ?? '127.0.0.1';
  // What the simulator cannot simulate (a calc formula it does not implement) goes to stderr, never into an answer.
  const mock = createMockRedcap({ project, onDiagnostic: (diagnostic) => console.error(`redcap-mock: ${diagnostic.message}`) });
  const server = await startMockServer(mock, { port, host });
  console.log(`REDCap simulator (${project} project) listening at ${server.url}`);
  console.log(`Token: ${mock.token}`);
  console.log(`Super token (Create Project): ${mock.superToken}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

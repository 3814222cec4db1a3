import { readFile } from 'node:fs/promises';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap, FAULT_KINDS, type Fault, type FaultKind, type FaultRule, type ProjectFixture } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../connection.ts';
import { generatedProject } from '../generated-project.ts';

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expected a port number (0 to 65535).');
  return number;
}

function count(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number (0 or more).');
  return number;
}

/**
 * `--faults reset:0.05,gateway:0.02,rate-limit` as fault rules: each kind with the chance (0 to 1)
 * that a request gets it, 1 when left out. Applied in that order; the first that fires wins.
 *
 * @example
 * ```ts
 * faultRules('reset:0.1'); // [{ fault: { kind: 'reset' }, probability: 0.1 }]
 * ```
 */
export function faultRules(spec: string): FaultRule[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [kind = '', chance] = part.split(':');
      if (!FAULT_KINDS.includes(kind as FaultKind) || kind === 'latency' || kind === 'redirect')
        throw new InvalidArgumentError(
          `unknown fault ${JSON.stringify(kind)}; one of ${FAULT_KINDS.filter((k) => k !== 'latency' && k !== 'redirect').join(', ')} (use --latency for delays).`,
        );
      const probability = chance === undefined ? 1 : Number(chance);
      if (!(probability >= 0 && probability <= 1))
        throw new InvalidArgumentError(`the chance of ${kind} must be from 0 to 1, not ${chance}.`);
      // A rate-limit fault says when to come back, as a proxy would.
      const fault = (kind === 'rate-limit' ? { kind, retryAfter: 1 } : { kind }) as Fault;
      return { fault, probability };
    });
}

/** A fixture file: our fixture JSON (a ProjectFixture), or a REDCap project XML (CDISC ODM, as Export Project XML writes it). */
async function readFixture(path: string): Promise<{ fixture?: ProjectFixture; xml?: string }> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('<')) return { xml: trimmed };
  try {
    return { fixture: JSON.parse(trimmed) as ProjectFixture };
  } catch (error) {
    throw new UsageError(`${path} is neither REDCap project XML nor fixture JSON: ${(error as Error).message}`);
  }
}

interface MockFlags {
  readonly port: number;
  readonly host: string;
  readonly project: string;
  readonly records?: number;
  readonly fixture?: string;
  readonly latency?: number;
  readonly faults?: FaultRule[];
  readonly seed?: number;
}

/**
 * `redcap mock`: serves the REDCap simulator over HTTP on a local port until interrupted, and
 * prints its URL and tokens (a simulated project's, never a real one). It replaces `redcap-mock`.
 *
 * @example
 * ```ts
 * registerMock(program); // redcap mock --records 200000 --latency 20 --faults reset:0.01
 * ```
 */
export function registerMock(program: Command): void {
  program
    .command('mock')
    .description('Serve the REDCap simulator (@redcap-sdk/mock) on a local port, for trying the command and testing scripts offline.')
    .option('--port <port>', 'port to listen on (0: any free port)', port, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--project <kind>', 'the built-in project: longitudinal or classic', 'longitudinal')
    .option('--records <n>', 'a generated classic project of n records x 20 fields instead', count)
    .option('--fixture <file>', 'the project from a file: REDCap project XML (Export Project XML) or our fixture JSON')
    .option('--latency <ms>', 'delay every answer by this many milliseconds', count)
    .option('--faults <mix>', 'a fault mix, e.g. reset:0.05,gateway:0.02,rate-limit:0.01 (kind:chance)', faultRules)
    .option('--seed <n>', 'seed of the fault draws (the same seed injects the same faults)', count)
    .action(async (options: MockFlags) => {
      if (options.project !== 'longitudinal' && options.project !== 'classic') {
        throw new UsageError(`--project must be longitudinal or classic, not ${JSON.stringify(options.project)}.`);
      }
      if (options.records !== undefined && options.fixture !== undefined) throw new UsageError('give --records or --fixture, not both.');
      const file = options.fixture ? await readFixture(options.fixture) : {};
      const project = options.records !== undefined ? generatedProject(options.records) : (file.fixture ?? options.project);
      // Latency first: it delays the answer and lets the other faults of the mix still apply to other requests.
      const faults: FaultRule[] = [
        ...(options.faults ?? []),
        ...(options.latency ? [{ fault: { kind: 'latency', ms: options.latency } as const }] : []),
      ];
      const mock = createMockRedcap({
        project,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        // What the simulator cannot do as REDCap would (a calc it cannot evaluate) goes to stderr, never into an answer.
        onDiagnostic: (diagnostic) => console.error(`redcap mock: ${diagnostic.message}`),
      });
      const server = await startMockServer(mock, { port: options.port, host: options.host });
      let token = mock.token;
      let described = options.records !== undefined ? `a generated project of ${options.records} records` : `${options.project} project`;
      if (file.xml !== undefined) {
        // Create Project with the XML, as REDCap itself would: the new project is the one served.
        const admin = createRedcap({ url: server.url, token: mock.superToken, retry: false });
        token = await admin.project.create({ project_title: 'From XML', purpose: 0 }, { odm: file.xml });
        described = `project from ${options.fixture}`;
      } else if (file.fixture) described = `project from ${options.fixture}`;
      // Faults only once the project stands: Create Project above is not one of the requests to spoil.
      for (const rule of faults) mock.inject(rule.fault, rule);
      console.log(`REDCap simulator (${described}) listening at ${server.url}`);
      console.log(`Token: ${token}`);
      console.log(`Super token (Create Project): ${mock.superToken}`);
      if (faults.length > 0)
        console.log(
          `Faults: ${faults.map((rule) => `${rule.fault.kind}${rule.probability !== undefined ? `:${rule.probability}` : ''}`).join(', ')}`,
        );
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * The built `redcap` command under the runtime that runs this script (Deno or Bun; Node too), as a
 * user would start it there, against the simulator served over HTTP by this same script:
 *
 *   deno run -A packages/cli/test/runtimes/smoke.ts     (runs: deno run -A packages/cli/dist/cli.js ...)
 *   bun packages/cli/test/runtimes/smoke.ts             (runs: bun packages/cli/dist/cli.js ...)
 *
 * Prints one line per check and `N passed, N failed`; exits 1 on any failure.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';

const runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
// How this runtime runs a script: Deno needs `run` and its permissions, Bun and Node take the file.
const prefix = runtime === 'deno' ? ['run', '-A'] : [];
const dir = mkdtempSync(join(tmpdir(), 'redcap-cli-smoke-'));

const mock = createMockRedcap({ project: 'classic' });
const server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
const env = {
  PATH: process.env.PATH ?? '',
  HOME: dir,
  REDCAP_CONFIG: join(dir, 'none.json'),
  REDCAP_URL: server.url,
  REDCAP_TOKEN: mock.token,
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function redcap(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...prefix, cli, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let passed = 0;
let failed = 0;
async function check(name: string, body: () => Promise<string | undefined>): Promise<void> {
  let problem: string | undefined;
  try {
    problem = await body();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem === undefined) passed++;
  else failed++;
  console.log(`${problem === undefined ? 'ok  ' : 'FAIL'} ${runtime}: ${name}${problem === undefined ? '' : `\n     ${problem}`}`);
}

const sdk = createRedcap({ url: server.url, token: mock.token });
const leaked = (run: Run): string | undefined => (`${run.stdout}${run.stderr}`.includes(mock.token) ? 'the token was printed' : undefined);

await check('info prints the project as JSON', async () => {
  const run = await redcap('info', '--json');
  if (run.code !== 0) return `exit ${run.code}: ${run.stderr}`;
  const info = JSON.parse(run.stdout) as { title: string; records: number; server: string };
  if (info.title !== 'SDK Classic Demo' || info.records !== 3 || !info.server.startsWith('REDCap '))
    return `unexpected info: ${run.stdout}`;
  return leaked(run);
});

await check('records export --format csv -o streams the CSV REDCap gives', async () => {
  const out = join(dir, 'out.csv');
  const run = await redcap('records', 'export', '--format', 'csv', '--batch-size', '2', '-o', out);
  if (run.code !== 0) return `exit ${run.code}: ${run.stderr}`;
  if (readFileSync(out, 'utf8') !== (await sdk.records.export({ format: 'csv' }))) return 'the file is not the export';
  return leaked(run);
});

await check('records import of a bad row prints the problem, sends nothing, exits 3', async () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'record_id,age\n90,forty\n');
  const run = await redcap('records', 'import', file);
  if (run.code !== 3) return `exit ${run.code}: ${run.stderr}`;
  if (!run.stdout.includes('The value of age must be an integer.')) return `no problem listed: ${run.stdout}`;
  if ((await sdk.records.export({ records: ['90'] })).length !== 0) return 'record 90 was imported';
  return leaked(run);
});

await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/**
 * The built `redcap` command run by Deno or Bun against the simulator over HTTP: `info`,
 * a CSV export to a file, and a pre-checked import that sends nothing.
 *
 *   deno run --no-prompt -A packages/cli/test/runtimes/run-cli.ts
 *   bun packages/cli/test/runtimes/run-cli.ts
 *
 * Prints one line per check and `N passed, N failed`; exits 1 on any failure.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';

declare const Deno: { execPath(): string } | undefined;

const cli = join(import.meta.dirname ?? '.', '../../dist/cli.js');
// The command runs in the runtime that runs this script: `deno run -A cli.js` or `bun cli.js`.
const command: [string, string[]] =
  typeof Deno !== 'undefined' ? [Deno.execPath(), ['run', '--no-prompt', '-A', cli]] : [process.execPath, [cli]];

const mock = createMockRedcap({ project: 'classic' });
const server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
const dir = mkdtempSync(join(tmpdir(), 'redcap-cli-runtime-'));
const env = {
  PATH: process.env.PATH ?? '',
  HOME: dir,
  REDCAP_CONFIG: join(dir, 'none.json'),
  REDCAP_URL: server.url,
  REDCAP_TOKEN: mock.token,
};

function redcap(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command[0], [...command[1], ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let passed = 0;
let failed = 0;
async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${(error as Error).message}`);
  }
}
function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

await check('redcap info --json names the server and the project', async () => {
  const run = await redcap(['info', '--json']);
  expect(run.code === 0, `exit ${run.code}: ${run.stderr}`);
  const info = JSON.parse(run.stdout) as { server: string; records: number; longitudinal: boolean };
  expect(/^REDCap \d+\.\d+\.\d+$/.test(info.server) && info.records === 3 && info.longitudinal === false, run.stdout);
  expect(!`${run.stdout}${run.stderr}`.includes(mock.token), 'the token was printed');
});

await check('redcap records export --format csv -o writes REDCap’s CSV', async () => {
  const out = join(dir, 'all.csv');
  const run = await redcap(['records', 'export', '--format', 'csv', '-o', out]);
  expect(run.code === 0, `exit ${run.code}: ${run.stderr}`);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  expect(lines[0]!.startsWith('record_id,'), lines[0]!);
  expect(lines.length > 3, `${lines.length} lines`);
});

await check('redcap records import of bad rows prints every problem, sends nothing, exits 3', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(
    file,
    JSON.stringify([
      { record_id: '90', age: 'abc' },
      { record_id: '91', no_such_field: 'x' },
    ]),
  );
  const run = await redcap(['records', 'import', file]);
  expect(run.code === 3, `exit ${run.code}: ${run.stderr}`);
  expect(run.stdout.includes('The value of age must be an integer.') && run.stdout.includes('no_such_field'), run.stdout);
  const stored = await createRedcap({ url: server.url, token: mock.token }).records.export({ records: ['90', '91'] });
  expect(stored.length === 0, 'nothing was sent');
});

await server.close();
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exit(1);

// The built `redcap` command against the simulator over HTTP: what a user sees on stdout, stderr and disk.
import { ok, strictEqual, deepStrictEqual } from 'node:assert';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';

const cli = join(import.meta.dirname, '../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'redcap-cli-'));
const mock = createMockRedcap({ project: 'classic' });
let server: { readonly url: string; close(): Promise<void> };

before(async () => {
  server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
});
after(() => server.close());

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command with only the environment given (no REDCap settings of the machine leak in). */
function redcap(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { PATH: process.env.PATH ?? '', HOME: dir, REDCAP_CONFIG: join(dir, 'none.json') };
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...base, ...env } }, (error, stdout, stderr) => {
      const run = { code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr };
      // Whatever the command did, the token never appears in what it printed.
      ok(!`${stdout}${stderr}`.includes(mock.token), `the token was printed:\n${stderr}`);
      resolve(run);
    });
  });
}

const connection = (): Record<string, string> => ({ REDCAP_URL: server.url, REDCAP_TOKEN: mock.token });
const sdk = () => createRedcap({ url: server.url, token: mock.token });

test('records export --format csv -o writes the CSV REDCap gives, batched, and says how many records', async () => {
  const out = join(dir, 'out.csv');
  const run = await redcap(['records', 'export', '--format', 'csv', '--batch-size', '2', '-o', out], connection());
  strictEqual(run.code, 0, run.stderr);
  strictEqual(readFileSync(out, 'utf8'), await sdk().records.export({ format: 'csv' }));
  strictEqual(run.stdout, '');
  ok(/exported 3 records in 2 batches to .*out\.csv in \d+\.\d s/.test(run.stderr), run.stderr);
});

test('records export -o writes JSON and NDJSON files whose rows are what the simulator holds', async () => {
  const held = await sdk().records.export();
  const json = join(dir, 'out.json');
  const asJson = await redcap(['records', 'export', '--format', 'json', '--batch-size', '1', '-o', json], connection());
  strictEqual(asJson.code, 0, asJson.stderr);
  deepStrictEqual(JSON.parse(readFileSync(json, 'utf8')), held);
  const ndjson = join(dir, 'out.ndjson');
  const asLines = await redcap(['records', 'export', '--format', 'ndjson', '--batch-size', '2', '-o', ndjson], connection());
  strictEqual(asLines.code, 0, asLines.stderr);
  const text = readFileSync(ndjson, 'utf8');
  ok(text.endsWith('\n'), 'one row a line, the last one ended too');
  deepStrictEqual(
    text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown),
    held,
  );
});

test('records export writes a JSON array to stdout, with the filters given', async () => {
  const run = await redcap(['records', 'export', '--fields', 'record_id,age', '--records', '1,2', '--batch-size', '1'], connection());
  strictEqual(run.code, 0, run.stderr);
  const rows = JSON.parse(run.stdout) as Record<string, string>[];
  deepStrictEqual([...new Set(rows.map((row) => row.record_id))], ['1', '2']);
  ok('age' in rows[0]! && !('name' in rows[0]!), `only the fields asked for: ${Object.keys(rows[0]!).join(', ')}`);
});

test('records import reads CSV (quotes, a line break in a cell, a BOM) and the records land', async () => {
  const file = join(dir, 'in.csv');
  writeFileSync(file, '\uFEFFrecord_id,name\r\n21,"Ray, ""R""\nSmith"\r\n22,Ida\r\n');
  const run = await redcap(['records', 'import', file, '--batch-size', '1'], connection());
  strictEqual(run.code, 0, run.stderr);
  ok(/imported 2 records from .*in\.csv/.test(run.stderr), run.stderr);
  const rows = await sdk().records.export({ records: ['21', '22'], fields: ['record_id', 'name'] });
  deepStrictEqual(
    rows.map((row) => row.name),
    ['Ray, "R"\nSmith', 'Ida'],
  );
});

test('records import of a file with bad rows prints every problem with REDCap’s message, sends nothing and exits 3', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(
    file,
    JSON.stringify([
      { record_id: '30', no_such_field: 'x' },
      { record_id: '', name: 'y' },
    ]),
  );
  // A fault that changes nothing, only to count the import requests that reach the simulator.
  const imports = mock.inject({ kind: 'latency', ms: 0 }, { match: { content: 'record', action: 'import' } });
  const run = await redcap(['records', 'import', file], connection());
  strictEqual(run.code, 3, run.stderr);
  ok(run.stdout.includes('The following fields were not found in the project as real data fields: no_such_field'), run.stdout);
  ok(run.stdout.includes('The record name cannot be empty.'), run.stdout);
  ok(run.stderr.includes('nothing was sent'), run.stderr);
  strictEqual(imports.applied, 0, 'no import request reached the simulator');
  imports.remove();
  strictEqual((await sdk().records.export({ records: ['30'] })).length, 0);
  ok(run.stdout.includes('no_such_field'), run.stdout);
  ok(!run.stderr.includes('    at '), 'no stack trace without --debug');
});

test('a profile file that other users can read is refused; at mode 600 it is used', async () => {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ profiles: { study: { url: server.url, token: mock.token } } }));
  chmodSync(config, 0o644);
  const refused = await redcap(['--profile', 'study', 'records', 'export', '--format', 'csv'], { REDCAP_CONFIG: config });
  strictEqual(refused.code, 2);
  ok(refused.stderr.includes('other users can read it') && refused.stderr.includes('chmod 600'), refused.stderr);
  strictEqual(refused.stdout, '');
  chmodSync(config, 0o600);
  const used = await redcap(['--profile', 'study', 'records', 'export', '--format', 'csv'], { REDCAP_CONFIG: config });
  strictEqual(used.code, 0, used.stderr);
  strictEqual(used.stdout, await sdk().records.export({ format: 'csv' }));
});

test('--token works and warns that the process list shows it', async () => {
  const run = await redcap(['--url', server.url, '--token', mock.token, 'records', 'export', '--records', '1']);
  strictEqual(run.code, 0, run.stderr);
  ok(run.stderr.includes('other users of this machine in the process list'), run.stderr);
});

test('without a URL or token the command says where to put them and exits 2', async () => {
  const run = await redcap(['records', 'export']);
  strictEqual(run.code, 2);
  ok(run.stderr.includes('no REDCap URL: pass --url, set REDCAP_URL'), run.stderr);
});

test('a wrong token prints REDCap’s refusal with a hint, not a stack', async () => {
  const run = await redcap(['records', 'export'], { REDCAP_URL: server.url, REDCAP_TOKEN: 'A'.repeat(32) });
  strictEqual(run.code, 1);
  ok(/^error: .+/m.test(run.stderr) && run.stderr.includes('hint:'), run.stderr);
  ok(!run.stderr.includes('    at '), run.stderr);
});

test('a generated method subcommand takes kebab-case flags and prints JSON', async () => {
  const run = await redcap(['instruments', 'export'], connection());
  strictEqual(run.code, 0, run.stderr);
  deepStrictEqual(
    (JSON.parse(run.stdout) as { instrument_name: string }[]).map((row) => row.instrument_name),
    (await sdk().instruments.export()).map((row) => row.instrument_name),
  );
  const renamed = await redcap(['records', 'rename', '--record', '22', '--new-record-name', '23'], connection());
  strictEqual(renamed.code, 0, renamed.stderr);
  deepStrictEqual(
    (await sdk().records.export({ records: ['23'], fields: ['record_id'] })).map((row) => row.record_id),
    ['23'],
  );
});

test('a generated import subcommand reads its data from a file or stdin', async () => {
  const file = join(dir, 'users.json');
  writeFileSync(file, JSON.stringify([{ username: 'zed', email: 'zed@example.org' }]));
  const run = await redcap(['users', 'import', file], connection());
  strictEqual(run.code, 0, run.stderr);
  strictEqual(run.stdout.trim(), '1');
  ok((await sdk().users.export()).some((user) => user.username === 'zed'));
});

test('a generated subcommand refuses an unknown parameter, naming it, with exit 2', async () => {
  const run = await redcap(['instruments', 'export', '--colour', 'red'], connection());
  strictEqual(run.code, 2);
  ok(run.stderr.includes('`colour`'), run.stderr);
});

test('--help of a generated subcommand shows the method and how parameters are given', async () => {
  const run = await redcap(['records', 'rename', '--help']);
  strictEqual(run.code, 0);
  ok(run.stdout.includes('Usage: redcap records rename'), run.stdout);
  ok(run.stdout.includes('Rename Record (REDCap content=record, action=rename'), run.stdout);
  ok(run.stdout.includes('kebab-case flags'), run.stdout);
});

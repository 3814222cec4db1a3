// The built `redcap` command against the simulator over HTTP: hostile download names,
// --continue-on-error, and a --resume after the process is killed half way.
import { ok, strictEqual, deepStrictEqual } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';

const cli = join(import.meta.dirname, '../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'redcap-cli-files-'));
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

const env = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  REDCAP_CONFIG: join(dir, 'none.json'),
  REDCAP_URL: server.url,
  REDCAP_TOKEN: mock.token,
});

function redcap(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: env() }, (error, stdout, stderr) => {
      ok(!`${stdout}${stderr}`.includes(mock.token), 'the token was printed');
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const sdk = () => createRedcap({ url: server.url, token: mock.token });

/** How many times each record was sent in a records import, from the simulator's own log of requests. */
function importsPerRecord(requests: readonly { records: readonly string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) for (const record of request.records) counts.set(record, (counts.get(record) ?? 0) + 1);
  return counts;
}

/** Counts the records each import request carries, as the simulator received them. */
function countImports(): { readonly requests: { records: string[] }[]; stop(): void } {
  const requests: { records: string[] }[] = [];
  const handle = mock.handle.bind(mock);
  const original = mock.handle;
  (mock as { handle: typeof mock.handle }).handle = async (request: Request) => {
    const form = await request.clone().formData();
    if (form.get('content') === 'record' && form.get('action') === 'import') {
      const rows = JSON.parse(String(form.get('data'))) as { record_id: string }[];
      requests.push({ records: [...new Set(rows.map((row) => row.record_id))] });
    }
    return handle(request);
  };
  return { requests, stop: () => ((mock as { handle: typeof mock.handle }).handle = original) };
}

for (const stored of ['../../escaped.pdf', 'CON', 'line\nbreak.pdf']) {
  test(`files download of a file stored as ${JSON.stringify(stored)} saves a safe name inside the directory, and never overwrites unless asked`, async () => {
    const target = { record: '1', field: 'prescription', repeatInstance: 1 };
    await sdk().files.import({ ...target, file: new File(['%PDF scan'], stored, { type: 'application/pdf' }) });
    const into = mkdtempSync(join(dir, 'downloads-'));
    const args = ['files', 'download', '--record', '1', '--field', 'prescription', '--repeat-instance', '1', '-d', into];
    const first = await redcap(args);
    strictEqual(first.code, 0, first.stderr);
    const saved = readdirSync(into);
    strictEqual(saved.length, 1, `one file in the directory: ${saved.join(', ')}`);
    const name = saved[0]!;
    ok(!/[/\\\n\r]/.test(name) && !name.startsWith('.') && name.toUpperCase() !== 'CON', `a safe name: ${JSON.stringify(name)}`);
    strictEqual(readFileSync(join(into, name), 'utf8'), '%PDF scan');
    strictEqual(first.stdout.trim(), join(into, name));
    ok(!existsSync(join(dir, 'escaped.pdf')) && !existsSync(join(into, '..', 'escaped.pdf')), 'nothing written outside the directory');
    // Multipart escapes a line break in a file name (%0A) on the way up, so compare with what REDCap stored.
    const { storedName } = await sdk().files.export(target);
    if (storedName !== name) ok(first.stderr.includes(`REDCap stored it as ${JSON.stringify(storedName)}`), first.stderr);
    const again = await redcap(args);
    strictEqual(again.code, 2, again.stderr);
    ok(again.stderr.includes('--overwrite'), again.stderr);
    strictEqual((await redcap([...args, '--overwrite'])).code, 0);
  });
}

test('records import --continue-on-error lands every good batch, lists the refused ones and exits 3', async () => {
  const file = join(dir, 'mixed.json');
  // Batches of 2: records 200-201, 202-203 (203 refused by REDCap: not a date), 204-205.
  const rows = ['200', '201', '202', '203', '204', '205'].map((id) => ({
    record_id: id,
    name: `P${id}`,
    ...(id === '203' ? { dob: '2023-02-30' } : {}),
  }));
  writeFileSync(file, JSON.stringify(rows));
  // --no-validate: the pre-check would find the bad date and send nothing; here REDCap judges each batch.
  const run = await redcap(['records', 'import', file, '--batch-size', '2', '--no-validate', '--continue-on-error']);
  strictEqual(run.code, 3, run.stderr);
  ok(run.stdout.includes('202, 203'), run.stdout);
  ok(run.stdout.includes('Invalid date format'), run.stdout);
  ok(run.stderr.includes('REDCap refused 1 batch; the other batches landed.'), run.stderr);
  const landed = (await sdk().records.export({ records: rows.map((row) => row.record_id), fields: ['record_id'] })).map(
    (row) => row.record_id,
  );
  deepStrictEqual([...new Set(landed)].sort(), ['200', '201', '204', '205']);
});

test('records import --resume: killed half way, the re-run sends only what did not land, no record twice', async () => {
  const file = join(dir, 'many.json');
  const ids = Array.from({ length: 40 }, (_, i) => String(1000 + i));
  writeFileSync(file, JSON.stringify(ids.map((id) => ({ record_id: id, name: `P${id}` }))));
  const journal = join(dir, 'many.journal');
  const counter = countImports();
  // Each import answer is slowed, so that the process is killed with some batches landed and some not.
  const slow = mock.inject({ kind: 'latency', ms: 150 }, { match: { content: 'record', action: 'import' } });
  try {
    const child = spawn(process.execPath, [cli, 'records', 'import', file, '--batch-size', '4', '--no-validate', '--resume', journal], {
      env: env(),
      stdio: 'ignore',
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (counter.requests.length >= 4) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 10);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const before = (await sdk().records.export({ records: ids, fields: ['record_id'] })).length;
    ok(before > 0 && before < ids.length, `killed half way: ${before} of ${ids.length} records had landed`);
    slow.remove();
    const rerun = await redcap(['records', 'import', file, '--batch-size', '4', '--no-validate', '--resume', journal]);
    strictEqual(rerun.code, 0, rerun.stderr);
    ok(/resuming .*: \d+ records landed before/.test(rerun.stderr), rerun.stderr);
  } finally {
    slow.remove();
    counter.stop();
  }
  const stored = (await sdk().records.export({ records: ids, fields: ['record_id'] })).map((row) => row.record_id);
  deepStrictEqual([...new Set(stored)].sort(), ids, 'every record arrived');
  const twice = [...importsPerRecord(counter.requests)].filter(([, count]) => count > 1);
  deepStrictEqual(twice, [], 'no record was sent twice');
});

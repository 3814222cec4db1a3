// `redcap records import` against the simulator over HTTP: the pre-check sends nothing, --continue-on-error sends the rest.
import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { redcap, scratch, writesByRecord } from './support.ts';

const dir = scratch();
const mock = createMockRedcap({ project: 'classic' });
let server: { readonly url: string; close(): Promise<void> };

before(async () => {
  server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
});
after(() => server.close());

const env = (): Record<string, string> => ({ REDCAP_URL: server.url, REDCAP_TOKEN: mock.token });
const run = (args: readonly string[]) => redcap(mock, dir, args, env());
const sdk = () => createRedcap({ url: server.url, token: mock.token, retry: false });

interface Problem {
  readonly row: number;
  readonly record: string;
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

// One problem of each kind a data manager meets, in different rows (REDCap's own texts, reference §4.4).
const badCsv = [
  'record_id,name,age,dob,sex,smoker',
  '40,Ann,41,1983-02-01,0,1', // fine
  '41,Bob,forty,1983-02-01,1,0', // age is an integer field
  '42,Cy,30,1983-13-40,0,0', // not a Y-M-D date
  '43,Di,30,1983-02-01,7,0', // 7 is not a choice of sex
  ',Ed,30,1983-02-01,1,1', // no record name
  '44,Flo,30,1983-02-01,1,2', // yes/no takes 0 or 1
  '45,Gus,22,1990-05-05,1,0', // fine
].join('\n');

test('an import with bad rows prints every problem at once, sends nothing and exits 3', async () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, `${badCsv}\n`);
  const logged = mock.project.log.length;
  const before = await sdk().records.export({ format: 'csv' });
  const result = await run(['records', 'import', file]);
  strictEqual(result.code, 3, result.stderr);
  const problems = JSON.parse(result.stdout) as Problem[];
  deepStrictEqual(
    problems.map((problem) => [problem.row, problem.record, problem.field, problem.value]),
    [
      [2, '41', 'age', 'forty'],
      [3, '42', 'dob', '1983-13-40'],
      [4, '43', 'sex', '7'],
      [5, '', 'record_id', ''],
      [6, '44', 'smoker', '2'],
    ],
    'every problem, rows counted from 1 under the header',
  );
  strictEqual(problems[0]!.message, 'The value of age must be an integer.');
  ok(problems[1]!.message.startsWith('Invalid date format.'), problems[1]!.message);
  ok(result.stderr.includes('5 problems in') && result.stderr.includes('nothing was sent'), result.stderr);
  // Nothing landed: the simulator logged reads only (dictionary, exports), no record written, and the records are as they were.
  deepStrictEqual(
    mock.project.log.slice(logged).filter((entry) => /record|upload/i.test(entry.action)),
    [],
  );
  ok(mock.project.log.length > logged, 'the reads of the pre-check were logged: the log is the one the command talked to');
  strictEqual(await sdk().records.export({ format: 'csv' }), before);
});

test('--dry-run checks and says what would be sent, sending nothing', async () => {
  const file = join(dir, 'good.csv');
  writeFileSync(file, 'record_id,age\n50,33\n51,44\n52,55\n');
  const writes = writesByRecord(mock).size;
  const result = await run(['records', 'import', file, '--dry-run', '--batch-size', '2']);
  strictEqual(result.code, 0, result.stderr);
  deepStrictEqual(
    (JSON.parse(result.stdout) as { wouldSend: { record_id: string }[] }).wouldSend.map((row) => row.record_id),
    ['50', '51', '52'],
  );
  ok(result.stderr.includes('would send 3 records in 2 batches. Nothing was sent.'), result.stderr);
  strictEqual(writesByRecord(mock).size, writes);
  strictEqual((await sdk().records.export({ records: ['50', '51', '52'] })).length, 0);
});

test('--continue-on-error sends the records without problems, lists the held-back ones and exits 3', async () => {
  const file = join(dir, 'mixed.csv');
  writeFileSync(file, `${badCsv.replaceAll(/^(4\d),/gm, '1$1,')}\n`);
  const result = await run(['records', 'import', file, '--continue-on-error', '--batch-size', '1']);
  strictEqual(result.code, 3, result.stderr);
  const out = JSON.parse(result.stdout) as { problems: Problem[]; refused: unknown[] };
  deepStrictEqual(
    out.problems.map((problem) => problem.record),
    ['141', '142', '143', '', '144'],
  );
  ok(result.stderr.includes('5 records held back by the pre-check; the other records landed.'), result.stderr);
  const held = await sdk().records.export({ records: ['140', '141', '142', '143', '144', '145'], fields: ['record_id'] });
  deepStrictEqual(
    held.map((row) => row.record_id),
    ['140', '145'],
  );
});

test('--continue-on-error without the pre-check: REDCap refuses a batch, the other batches land, the refused ones are listed', async () => {
  const file = join(dir, 'unchecked.csv');
  writeFileSync(file, 'record_id,age\n70,1\n71,2\n72,abc\n73,4\n74,5\n75,6\n');
  const result = await run(['records', 'import', file, '--no-validate', '--continue-on-error', '--batch-size', '2']);
  strictEqual(result.code, 3, result.stderr);
  const out = JSON.parse(result.stdout) as { refused: { records: string; message: string }[] };
  deepStrictEqual(out.refused, [{ records: '72, 73', message: '"72","age","abc","The value of age must be an integer."' }]);
  ok(result.stderr.includes('REDCap refused 1 batch (2 records); the other records landed.'), result.stderr);
  const writes = writesByRecord(mock);
  deepStrictEqual(
    ['70', '71', '72', '73', '74', '75'].map((record) => writes.get(record) ?? 0),
    [1, 1, 0, 0, 1, 1],
    'the good batches landed once each, the refused one not at all',
  );
});

test('without --continue-on-error, a refused batch stops the import with REDCap’s message and exit 1', async () => {
  const file = join(dir, 'stops.csv');
  writeFileSync(file, 'record_id,age\n80,1\n81,abc\n82,3\n');
  const result = await run(['records', 'import', file, '--no-validate', '--batch-size', '1']);
  strictEqual(result.code, 1, result.stderr);
  ok(result.stderr.includes('The value of age must be an integer.'), result.stderr);
  ok(result.stderr.includes('1 records landed before the failure; pass --resume <journal>'), result.stderr);
  deepStrictEqual(
    ['80', '81', '82'].map((record) => writesByRecord(mock).get(record) ?? 0),
    [1, 0, 0],
  );
});

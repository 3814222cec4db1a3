// `redcap files download`: a hostile stored name is saved under a safe one, inside the directory, never over a file unasked.
import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { redcap, scratch } from './support.ts';

const dir = scratch();
const mock = createMockRedcap({ project: 'classic' });
let server: { readonly url: string; close(): Promise<void> };

before(async () => {
  server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
});
after(() => server.close());

const env = (): Record<string, string> => ({ REDCAP_URL: server.url, REDCAP_TOKEN: mock.token });
const sdk = () => createRedcap({ url: server.url, token: mock.token });
const upload = (name: string, text: string) =>
  sdk().files.import({ record: '1', field: 'prescription', repeatInstance: 1, file: new File([text], name) });
const download = (into: string, ...extra: string[]) =>
  redcap(
    mock,
    dir,
    ['files', 'download', '--record', '1', '--field', 'prescription', '--repeat-instance', '1', '-d', into, ...extra],
    env(),
  );

for (const [stored, safe] of [
  ['../x.pdf', 'x.pdf'],
  ['CON', '_CON'],
  // A control character: a newline cannot reach REDCap's stored name (a multipart file name sends it as %0A, a
  // header refuses it), a tab can, and comes back in Content-Type's name="...".
  ['scan\tnotes.txt', 'scannotes.txt'],
  ['scan\nnotes.txt', 'scan%0Anotes.txt'],
] as const) {
  test(`a file stored as ${JSON.stringify(stored)} is saved as ${safe} inside the directory, and not overwritten unless --overwrite`, async () => {
    const into = join(dir, `dl-${safe}`, 'inner');
    mkdirSync(into, { recursive: true });
    await upload(stored, 'first');
    const first = await download(into);
    strictEqual(first.code, 0, first.stderr);
    strictEqual(first.stdout, `${join(into, safe)}\n`);
    deepStrictEqual(readdirSync(into), [safe]);
    strictEqual(readFileSync(join(into, safe), 'utf8'), 'first');
    ok(!existsSync(join(into, '..', 'x.pdf')), 'nothing was written outside the directory');
    // The untrusted name is shown escaped: no raw control character reaches the terminal.
    const held = stored.replace('\n', '%0A');
    if (held !== safe) ok(first.stderr.includes(`REDCap stored it as ${JSON.stringify(held)}`), first.stderr);
    ok(!first.stderr.includes('\t') && first.stderr.split('\n').length === 2, first.stderr);

    await upload(stored, 'second');
    const refused = await download(into);
    strictEqual(refused.code, 2, refused.stderr);
    ok(refused.stderr.includes('already exists') && refused.stderr.includes('--overwrite'), refused.stderr);
    strictEqual(readFileSync(join(into, safe), 'utf8'), 'first', 'the file there is untouched');

    const replaced = await download(into, '--overwrite');
    strictEqual(replaced.code, 0, replaced.stderr);
    strictEqual(readFileSync(join(into, safe), 'utf8'), 'second');
  });
}

test('a download into a directory that does not exist says so and exits 2', async () => {
  await upload('a.txt', 'x');
  const result = await download(join(dir, 'missing'));
  strictEqual(result.code, 2);
  ok(result.stderr.includes('does not exist: create it first'), result.stderr);
});

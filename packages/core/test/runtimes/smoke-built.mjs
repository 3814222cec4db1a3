/**
 * A smoke test of the BUILT packages (their `dist`, reached through the package
 * exports) under an older Node: `.tools/node22/bin/node packages/core/test/runtimes/smoke-built.mjs`.
 * Plain JavaScript, so it needs no type stripping. Prints `N passed, N failed`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createRedcap, exportRecords, RedcapApiError, RedcapValidationError } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { fileFromPath, saveFile } from '@redcap-sdk/node';

const url = 'https://redcap.example.test/api/';
const checks = [];
const check = (name, run) => checks.push({ name, run });

check('version and a records export through mock.fetch', async () => {
  const mock = createMockRedcap();
  const redcap = createRedcap({ url, token: mock.token, fetch: mock.fetch, retry: false });
  assert.match(await redcap.version(), /^\d+\.\d+\.\d+$/);
  const rows = await redcap.records.export({ fields: ['record_id'] });
  assert.ok(Array.isArray(rows) && rows.length > 0, 'the fixture has records');
});

check('standalone function, import and re-export', async () => {
  const mock = createMockRedcap({ project: 'classic' });
  const client = createClient({ url, token: mock.token, fetch: mock.fetch, retry: false });
  const redcap = createRedcap({ url, token: mock.token, fetch: mock.fetch, retry: false });
  assert.equal(await redcap.records.import([{ record_id: 'smoke-1' }]), 1);
  const csv = await exportRecords(client, { records: ['smoke-1'], fields: ['record_id'], format: 'csv' });
  assert.match(csv, /smoke-1/);
});

check('errors: validation before sending, REDCap errors after', async () => {
  const mock = createMockRedcap();
  const redcap = createRedcap({ url, token: mock.token, fetch: mock.fetch, retry: false });
  await assert.rejects(redcap.records.export({ rawOrLable: 'label' }), RedcapValidationError);
  const stranger = createRedcap({ url, token: '0'.repeat(32), fetch: mock.fetch, retry: false });
  await assert.rejects(stranger.version(), RedcapApiError);
  assert.ok(!String(redcap).includes(mock.token), 'String(client) masks the token');
});

check('fileFromPath upload, export and saveFile', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'redcap-smoke-'));
  try {
    const source = join(dir, 'consent.pdf');
    await writeFile(source, '%PDF-1.4 smoke test consent');
    const mock = createMockRedcap();
    const redcap = createRedcap({ url, token: mock.token, fetch: mock.fetch, retry: false });
    // The fixture's `visits` form (holding `consent_file`) repeats in visit_1_arm_1.
    const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
    await redcap.files.import({ ...target, file: await fileFromPath(source) });
    const file = await redcap.files.export(target);
    assert.equal(file.name, 'consent.pdf');
    const copy = join(dir, 'copy.pdf');
    await saveFile(file, copy);
    assert.equal(await readFile(copy, 'utf8'), '%PDF-1.4 smoke test consent');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

let failed = 0;
console.log(`built packages on Node ${process.versions.node}`);
for (const { name, run } of checks) {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${error?.stack ?? error}`);
  }
}
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;

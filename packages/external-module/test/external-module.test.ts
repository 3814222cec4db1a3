/**
 * The External Module kit end to end: the SDK over moduleAjaxFetch, a stand-in
 * module.ajax posting to the example module under `php -S` (the kit's PHP side with a
 * stand-in framework), which forwards to the simulator over HTTP.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createRedcap, RedcapApiError, RedcapNetworkError } from '@redcap-sdk/core';
import { moduleAjaxClientOptions, moduleAjaxFetch } from '@redcap-sdk/external-module';
import { type ModuleServer, standInModule, startModuleServer } from './php-server.ts';

const fileTarget = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
const fileBytes = new Uint8Array(70_000).map((_, index) => (index * 11 + 3) % 256);

describe('the External Module kit under php -S', () => {
  let server: ModuleServer;
  before(async () => {
    server = await startModuleServer();
    // A file in the project, uploaded straight to the simulator (the module allows no uploads).
    const direct = createRedcap({ url: 'https://redcap.example.test/api/', token: server.mock.token, fetch: server.mock.fetch });
    await direct.files.import({ ...fileTarget, file: new File([fileBytes], '../stored name.pdf', { type: 'application/pdf' }) });
  });
  after(() => server.close());

  test('an allowed export goes through module.ajax and the PHP side', async () => {
    const redcap = createRedcap(moduleAjaxClientOptions(standInModule(server, 'ada')));
    const rows = await redcap.records.export({ fields: ['record_id'] });
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => typeof row.record_id === 'string'));
    assert.match(await redcap.version(), /^\d+\.\d+\.\d+$/);
  });

  test('a write outside the allowlist is refused with 403 and the record stays', async () => {
    const redcap = createRedcap(moduleAjaxClientOptions(standInModule(server, 'ada')));
    const error = await redcap.records.delete({ records: ['1'] }).catch((caught: unknown) => caught);
    assert.ok(error instanceof RedcapApiError);
    assert.equal(error.status, 403);
    assert.match(error.message, /This module does not forward deleteRecords/);
    assert.ok((await redcap.records.export({ records: ['1'] })).length > 0);
  });

  test('a user without the matching REDCap right, or without a login, is refused', async () => {
    const viewer = createRedcap(moduleAjaxClientOptions(standInModule(server, 'viewer')));
    const error = await viewer.records.export({}).catch((caught: unknown) => caught);
    assert.ok(error instanceof RedcapApiError && error.status === 403, String(error));
    assert.match(error.message, /do not have the REDCap right exportRecords needs \(data_export_tool\)/);
    assert.match(await viewer.version(), /^\d+\.\d+\.\d+$/, 'a method any project user may call works');
    const nobody = await createRedcap(moduleAjaxClientOptions(standInModule(server, 'nobody')))
      .version()
      .catch((caught: unknown) => caught);
    assert.ok(nobody instanceof RedcapApiError && nobody.status === 401);
    const admin = createRedcap(moduleAjaxClientOptions(standInModule(server, 'admin')));
    assert.ok((await admin.records.export({ records: ['1'] })).length > 0, 'a super user needs no project rights');
  });

  test('a file download carries the bytes and the name REDCap stored', async () => {
    const redcap = createRedcap(moduleAjaxClientOptions(standInModule(server, 'ada')));
    const file = await redcap.files.export(fileTarget);
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), fileBytes);
    assert.equal(file.type.split(';')[0], 'application/pdf');
    // The module passes REDCap's Content-Type (with the stored name) through unchanged.
    const { storedName } = file as File & { storedName?: string };
    assert.equal(storedName ?? file.name, '../stored name.pdf');
  });

  test("REDCap's own errors come back unchanged", async () => {
    const redcap = createRedcap(moduleAjaxClientOptions(standInModule(server, 'ada')));
    const error = await redcap.records.export({ fields: ['no_such_field'] }).catch((caught: unknown) => caught);
    assert.ok(error instanceof RedcapApiError);
    assert.equal(error.status, 400);
    assert.match(error.redcapMessage ?? '', /no_such_field/);
  });

  test('a token in the payload is dropped: the module uses its own', async () => {
    const answer = await standInModule(server, 'ada').ajax('redcap-api', {
      params: [
        ['token', '0123456789ABCDEF0123456789ABCDEF'],
        ['content', 'version'],
      ],
      files: [],
    });
    assert.deepEqual(Object.keys(answer as object).sort(), ['body', 'encoding', 'headers', 'status']);
    assert.equal((answer as { status: number }).status, 200);
  });
});

describe('moduleAjaxFetch', () => {
  test('runs calls one at a time, in order, even when the client starts them together', async () => {
    const log: string[] = [];
    let active = 0;
    const module = {
      async ajax(_action: string, payload: unknown) {
        active++;
        assert.equal(active, 1, 'one call at a time');
        const content = (payload as { params: [string, string][] }).params.find(([name]) => name === 'content')?.[1];
        log.push(`start ${content}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`end ${content}`);
        active--;
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: '15.0.0', encoding: 'text' };
      },
    };
    const redcap = createRedcap({ url: 'https://external-module.invalid/api/', token: null, fetch: moduleAjaxFetch(module) });
    await Promise.all([redcap.version(), redcap.version(), redcap.version()]);
    assert.deepEqual(log, ['start version', 'end version', 'start version', 'end version', 'start version', 'end version']);
  });

  test('a hook that fails or returns something else is a network error naming the cause', async () => {
    const failing = createRedcap({
      url: 'https://external-module.invalid/api/',
      token: null,
      retry: false,
      fetch: moduleAjaxFetch({ ajax: async () => Promise.reject(new Error('Action not declared in config.json')) }),
    });
    const error = await failing.version().catch((caught: unknown) => caught);
    assert.ok(error instanceof RedcapNetworkError);
    assert.match(String(error.reason ?? error.message), /module\.ajax\('redcap-api'\) failed: Action not declared/);
    const other = createRedcap({
      url: 'https://external-module.invalid/api/',
      token: null,
      retry: false,
      fetch: moduleAjaxFetch({ ajax: async () => 'Unknown ajax action!' }, { action: 'mine' }),
    });
    const wrong = await other.version().catch((caught: unknown) => caught);
    assert.ok(wrong instanceof RedcapNetworkError);
    assert.match(String(wrong.reason ?? wrong.message), /module\.ajax\('mine'\) did not return a REDCap answer/);
    assert.throws(() => moduleAjaxFetch({} as never), /expected the JavaScript Module Object/);
  });

  test('the PHP method table is generated from the method table and fresh', () => {
    execFileSync(process.execPath, [new URL('../generate-php-methods.ts', import.meta.url).pathname, '--check'], { stdio: 'pipe' });
  });
});

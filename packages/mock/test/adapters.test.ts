import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import { createMockRedcap } from '../src/index.ts';
import { mswHandlers } from '../src/msw.ts';
import { startMockServer } from '../src/server.ts';
import type { MockServer } from '../src/server.ts';

describe('mock.fetch', () => {
  it('is a fetch replacement', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const response = await mock.fetch('https://anywhere.test/api/', {
      method: 'POST',
      body: new URLSearchParams({ token: mock.token, content: 'generateNextRecordName' }),
    });
    assert.equal(await response.text(), '4');
  });
});

describe('msw handlers', () => {
  const mock = createMockRedcap();
  const server = setupServer(...mswHandlers(mock));
  before(() => server.listen({ onUnhandledFrame: 'error' }));
  after(() => server.close());

  it('routes requests to the simulator', async () => {
    const response = await fetch('https://redcap.example.test/api/', {
      method: 'POST',
      body: new URLSearchParams({ token: mock.token, content: 'version' }),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '15.7.6');
    const denied = await fetch('https://redcap.example.test/api/', {
      method: 'POST',
      body: new URLSearchParams({ content: 'version', format: 'json' }),
    });
    assert.equal(denied.status, 403);
  });
});

describe('HTTP server', () => {
  const mock = createMockRedcap();
  let server: MockServer;
  before(async () => {
    server = await startMockServer(mock);
  });
  after(() => server.close());

  it('serves /api/ over HTTP, streaming bodies both ways', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    assert.equal((await fetch(server.url)).status, 501);
    const form = new FormData();
    for (const [name, value] of Object.entries({
      token: mock.token,
      content: 'file',
      action: 'import',
      record: '3',
      field: 'consent_file',
      event: 'baseline_arm_1',
    })) {
      form.append(name, value);
    }
    form.append('file', new File([new Uint8Array([0, 1, 2, 255])], 'blob.bin', { type: 'application/octet-stream' }));
    const upload = await fetch(server.url, { method: 'POST', body: form });
    // consent_file's instrument is not designated for baseline_arm_1: REDCap answers 200 with an empty body and saves nothing.
    assert.equal(upload.status, 200);
    assert.equal(await upload.text(), '');
    assert.equal(mock.project.records.get('3')?.cells.get('baseline_arm_1||1')?.values.has('consent_file'), false);
    const download = await fetch(server.url, {
      method: 'POST',
      body: new URLSearchParams({
        token: mock.token,
        content: 'file',
        action: 'export',
        record: '1',
        field: 'consent_file',
        event: 'visit_1_arm_1',
      }),
    });
    assert.equal(download.headers.get('content-type'), 'application/pdf; name="consent-1.pdf"');
    assert.equal(await download.text(), '%PDF-1.4\n% consent of record 1\n%%EOF\n');
    const missing = await fetch(server.url.replace('/api/', '/redcap/'));
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /404 Not Found/);
  });
});

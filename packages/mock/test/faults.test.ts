import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockRedcap, decodeRequest, FAULT_KINDS } from '../src/index.ts';
import type { Fault, MockRedcap } from '../src/index.ts';
import { startMockServer } from '../src/server.ts';

const URL_API = 'https://redcap.example.test/api/';

function request(mock: MockRedcap, params: Record<string, string>, url = URL_API): Request {
  return new Request(url, { method: 'POST', body: new URLSearchParams({ token: mock.token, ...params }) });
}

const version = { content: 'version', action: 'export' };
const exportRecords = { content: 'record', action: 'export', format: 'json', 'records[0]': '1' };

describe('fault injection', () => {
  it('applies a fault `times` times, in order of injection, and logs each without the token', async () => {
    const mock = createMockRedcap();
    const first = mock.inject({ kind: 'gateway', status: 503 }, { times: 2 });
    mock.inject({ kind: 'banned' }, { times: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await mock.handle(request(mock, version))).status);
    assert.deepEqual(statuses, [503, 503, 429, 200, 200]);
    assert.equal(first.applied, 2);
    assert.deepEqual(mock.faultLog, [
      { request: 1, kind: 'gateway', content: 'version', action: 'export', processed: false },
      { request: 2, kind: 'gateway', content: 'version', action: 'export', processed: false },
      { request: 3, kind: 'banned', content: 'version', action: 'export', processed: false },
    ]);
    assert.ok(!JSON.stringify(mock.faultLog).includes(mock.token));
  });

  it('matches on content and action as sent, and can be removed', async () => {
    const mock = createMockRedcap();
    const fault = mock.inject({ kind: 'reset' }, { match: { content: 'record', action: 'export' } });
    assert.equal((await mock.handle(request(mock, version))).status, 200);
    assert.equal((await mock.handle(request(mock, exportRecords))).type, 'error');
    assert.equal((await mock.handle(request(mock, { ...exportRecords, action: 'delete' }))).type, 'default');
    fault.remove();
    assert.equal((await mock.handle(request(mock, exportRecords))).status, 200);
    assert.equal(fault.applied, 1);
    mock.inject({ kind: 'reset' });
    mock.clearFaults();
    assert.equal((await mock.handle(request(mock, version))).status, 200);
  });

  it('draws `probability` faults from the seed: the same seed injects the same requests', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const mock = createMockRedcap({ seed, faults: [{ fault: { kind: 'gateway' }, probability: 0.3 }] });
      for (let i = 0; i < 200; i++) await mock.handle(request(mock, version));
      return mock.faultLog.map((entry) => entry.request);
    };
    const a = await run(7);
    assert.deepEqual(await run(7), a);
    assert.notDeepEqual(await run(8), a);
    // About 30% of 200.
    assert.ok(a.length > 35 && a.length < 85, `${a.length} faults`);
    const never = createMockRedcap({ faults: [{ fault: { kind: 'reset' }, probability: 0 }] });
    assert.equal((await never.handle(request(never, version))).status, 200);
  });

  it('refuses malformed faults and options', () => {
    const mock = createMockRedcap();
    const bad: [Fault, object?][] = [
      [{ kind: 'nope' } as unknown as Fault],
      [{ kind: 'latency', ms: -1 }],
      [{ kind: 'gateway', status: 500 as 502 }],
      [{ kind: 'redirect', location: '' }],
      [{ kind: 'truncate', keep: 1.5 }],
      [{ kind: 'reset' }, { times: -1 }],
      [{ kind: 'reset' }, { probability: 2 }],
      [{ kind: 'slow-body', chunk: 0 }],
      [{ kind: 'gzip-bomb', size: -1 }],
      [{ kind: 'echo-request', status: 99 }],
      [{ kind: 'bad-retry-after', value: 5 as unknown as string }],
    ];
    for (const [fault, options] of bad) assert.throws(() => mock.inject(fault, options), TypeError, JSON.stringify(fault));
    assert.throws(() => createMockRedcap({ seed: 1.5 }), TypeError);
    assert.equal(FAULT_KINDS.length, 15);
  });

  it('answers each kind as the network, a proxy, PHP or REDCap would', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const clean = await (await mock.handle(request(mock, exportRecords))).text();
    const answer = async (fault: Fault, params: Record<string, string> = exportRecords): Promise<Response> => {
      mock.inject(fault, { times: 1 });
      return mock.handle(request(mock, params));
    };

    let response = await answer({ kind: 'truncate', keep: 10 });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), clean.slice(0, 10));
    assert.equal(await (await answer({ kind: 'truncate' })).text(), clean.slice(0, Math.floor(clean.length / 2)));

    response = await answer({ kind: 'reset-mid-body', after: 7 });
    const reader = response.body!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), clean.slice(0, 7));
    await assert.rejects(reader.read(), (error: Error) => error instanceof TypeError && /terminated/.test(error.message));

    response = await answer({ kind: 'gateway', status: 504 });
    assert.equal(response.status, 504);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    assert.match(await response.text(), /504 Gateway Time-out/);

    response = await answer({ kind: 'php-fatal' });
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /^<br \/>\n<b>Fatal error<\/b>: {2}Allowed memory size/);
    assert.ok(
      page.endsWith(
        '{"error":"REDCap ran out of server memory. The request cannot be processed. Please try importing\\/exporting a smaller amount of data."}',
      ),
    );

    response = await answer({ kind: 'rate-limit', retryAfter: 30 });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '30');
    assert.equal((await answer({ kind: 'rate-limit' })).headers.get('retry-after'), null);

    response = await answer({ kind: 'banned', ip: '10.1.2.3' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), null);
    assert.equal(await response.text(), 'Your IP address (10.1.2.3) has been banned due to suspected abuse.');

    response = await answer({ kind: 'redirect', location: 'https://elsewhere.example.org/api/', status: 301 });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), 'https://elsewhere.example.org/api/');
    assert.equal((await answer({ kind: 'redirect', location: '/moved/' })).status, 302);

    response = await answer({ kind: 'hang', after: 3 });
    assert.equal(response.status, 200);
    const hanging = response.body!.getReader();
    assert.equal(new TextDecoder().decode((await hanging.read()).value), clean.slice(0, 3));
    const pending = await Promise.race([
      hanging.read().then(() => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('pending'), 50)),
    ]);
    assert.equal(pending, 'pending');
    await hanging.cancel();

    const started = Date.now();
    response = await answer({ kind: 'latency', ms: 60 });
    assert.ok(Date.now() - started >= 55);
    assert.equal(await response.text(), clean);
  });

  it('handles the request first only where the fault says so', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const create = (id: string): Request =>
      request(mock, { content: 'record', action: 'import', format: 'json', data: JSON.stringify([{ record_id: id }]) });
    const cases: [Fault, boolean][] = [
      [{ kind: 'reset' }, false],
      [{ kind: 'reset', processed: true }, true],
      [{ kind: 'gateway' }, false],
      [{ kind: 'gateway', status: 504, processed: true }, true],
      [{ kind: 'php-fatal' }, false],
      [{ kind: 'php-fatal', processed: true }, true],
      [{ kind: 'rate-limit' }, false],
      [{ kind: 'banned' }, false],
      [{ kind: 'redirect', location: '/x' }, false],
      [{ kind: 'latency', ms: 1 }, true],
      [{ kind: 'truncate' }, true],
      [{ kind: 'reset-mid-body' }, true],
      [{ kind: 'hang' }, true],
      [{ kind: 'slow-body', chunk: 4096, interval: 0 }, true],
      [{ kind: 'warning-prefix' }, true],
      [{ kind: 'gzip-bomb', size: 10 }, false],
      [{ kind: 'echo-request' }, false],
      [{ kind: 'bad-retry-after' }, false],
    ];
    for (const [index, [fault, landed]] of cases.entries()) {
      mock.inject(fault, { times: 1 });
      const response = await mock.handle(create(`p${index}`));
      await response.body?.cancel();
      assert.equal(mock.project.records.has(`p${index}`), landed, fault.kind);
      assert.equal(mock.faultLog.at(-1)!.processed, landed, fault.kind);
    }
  });
});

describe('faults for the limits of a client', () => {
  it('slow-body trickles the answer in chunks, padded with spaces to `size`', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const clean = await (await mock.handle(request(mock, exportRecords))).text();
    mock.inject({ kind: 'slow-body', chunk: 16, interval: 5, size: clean.length + 100 }, { times: 1 });
    const started = Date.now();
    const response = await mock.handle(request(mock, exportRecords));
    const reader = response.body!.getReader();
    const sizes: number[] = [];
    let text = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      sizes.push(part.value.length);
      text += new TextDecoder().decode(part.value);
    }
    assert.equal(text, clean + ' '.repeat(100));
    assert.ok(sizes.every((size) => size <= 16));
    assert.ok(Date.now() - started >= (sizes.length - 1) * 4, 'paced');
    assert.deepEqual(JSON.parse(text), JSON.parse(clean));
  });

  it('gzip-bomb inflates to `size` bytes of a JSON array as it is read, or sends the gzip stream itself', async () => {
    const mock = createMockRedcap();
    mock.inject({ kind: 'gzip-bomb', size: 300_000 }, { times: 1 });
    const decoded = await mock.handle(request(mock, exportRecords));
    assert.equal(decoded.headers.get('content-encoding'), null);
    const text = await decoded.text();
    assert.equal(text.length, 300_000);
    assert.match(text, /^\[0,0,0,/);

    mock.inject({ kind: 'gzip-bomb', size: 1_000_000, encoded: true }, { times: 1 });
    const encoded = await mock.handle(request(mock, exportRecords));
    assert.equal(encoded.headers.get('content-encoding'), 'gzip');
    const gzip = new Uint8Array(await encoded.arrayBuffer());
    assert.ok(gzip.length < 20_000, `compressed to ${gzip.length} bytes`);
    const inflated = await new Response(new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    assert.equal(inflated.length, 1_000_000);

    // Made lazily: a 1 GiB bomb costs only what is read of it.
    mock.inject({ kind: 'gzip-bomb' }, { times: 1 });
    const huge = await mock.handle(request(mock, exportRecords));
    const first = await huge.body!.getReader().read();
    assert.ok(first.value!.length <= 65_536);
  });

  it('echo-request answers with the request as the proxy received it: token and data included', async () => {
    const mock = createMockRedcap();
    mock.inject({ kind: 'echo-request', status: 502 }, { times: 1 });
    const response = await mock.handle(
      request(mock, { content: 'record', action: 'import', data: '[{"record_id":"1","name":"Jane Doe"}]' }),
    );
    assert.equal(response.status, 502);
    const text = await response.text();
    assert.match(text, /^Bad Request\. Your request was: POST https:\/\/redcap\.example\.test\/api\//);
    assert.ok(text.includes(`token=${mock.token}`));
    assert.ok(text.includes(new URLSearchParams({ data: '[{"record_id":"1","name":"Jane Doe"}]' }).toString()));
  });

  it('warning-prefix puts a PHP warning, as HTML or text, before the real answer', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const clean = await (await mock.handle(request(mock, exportRecords))).text();
    mock.inject({ kind: 'warning-prefix' }, { times: 1 });
    const html = await (await mock.handle(request(mock, exportRecords))).text();
    assert.match(html, /^<br \/>\n<b>Warning<\/b>: {2}Undefined array key .* on line <b>\d+<\/b><br \/>\n/);
    assert.ok(html.endsWith(clean));
    mock.inject({ kind: 'warning-prefix', html: false }, { times: 1 });
    const text = await (await mock.handle(request(mock, exportRecords))).text();
    assert.match(text, /^\nWarning: Undefined array key .* on line \d+\n/);
    assert.ok(text.endsWith(clean));
  });

  it('bad-retry-after sends a 429 with a Retry-After no client should wait for, or several joined', async () => {
    const mock = createMockRedcap();
    mock.inject({ kind: 'bad-retry-after' }, { times: 1 });
    mock.inject({ kind: 'bad-retry-after', value: ['3600', '1'] }, { times: 1 });
    mock.inject({ kind: 'bad-retry-after', value: 'Fri, 31 Dec 9999 23:59:59 GMT' }, { times: 1 });
    const values: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await mock.handle(request(mock, version));
      assert.equal(response.status, 429);
      values.push(response.headers.get('retry-after'));
    }
    assert.deepEqual(values, ['99999999999', '3600, 1', 'Fri, 31 Dec 9999 23:59:59 GMT']);
  });
});

describe('mock.fetch with faults', () => {
  it('rejects like fetch on a reset, and honours the signal while waiting and while the body is read', async () => {
    const mock = createMockRedcap();
    mock.inject({ kind: 'reset' }, { times: 1 });
    await assert.rejects(
      mock.fetch(request(mock, version)),
      (error: Error) => error instanceof TypeError && error.message === 'fetch failed',
    );

    mock.inject({ kind: 'latency', ms: 2000 }, { times: 1 });
    let started = Date.now();
    await assert.rejects(
      mock.fetch(request(mock, version), { signal: AbortSignal.timeout(50) }),
      (error: Error) => error.name === 'TimeoutError',
    );
    assert.ok(Date.now() - started < 1000);

    mock.inject({ kind: 'hang' }, { times: 1 });
    const controller = new AbortController();
    const response = await mock.fetch(request(mock, version), { signal: controller.signal });
    assert.equal(response.status, 200);
    started = Date.now();
    setTimeout(() => controller.abort(new Error('gave up')), 50);
    await assert.rejects(response.text(), /gave up/);
    assert.ok(Date.now() - started < 1000);
  });
});

describe('the HTTP server with faults', () => {
  it('resets the socket before an answer and half way through a body; sends headers of a body that never ends', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const server = await startMockServer(mock);
    const post = (params: Record<string, string>, signal?: AbortSignal): Promise<Response> =>
      fetch(server.url, { method: 'POST', body: new URLSearchParams({ token: mock.token, ...params }), ...(signal ? { signal } : {}) });
    try {
      const clean = await (await post(exportRecords)).text();

      mock.inject({ kind: 'reset' }, { times: 1 });
      await assert.rejects(post(version), (error: Error) => error instanceof TypeError && /fetch failed/.test(error.message));

      mock.inject({ kind: 'reset-mid-body', after: 20 }, { times: 1 });
      let response = await post(exportRecords);
      assert.equal(response.status, 200);
      // A reset, not a clean end: the body read fails.
      await assert.rejects(response.text(), (error: Error) => error instanceof TypeError);

      mock.inject({ kind: 'truncate', keep: 20 }, { times: 1 });
      assert.equal(await (await post(exportRecords)).text(), clean.slice(0, 20));

      mock.inject({ kind: 'hang' }, { times: 1 });
      const controller = new AbortController();
      response = await post(exportRecords, controller.signal);
      assert.equal(response.status, 200, 'headers arrive before any of the body');
      setTimeout(() => controller.abort(new Error('gave up')), 50);
      await assert.rejects(response.text(), /gave up/);

      mock.inject({ kind: 'redirect', location: 'https://elsewhere.example.org/api/' }, { times: 1 });
      response = await fetch(server.url, {
        method: 'POST',
        body: new URLSearchParams({ token: mock.token, ...version }),
        redirect: 'manual',
      });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), 'https://elsewhere.example.org/api/');

      // The server still answers after all that.
      assert.equal(await (await post(version)).text(), '15.7.6');
    } finally {
      await server.close();
    }
  });
});

describe('decodeRequest', () => {
  it('reads parameters as the simulator does: arrays from name[i], files left out, the request left unread', async () => {
    const body = new URLSearchParams([
      ['token', 'T'],
      ['records[0]', '1'],
      ['records[1]', 'a,b'],
      ['fields[]', 'x'],
      ['fields[]', 'y'],
      ['note', 'a&b=c\n'],
      ['note', 'last'],
    ]);
    const sent = new Request(URL_API, { method: 'POST', body });
    assert.deepEqual(await decodeRequest(sent), { token: 'T', records: ['1', 'a,b'], fields: ['x', 'y'], note: 'last' });
    assert.equal(sent.bodyUsed, false);

    const form = new FormData();
    form.append('record', 'é 1');
    form.append('file', new File(['x'], 'x.txt'));
    assert.deepEqual(await decodeRequest(new Request(URL_API, { method: 'POST', body: form })), { record: 'é 1' });
    assert.deepEqual(
      await decodeRequest(new Request(URL_API, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })),
      {},
    );
  });
});

/**
 * Multipart uploads stream through the proxy: the page's body is read only as fast as
 * REDCap takes it, every check still runs on the fields, parts after the file cannot
 * change the call, and the size limit counts the streamed bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { createRedcap } from '@redcap-sdk/core';
import { createRedcapProxy } from '@redcap-sdk/proxy';
import { fileByte, generatedUpload, multipartBody } from './multipart.ts';
import { canaryToken, serveProxy, startCountingUpstream, startProxy } from './servers.ts';

const header = { 'X-REDCap-Proxy': '1' };
const boundary = '----page-boundary-7MA4YWxkTrZu0gW';
const importFile: Array<[string, string]> = [
  ['content', 'file'],
  ['action', 'import'],
  ['record', '1'],
  ['field', 'consent_file'],
  ['event', 'visit_1_arm_1'],
];
const mib = 1024 * 1024;

function sha256Of(size: number): string {
  const hash = createHash('sha256');
  const block = new Uint8Array(mib);
  for (let offset = 0; offset < size; offset += mib) {
    const length = Math.min(mib, size - offset);
    for (let index = 0; index < length; index++) block[index] = fileByte(offset + index);
    hash.update(block.subarray(0, length));
  }
  return hash.digest('hex');
}

/** A streamed POST from the page (no Content-Length, as a page piping a stream sends it). */
function upload(url: string, origin: string, body: ReadableStream<Uint8Array> | Uint8Array): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { origin, ...header, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** Waits until `value()` has not changed for `quiet` ms (at most 10 s). */
async function settled(value: () => number, quiet = 400): Promise<number> {
  let last = value();
  let since = Date.now();
  const start = Date.now();
  while (Date.now() - since < quiet && Date.now() - start < 10_000) {
    await sleep(50);
    if (value() !== last) {
      last = value();
      since = Date.now();
    }
  }
  return last;
}

describe('streamed uploads through the proxy', () => {
  test('a 64 MiB upload reaches REDCap whole, with the proxy token only', async () => {
    const upstream = await startCountingUpstream();
    const proxy = await serveProxy({
      url: upstream.url,
      token: canaryToken,
      authorize: () => true,
      allow: ['importFile'],
      maxBodyBytes: 128 * mib,
    });
    try {
      const size = 64 * mib;
      const page = generatedUpload(boundary, [['token', 'PAGE-TOKEN'], ...importFile], size);
      const answer = await upload(proxy.url, proxy.origin, page.body);
      assert.equal(answer.status, 200, await answer.clone().text());
      const [seen] = upstream.requests;
      assert.equal(seen?.state, 'complete');
      assert.deepEqual(seen?.file, { size, sha256: sha256Of(size) });
      assert.ok(seen?.tokens?.length === 1 && seen.tokens[0] === canaryToken, 'only the proxy token reached REDCap');
      assert.equal(page.pulled(), page.total);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test('while REDCap does not read, the proxy does not read the page body either (real sockets)', async () => {
    const upstream = await startCountingUpstream();
    upstream.stall = true;
    const proxy = await serveProxy({
      url: upstream.url,
      token: canaryToken,
      authorize: () => true,
      allow: ['importFile'],
      maxBodyBytes: 128 * mib,
    });
    try {
      const page = generatedUpload(boundary, importFile, 64 * mib);
      const answer = upload(proxy.url, proxy.origin, page.body);
      const pulled = await settled(page.pulled);
      // What is pulled sits in the sockets' kernel buffers (page to proxy, proxy to REDCap), a few MiB.
      console.log(`stalled upstream: the page body was pulled to ${(pulled / mib).toFixed(1)} of ${(page.total / mib).toFixed(0)} MiB`);
      assert.ok(pulled < 24 * mib, `pulled ${pulled} bytes`);
      upstream.release();
      assert.equal((await answer).status, 200);
      assert.equal(upstream.requests[0]?.file?.size, 64 * mib);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test("the proxy's own buffer is a few chunks: it reads the page only as fast as REDCap's fetch takes the body", async () => {
    let taken = 0;
    let resume: () => void = () => {};
    const proxy = createRedcapProxy({
      url: 'https://redcap.example.test/api/',
      token: canaryToken,
      authorize: () => true,
      allow: ['importFile'],
      maxBodyBytes: 128 * mib,
      fetch: async (_input, init) => {
        const body = init?.body;
        if (!(body instanceof ReadableStream)) throw new TypeError('expected a streamed body');
        const reader = (body as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          if (taken >= 2 * mib) await new Promise<void>((resolve) => (resume = resolve));
          const { done, value } = await reader.read();
          if (done) return new Response('{}', { status: 200 });
          taken += value.length;
        }
      },
    });
    const page = generatedUpload(boundary, importFile, 64 * mib);
    const answer = proxy(
      new Request('https://app.example.test/redcap-proxy/', {
        method: 'POST',
        headers: { origin: 'https://app.example.test', ...header, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: page.body,
        duplex: 'half',
      } as RequestInit),
    );
    const pulled = await settled(page.pulled, 200);
    console.log(
      `stalled fetch: REDCap took ${(taken / mib).toFixed(2)} MiB, the proxy pulled ${((pulled - taken) / 1024).toFixed(0)} KiB more`,
    );
    assert.ok(taken >= 2 * mib);
    assert.ok(pulled - taken < 512 * 1024, `the proxy holds ${pulled - taken} bytes`);
    taken = Number.NEGATIVE_INFINITY;
    resume();
    assert.equal((await answer).status, 200);
    assert.equal(page.pulled(), page.total);
  });

  test('a streamed body over maxBodyBytes aborts the upstream request and the page gets 413', async () => {
    const upstream = await startCountingUpstream();
    const proxy = await serveProxy({
      url: upstream.url,
      token: canaryToken,
      authorize: () => true,
      allow: ['importFile'],
      maxBodyBytes: 4 * mib,
    });
    try {
      const page = generatedUpload(boundary, importFile, 64 * mib);
      const answer = await upload(proxy.url, proxy.origin, page.body);
      assert.equal(answer.status, 413);
      assert.match((await answer.json()).error, /larger than the proxy accepts \(4194304 bytes\)/);
      await settled(() => upstream.requests[0]?.bytes ?? 0, 200);
      const seen = upstream.requests[0];
      assert.notEqual(seen?.state, 'complete', 'REDCap never got a whole body to run');
      assert.ok((seen?.bytes ?? 0) <= 4 * mib, `REDCap got ${seen?.bytes} bytes`);
      assert.ok(page.pulled() < 16 * mib, 'the page body was not read to its end');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test('a token part before and after the file is dropped; the file is stored whole', async () => {
    const proxy = await startProxy({ allow: ['importFile', 'exportFile'] });
    try {
      const bytes = new Uint8Array(300_000).map((_, index) => fileByte(index));
      const body = multipartBody(boundary, [
        { name: 'token', value: '0123456789ABCDEF0123456789ABCDEF' },
        { name: 'token[0]', value: 'ABCDEF0123456789ABCDEF0123456789' },
        ...importFile.map(([name, value]) => ({ name, value })),
        { name: 'file', filename: 'scan.pdf', type: 'application/pdf', bytes },
        { name: 'token', value: 'FEDCBA9876543210FEDCBA9876543210' },
      ]);
      const answer = await upload(proxy.url, proxy.origin, body);
      assert.equal(answer.status, 200, await answer.clone().text());
      const sent = proxy.upstream.at(-1) ?? [];
      assert.deepEqual(
        sent.filter(([name]) => name.startsWith('token')).map(([, value]) => value === canaryToken),
        [true],
      );
      const redcap = createRedcap({ url: proxy.url, token: null, headers: { origin: proxy.origin, ...header }, retry: false });
      const file = await redcap.files.export({ record: '1', field: 'consent_file', event: 'visit_1_arm_1' });
      assert.deepEqual(new Uint8Array(await file.arrayBuffer()), bytes);
    } finally {
      await proxy.close();
    }
  });

  test('content, action or any other field after the file is refused, and REDCap never gets the call', async () => {
    const proxy = await startProxy({ allow: ['importFile'], authorize: (_request, call) => call.params.get('record') === '1' });
    try {
      for (const [name, value] of [
        ['action', 'delete'],
        ['content', 'fileRepository'],
        ['action[0]', 'delete'],
        ['record', '2'],
      ] as const) {
        const body = multipartBody(boundary, [
          ...importFile.map(([key, field]) => ({ name: key, value: field })),
          { name: 'file', filename: 'a.pdf', bytes: new Uint8Array(200_000).fill(7) },
          { name, value },
        ]);
        const answer = await upload(proxy.url, proxy.origin, body);
        assert.equal(answer.status, 400, name);
        assert.match((await answer.json()).error, new RegExp(`a part \\(${name.replace(/[[\]]/g, '\\$&')}\\) after its file`));
      }
      assert.equal(proxy.upstream.length, 0, 'no whole body reached REDCap');
    } finally {
      await proxy.close();
    }
  });

  test('every check runs on the fields before a byte of the file is forwarded', async () => {
    const proxy = await startProxy({ allow: ['importFile'], authorize: (_request, call) => call.params.get('record') === '1' });
    try {
      const file = { name: 'file', filename: 'a.pdf', bytes: new Uint8Array(1000) };
      const refused = await upload(
        proxy.url,
        proxy.origin,
        multipartBody(boundary, [{ name: 'content', value: 'file' }, { name: 'action', value: 'delete' }, file]),
      );
      assert.equal(refused.status, 403);
      const twice = await upload(
        proxy.url,
        proxy.origin,
        multipartBody(boundary, [...importFile.map(([name, value]) => ({ name, value })), { name: 'action', value: 'delete' }, file]),
      );
      assert.equal(twice.status, 400);
      assert.match((await twice.json()).error, /more than one `action`/);
      const other = multipartBody(boundary, [
        ...importFile.map(([name, value]) => ({ name, value: name === 'record' ? '2' : value })),
        file,
      ]);
      assert.equal((await upload(proxy.url, proxy.origin, other)).status, 403);
      const big = multipartBody(boundary, [
        { name: 'data', value: 'x'.repeat(9000) },
        ...importFile.map(([name, value]) => ({ name, value })),
        file,
      ]);
      const bigAnswer = await upload(proxy.url, proxy.origin, big);
      assert.equal(bigAnswer.status, 400);
      assert.match((await bigAnswer.json()).error, /field data is over 8192 bytes/);
      assert.equal(proxy.upstream.length, 0);
    } finally {
      await proxy.close();
    }
  });
});

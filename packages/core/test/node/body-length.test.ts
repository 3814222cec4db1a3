/**
 * A body shorter than the `Content-Length` the server sent was cut short on the way.
 * Node's own fetch notices when the socket closes early, but the SDK takes any
 * `fetch` (proxies, External Module transports, test doubles), and not all of them
 * do: the pipeline must compare the length itself, and treat a short body as a lost
 * answer (an error, retried for reads), never as the whole export.
 *
 * The server here is a real node:http server; the client's `fetch` is a plain
 * transport over node:http that hands on whatever bytes arrived before the socket closed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRedcap, RedcapError } from '@redcap-sdk/core';

const token = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';
const csv = 'record_id,name\n1,Ann\n2,Bo\n3,Cy\n';
const pdf = `%PDF-1.4\n${'x'.repeat(2000)}\n%%EOF\n`;

/** How the next answers go: `short` ones declare the whole length but send only part of the body. */
let plan: ('short' | 'whole')[] = [];
let requests = 0;

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    requests++;
    const file = request.url === '/file';
    const body = Buffer.from(file ? pdf : csv);
    const short = (plan.shift() ?? 'whole') === 'short';
    const headers = file
      ? `Content-Type: application/pdf; name="consent.pdf"\r\nContent-Length: ${body.length}`
      : `Content-Type: text/csv; charset=utf-8\r\nContent-Length: ${body.length}`;
    // Ends on a line break, so only the length tells that rows are missing.
    const sent = short ? body.subarray(0, file ? 1000 : csv.indexOf('2,Bo')) : body;
    response.socket!.write(`HTTP/1.1 200 OK\r\n${headers}\r\nConnection: close\r\n\r\n`);
    response.socket!.end(sent);
  });
});

/** A fetch over node:http that resolves with the bytes that came, whether or not they were all. */
const lenientFetch: typeof globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const payload = Buffer.from(await request.arrayBuffer());
  return new Promise<Response>((resolve, reject) => {
    const outgoing = http.request(request.url, { method: request.method, headers: Object.fromEntries(request.headers) }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', () => undefined);
      incoming.on('close', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0, headers }));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
};

let base = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(path: string, retry: false | { limit: number; delay: number }) {
  return createRedcap({ url: `${base}${path}`, token, fetch: lenientFetch, retry });
}

test('a CSV export shorter than its Content-Length is an error, not fewer rows', async () => {
  plan = ['short'];
  await assert.rejects(client('/api/', false).records.export({ format: 'csv' }), (error: unknown) => {
    assert.ok(error instanceof RedcapError, String(error));
    assert.match(error.message, /cut short|Content-Length/i);
    assert.ok(!error.message.includes(token));
    return true;
  });
});

test('a read whose body came short is retried, and the whole body is returned', async () => {
  plan = ['short', 'whole'];
  requests = 0;
  assert.equal(await client('/api/', { limit: 2, delay: 1 }).records.export({ format: 'csv' }), csv);
  assert.equal(requests, 2);
});

test('a file export shorter than its Content-Length is an error, not a short file', async () => {
  plan = ['short'];
  await assert.rejects(
    client('/file', false).files.export({ record: '1', field: 'consent' }),
    (error: unknown) => error instanceof RedcapError && /cut short|Content-Length/i.test(error.message),
  );
});

test('a whole body is accepted', async () => {
  plan = ['whole'];
  const file = await client('/file', false).files.export({ record: '1', field: 'consent' });
  assert.equal(file.size, Buffer.byteLength(pdf));
});

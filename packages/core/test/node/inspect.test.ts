/** Node's own printing (util.inspect, console.log) never shows the token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createClient, createRedcap, RedcapApiError, RedcapBatchError, RedcapError } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';

const token = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';
const url = 'https://redcap.example.test/api/';

test('util.inspect of clients shows the masked token only', () => {
  for (const client of [createClient({ url, token }), createRedcap({ url, token })]) {
    const text = inspect(client, { depth: Infinity, showHidden: true });
    assert.equal(inspect(client), `REDCap client for ${url} with token C0F***************************EE`);
    assert.ok(!text.includes(token));
  }
});

test('util.inspect of an error from a failed call holds no token', async () => {
  const redcap = createRedcap({
    url,
    token,
    fetch: async (input) => {
      // A proxy echoing the request body back.
      const body = await new Request(input as Request).text();
      return new Response(`{"error":"bad request: ${body}"}`, { status: 400 });
    },
  });
  const error = await redcap.records.export().catch((e: unknown) => e);
  assert.ok(error instanceof RedcapApiError);
  const text = inspect(error, { depth: Infinity, showHidden: true });
  assert.ok(!text.includes(token), text);
  assert.match(error.redcapMessage, /\[token\]/);
});

test('util.inspect of errors from injected faults holds no token', async () => {
  const mock = createMockRedcap({ project: 'classic', token });
  const client = (options: { timeout?: number } = {}): ReturnType<typeof createRedcap> =>
    createRedcap({ url, token, fetch: mock.fetch, retry: false, ...options });
  const faults = [
    { kind: 'reset' },
    { kind: 'reset-mid-body' },
    { kind: 'truncate' },
    { kind: 'gateway', status: 502 },
    { kind: 'php-fatal' },
    { kind: 'rate-limit', retryAfter: 1 },
    { kind: 'banned' },
    { kind: 'redirect', location: 'https://elsewhere.example.org/api/' },
    { kind: 'hang' },
    { kind: 'latency', ms: 500 },
  ] as const;
  const seen: string[] = [];
  for (const fault of faults) {
    mock.inject(fault, { times: 1 });
    const error = await client({ timeout: 100 })
      .records.export()
      .catch((e: unknown) => e);
    assert.ok(error instanceof RedcapError, `${fault.kind}: ${String(error)}`);
    seen.push(error.name);
    for (const text of [
      inspect(error, { depth: Infinity, showHidden: true }),
      inspect({ wrapped: error }, { depth: Infinity }),
      String(error.stack),
    ]) {
      assert.ok(!text.includes(token), `${fault.kind}: ${text}`);
    }
  }
  assert.deepEqual([...new Set(seen)].sort(), [
    'RedcapApiError',
    'RedcapHttpError',
    'RedcapNetworkError',
    'RedcapResponseError',
    'RedcapTimeoutError',
  ]);

  // A batched import that loses its second batch: the batch error and its cause.
  mock.inject({ kind: 'reset-mid-body' }, { times: 1, match: { content: 'record', action: 'import' } });
  const batch = await client()
    .records.import([{ record_id: '1' }, { record_id: '2' }], { batchSize: 1 })
    .catch((e: unknown) => e);
  assert.ok(batch instanceof RedcapBatchError);
  const text = inspect(batch, { depth: Infinity, showHidden: true });
  assert.match(text, /RedcapNetworkError/);
  assert.ok(!text.includes(token), text);
});

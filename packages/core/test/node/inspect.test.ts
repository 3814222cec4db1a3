/** Node's own printing (util.inspect, console.log) never shows the token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createClient, createRedcap, RedcapApiError } from '@redcap-sdk/core';

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
  const redcap = createRedcap({ url, token, fetch: async (input) => {
    // A proxy echoing the request body back.
    const body = await new Request(input as Request).text();
    return new Response(`{"error":"bad request: ${body}"}`, { status: 400 });
  } });
  const error = await redcap.records.export().catch((e: unknown) => e);
  assert.ok(error instanceof RedcapApiError);
  const text = inspect(error, { depth: Infinity, showHidden: true });
  assert.ok(!text.includes(token), text);
  assert.match(error.redcapMessage, /\[token\]/);
});

/**
 * The proxy on a real Node http server, with the simulator over HTTP behind it, called
 * by the SDK (token-less client) and by raw requests a hostile page could make.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRedcap, RedcapApiError } from '@redcap-sdk/core';
import { createRedcapProxy, readOnlyMethods } from '@redcap-sdk/proxy';
import { methodTable } from '@redcap-sdk/core/methods';
import { canaryToken, type ProxyUnderTest, startProxy } from './servers.ts';

const header = { 'X-REDCap-Proxy': '1' };

function clientOf(proxy: ProxyUnderTest, extra: Record<string, string> = {}): ReturnType<typeof createRedcap> {
  // A script outside a browser says where it comes from itself; browsers send Origin on their own.
  return createRedcap({ url: proxy.url, token: null, headers: { origin: proxy.origin, ...header, ...extra }, retry: false });
}

/** A raw form POST to the proxy, as a page or a hostile site could send it. */
function post(proxy: ProxyUnderTest, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(proxy.url, { method: 'POST', body: new URLSearchParams(fields), headers: { origin: proxy.origin, ...header, ...headers } });
}

describe('createRedcapProxy behind node:http', () => {
  let proxy: ProxyUnderTest;
  before(async () => {
    proxy = await startProxy({ allow: [...readOnlyMethods, 'importFile'] });
  });
  after(() => proxy.close());

  test('an allowed call goes through with the proxy token added', async () => {
    const redcap = clientOf(proxy);
    const rows = await redcap.records.export({ fields: ['record_id'] });
    assert.ok(rows.length > 0);
    assert.match(await redcap.version(), /^\d+\.\d+\.\d+$/);
    const sent = proxy.upstream.at(-1) ?? [];
    assert.deepEqual(
      sent.filter(([name]) => name === 'token').map(([, value]) => value === canaryToken),
      [true],
    );
  });

  test('a method outside the allowlist is refused with 403 and never reaches REDCap', async () => {
    const before = proxy.upstream.length;
    const error = await clientOf(proxy)
      .records.delete({ records: ['1'] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof RedcapApiError);
    assert.equal(error.status, 403);
    assert.match(error.message, /does not forward deleteRecords/);
    assert.equal(proxy.upstream.length, before);
    assert.ok((await clientOf(proxy).records.export({ records: ['1'] })).length > 0, 'the record is still there');
  });

  test('cross-origin requests, requests without Origin and requests without the header are refused', async () => {
    const before = proxy.upstream.length;
    const version = { content: 'version', action: 'export' };
    const crossOrigin = await post(proxy, version, { origin: 'https://evil.example' });
    assert.equal(crossOrigin.status, 403);
    assert.match((await crossOrigin.json()).error, /Requests from https:\/\/evil\.example are refused/);
    const crossSite = await post(proxy, version, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    const noOrigin = await fetch(proxy.url, { method: 'POST', body: new URLSearchParams(version), headers: header });
    assert.equal(noOrigin.status, 403);
    // What a cross-site <form> can send: no custom header.
    const form = await fetch(proxy.url, { method: 'POST', body: new URLSearchParams(version), headers: { origin: proxy.origin } });
    assert.equal(form.status, 403);
    assert.match((await form.json()).error, /without the X-REDCap-Proxy header/);
    assert.equal(proxy.upstream.length, before, 'nothing reached REDCap');
  });

  test('a token the page sends is dropped: REDCap sees only the proxy token', async () => {
    const pageToken = '0123456789ABCDEF0123456789ABCDEF';
    const answer = await post(proxy, { token: pageToken, 'token[0]': pageToken, content: 'version', action: 'export' });
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /^\d+\.\d+\.\d+$/);
    const tokens = (proxy.upstream.at(-1) ?? []).filter(([name]) => name.startsWith('token'));
    assert.equal(tokens.length, 1);
    assert.ok(tokens[0]?.[1] === canaryToken);
    // The SDK in a browser with a token of its own: the call works, with the proxy's token.
    const withToken = createRedcap({ url: proxy.url, token: pageToken, headers: { origin: proxy.origin, ...header }, retry: false });
    assert.match(await withToken.version(), /^\d+\.\d+\.\d+$/);
  });

  test('a file goes up and comes back through the proxy', async () => {
    const redcap = clientOf(proxy);
    const bytes = new Uint8Array(200_000).map((_, index) => (index * 7) % 256);
    const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
    await redcap.files.import({ ...target, file: new File([bytes], 'consent scan.pdf', { type: 'application/pdf' }) });
    const file = await redcap.files.export(target);
    assert.equal(file.name, 'consent scan.pdf');
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), bytes);
  });

  test("REDCap's errors come back with their status and message", async () => {
    const error = await clientOf(proxy)
      .records.export({ fields: ['no_such_field'] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof RedcapApiError);
    assert.equal(error.status, 400);
    assert.match(error.redcapMessage ?? '', /no_such_field/);
  });

  test('repeated or array-style content and action are refused, so REDCap runs what was checked', async () => {
    const twice = await fetch(proxy.url, {
      method: 'POST',
      body: 'content=version&action=export&action=delete',
      headers: { origin: proxy.origin, ...header, 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(twice.status, 400);
    const array = await post(proxy, { content: 'record', action: 'export', 'action[0]': 'delete' });
    assert.equal(array.status, 400);
    const unknown = await post(proxy, { content: 'record', action: 'purge' });
    assert.equal(unknown.status, 400);
    assert.match((await unknown.json()).error, /not a REDCap API method/);
  });

  test('only POST is answered', async () => {
    const get = await fetch(proxy.url, { headers: { origin: proxy.origin, ...header } });
    assert.equal(get.status, 405);
  });
});

describe('createRedcapProxy limits and authorize', () => {
  test('authorize sees the method and parameters and can refuse, or answer for itself', async () => {
    const seen: string[] = [];
    const proxy = await startProxy({
      authorize: (request, call) => {
        seen.push(`${call.method} ${call.params.getAll('records').join(',')} ${request.headers.get('x-user') ?? ''}`);
        if (request.headers.get('x-user') === 'guest') return new Response(JSON.stringify({ error: 'Log in first.' }), { status: 401 });
        return call.params.getAll('records').every((record) => record === '1');
      },
    });
    try {
      assert.ok((await clientOf(proxy, { 'x-user': 'ada' }).records.export({ records: ['1'] })).length > 0);
      const refused = await clientOf(proxy, { 'x-user': 'ada' })
        .records.export({ records: ['1', '2'] })
        .catch((caught: unknown) => caught);
      assert.ok(refused instanceof RedcapApiError && refused.status === 403);
      const guest = await clientOf(proxy, { 'x-user': 'guest' })
        .version()
        .catch((caught: unknown) => caught);
      assert.ok(guest instanceof RedcapApiError && guest.status === 401 && /Log in first/.test(guest.message));
      assert.deepEqual(seen, ['exportRecords 1 ada', 'exportRecords 1,2 ada', 'exportVersion  guest']);
    } finally {
      await proxy.close();
    }
  });

  test('a body over maxBodyBytes is refused with 413, declared or streamed', async () => {
    const proxy = await startProxy({ maxBodyBytes: 1000, allow: ['importFile'] });
    try {
      const big = await post(proxy, { content: 'version', action: 'export', pad: 'x'.repeat(2000) });
      assert.equal(big.status, 413);
      let sent = 0;
      const streamed = await fetch(proxy.url, {
        method: 'POST',
        headers: { origin: proxy.origin, ...header, 'content-type': 'application/x-www-form-urlencoded' },
        duplex: 'half',
        body: new ReadableStream({
          pull(controller) {
            sent += 500;
            if (sent > 10_000) controller.close();
            else controller.enqueue(new TextEncoder().encode('a'.repeat(500)));
          },
        }),
      } as RequestInit);
      assert.equal(streamed.status, 413);
      assert.equal(proxy.upstream.length, 0);
    } finally {
      await proxy.close();
    }
  });

  test('calls past the per-user rate limit get 429 with Retry-After, per key', async () => {
    const proxy = await startProxy({ rateLimit: { perMinute: 2, key: (request) => request.headers.get('x-user') ?? undefined } });
    try {
      const version = { content: 'version', action: 'export' };
      assert.equal((await post(proxy, version, { 'x-user': 'ada' })).status, 200);
      assert.equal((await post(proxy, version, { 'x-user': 'ada' })).status, 200);
      const third = await post(proxy, version, { 'x-user': 'ada' });
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers.get('retry-after')) >= 1);
      assert.equal((await post(proxy, version, { 'x-user': 'grace' })).status, 200, 'another user has a budget of their own');
    } finally {
      await proxy.close();
    }
  });

  test('the token never appears in an answer, even when REDCap echoes it', async () => {
    const echo = createRedcapProxy({
      url: 'https://redcap.example.test/api/',
      token: canaryToken,
      authorize: () => true,
      fetch: async () =>
        new Response(`{"error":"The token ${canaryToken} (or ${canaryToken.toLowerCase()}) is wrong"}`, {
          status: 403,
          headers: { 'content-type': 'application/json', 'set-cookie': 'PHPSESSID=1' },
        }),
    });
    const answer = await echo(
      new Request('https://app.example.test/redcap-proxy/', {
        method: 'POST',
        body: new URLSearchParams({ content: 'version', action: 'export' }),
        headers: { origin: 'https://app.example.test', ...header },
      }),
    );
    assert.equal(answer.status, 403);
    assert.equal(answer.headers.get('set-cookie'), null);
    assert.equal(await answer.text(), '{"error":"The token [token] (or [token]) is wrong"}');
  });

  test('REDCap out of reach is a 502 that says so and nothing more', async () => {
    const down = createRedcapProxy({
      url: 'https://redcap.example.test/api/',
      token: canaryToken,
      authorize: () => true,
      fetch: async () => {
        throw new TypeError(`fetch failed for token=${canaryToken}`);
      },
    });
    const answer = await down(
      new Request('https://app.example.test/p', {
        method: 'POST',
        body: new URLSearchParams({ content: 'version' }),
        headers: { origin: 'https://app.example.test', ...header },
      }),
    );
    assert.equal(answer.status, 502);
    assert.deepEqual(await answer.json(), { error: 'The proxy could not reach REDCap.' });
  });

  test('bad options fail at start-up with the fix named', () => {
    const base = { url: 'https://redcap.example.test/api/', token: canaryToken, authorize: () => true };
    assert.throws(() => createRedcapProxy({ ...base, token: undefined as never }), /`token` is undefined: .*environment variable/);
    assert.throws(() => createRedcapProxy({ ...base, authorize: undefined as never }), /`authorize\(request, call\)` is required/);
    assert.throws(() => createRedcapProxy({ ...base, allow: ['exportRecord' as never] }), /"exportRecord", which is not a REDCap method/);
    assert.throws(() => createRedcapProxy({ ...base, url: 'http://redcap.example.test/api/' }), /must use https/);
  });

  test('the default allowlist is the read-only methods of the method table', () => {
    const expected = methodTable.filter((m) => m.retry === 'read' && ['export', 'list'].includes(m.action)).map((m) => m.name);
    assert.deepEqual(readOnlyMethods, expected);
    for (const write of ['importRecords', 'deleteRecords', 'importFile', 'deleteFile', 'switchDag', 'createProject'] as const) {
      assert.ok(!readOnlyMethods.includes(write), write);
    }
    assert.ok(readOnlyMethods.includes('exportRecords') && readOnlyMethods.includes('listRepository'));
  });
});

// The shipped proxy in Chromium: examples/web-proxy/server.mjs (the page, the SDK's
// <script> build and @redcap-sdk/proxy on one origin) with the simulator behind it over HTTP.
import { expect, test } from '@playwright/test';
import type {} from '@redcap-sdk/core/redcap.global.js';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { readOnlyMethods } from '@redcap-sdk/proxy';
import { startWebProxy } from '../../examples/web-proxy/server.mjs';
import { guard } from './guard.ts';

const mock = createMockRedcap();
/** The tokens of each request the proxy sent to REDCap: compared, never printed. */
const upstream: boolean[][] = [];
let server: { url: string; close(): Promise<void> };
let redcap: { url: string; close(): Promise<void> };

test.beforeAll(async () => {
  redcap = await startMockServer(mock, { port: 0 });
  server = await startWebProxy({
    redcapUrl: redcap.url,
    token: mock.token,
    allow: [...readOnlyMethods, 'importFile'],
    fetch: async (input, init) => {
      const body = init?.body;
      if (body instanceof FormData || body instanceof URLSearchParams)
        upstream.push(body.getAll('token').map((token) => token === mock.token));
      if (body instanceof ReadableStream) {
        // A streamed upload: read it here to see its tokens, then send the same bytes on.
        const bytes = new Uint8Array(await new Response(body).arrayBuffer());
        const form = await new Response(bytes, { headers: new Headers(init?.headers) }).formData();
        upstream.push(form.getAll('token').map((token) => token === mock.token));
        return fetch(input, { ...init, body: bytes, duplex: undefined } as RequestInit);
      }
      return fetch(input, init);
    },
  });
});
test.afterAll(async () => {
  await server.close();
  await redcap.close();
});

test('index.html lists the records through the proxy and never sends a token', async ({ page }) => {
  const escaped = await guard(page);
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/redcap-proxy/') bodies.push(request.postData() ?? '');
  });
  await page.goto(server.url);
  await expect(page.locator('#status')).toHaveText(/^\d+ rows from REDCap \d+\.\d+\.\d+$/);
  expect(await page.locator('#records tbody tr').count()).toBeGreaterThan(0);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body).not.toContain('token');
  expect(escaped).toEqual([]);
});

test('in the page: a refused method, a dropped page token and a file round trip', async ({ page }) => {
  const escaped = await guard(page);
  await page.goto(server.url);
  await expect(page.locator('#status')).toHaveText(/rows from REDCap/);
  const before = upstream.length;
  const result = await page.evaluate(async () => {
    const options = { url: new URL('/redcap-proxy/', location.href).href, headers: { 'X-REDCap-Proxy': '1' }, retry: false as const };
    const client = window.RedcapSDK.createRedcap({ ...options, token: null });
    const refused = await client.records.delete({ records: ['1'] }).then(
      () => 'deleted',
      (error: Error & { status?: number }) => `${error.name} ${error.status}: ${error.message}`,
    );
    // A page that holds a token anyway: the proxy drops it and uses its own.
    const withToken = window.RedcapSDK.createRedcap({
      ...options,
      token: '0123456789ABCDEF0123456789ABCDEF',
      dangerouslyAllowBrowser: true,
    });
    const version = await withToken.version();
    const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
    await client.files.import({ ...target, file: new File(['%PDF-1.4 from the page'], 'page upload.pdf', { type: 'application/pdf' }) });
    const file = await client.files.export(target);
    return { refused, version, name: file.name, text: await file.text() };
  });
  expect(result.refused).toMatch(/^RedcapApiError 403: .*does not forward deleteRecords/);
  expect(result.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(result).toMatchObject({ name: 'page upload.pdf', text: '%PDF-1.4 from the page' });
  // version, import, export: the delete never left the proxy, and REDCap saw the proxy's token alone.
  expect(upstream.slice(before)).toEqual([[true], [true], [true]]);
  expect(escaped).toEqual([]);
});

test('a page on another origin is refused: neither the SDK nor a form-like request reaches REDCap', async ({ page }) => {
  const escaped = await guard(page);
  const proxyUrl = new URL('/redcap-proxy/', server.url).href;
  // Same server, another origin: localhost instead of 127.0.0.1; a page of it with the SDK but no calls of its own.
  const other = server.url.replace('127.0.0.1', 'localhost');
  await page.goto(`${other}blank`);
  await page.addScriptTag({ url: `${other}redcap.global.js` });
  const before = upstream.length;
  const outcome = await page.evaluate(async (url) => {
    const client = window.RedcapSDK.createRedcap({ url, token: null, headers: { 'X-REDCap-Proxy': '1' }, retry: false });
    const sdk = await client.version().then(
      (version) => `answered ${version}`,
      (error: Error) => error.name,
    );
    // What a cross-site <form> can send: no custom header, an opaque answer.
    await fetch(url, { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ content: 'version', action: 'export' }) });
    return sdk;
  }, proxyUrl);
  expect(outcome).toBe('RedcapNetworkError');
  expect(upstream.length).toBe(before);
  expect(escaped).toEqual([]);
});

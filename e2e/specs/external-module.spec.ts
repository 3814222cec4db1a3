import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { guard } from './guard.ts';
import type {} from '@redcap-sdk/core/redcap.global.js';

declare global {
  interface Window {
    /** Set by e2e/external-module.mjs: resolves once the stand-in proxy (msw) is up. */
    proxyReady: Promise<void>;
    /** Set by e2e/external-module.mjs: the page's request bodies that reached the proxy. */
    proxied: string[];
  }
}

/** The page's own API requests (to the same-origin proxy), as sent. */
function proxyBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/redcap-proxy/') bodies.push(request.postData() ?? '');
  });
  return bodies;
}

test('the <script> build defines RedcapSDK and calls the simulator through a same-origin proxy (msw)', async ({ page }) => {
  const escaped = await guard(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/external-module.html');
  await expect(page.locator('#status')).toHaveText(/^(done|error)/);
  await expect(page.locator('#status')).toHaveText(/^done: \d+ rows, REDCap \d+\.\d+\.\d+$/);
  expect(await page.locator('#records li').count()).toBeGreaterThan(0);

  const proxied = await page.evaluate(() => window.proxied);
  expect(proxied.length).toBe(2);
  for (const body of proxied) {
    expect(body).toContain('content=');
    expect(body).not.toContain('token');
  }
  // The global build is the whole client: its errors and its token guard come along.
  expect(await page.evaluate(() => Object.keys(window.RedcapSDK).length)).toBeGreaterThan(50);
  expect(
    await page.evaluate(() => {
      try {
        window.RedcapSDK.createRedcap({ url: 'https://redcap.example.edu/api/', token: '0123456789ABCDEF0123456789ABCDEF' });
        return 'created';
      } catch (error) {
        return `${(error as Error).name} ${error instanceof window.RedcapSDK.RedcapValidationError}`;
      }
    }),
  ).toBe('RedcapValidationError true');
  // A write the proxy does not allow comes back as REDCap-shaped API error.
  expect(
    await page.evaluate(async () => {
      const redcap = window.RedcapSDK.createRedcap({ url: new URL('/redcap-proxy/', location.href).href });
      return redcap.records.delete({ records: ['1'] }).then(
        () => 'deleted',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    }),
  ).toMatch(/^RedcapApiError: .*does not forward record\/delete/);
  expect(escaped, 'requests that reached the network').toEqual([]);
  expect(errors).toEqual([]);
});

test.describe('examples/external-module served by its proxy.mjs with the simulator behind it', () => {
  let proxy: ChildProcess | undefined;
  let url = '';

  test.beforeAll(async () => {
    proxy = spawn(process.execPath, [join(import.meta.dirname, '../../examples/external-module/proxy.mjs'), '--mock'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      proxy!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match) resolve(match[1]!);
      });
      proxy!.once('exit', (code) => reject(new Error(`proxy.mjs exited with ${code}: ${output}`)));
    });
  });
  test.afterAll(() => {
    proxy?.kill();
  });

  test('index.html lists the records and never sends a token', async ({ page }) => {
    const escaped = await guard(page);
    const bodies = proxyBodies(page);
    await page.goto(url);
    await expect(page.locator('#status')).toHaveText(/^\d+ rows from REDCap \d+\.\d+\.\d+$/);
    expect(await page.locator('#records tbody tr').count()).toBeGreaterThan(0);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).not.toContain('token');
    expect(escaped).toEqual([]);
  });
});

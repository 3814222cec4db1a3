// The External Module kit in Chromium: the example module's records.php under `php -S`
// with a stand-in framework (its module.ajax posts to the module's redcap_module_ajax),
// the SDK's <script> build and the kit's, and the simulator behind the PHP side.
import { expect, test } from '@playwright/test';
import type {} from '@redcap-sdk/core/redcap.global.js';
import type {} from '@redcap-sdk/external-module/redcap-module-ajax.global.js';
import { createRedcap } from '@redcap-sdk/core';
import { type ModuleServer, startModuleServer } from '../../packages/external-module/test/php-server.ts';
import { guard } from './guard.ts';

declare global {
  interface Window {
    /** The stand-in framework's JavaScript Module Object on the page. */
    StandInModuleObject: { ajax(action: string, payload: unknown): Promise<unknown> };
  }
}

let server: ModuleServer;
test.beforeAll(async () => {
  server = await startModuleServer();
  const direct = createRedcap({ url: 'https://redcap.example.test/api/', token: server.mock.token, fetch: server.mock.fetch });
  await direct.files.import({
    record: '1',
    field: 'consent_file',
    event: 'visit_1_arm_1',
    repeatInstance: 1,
    file: new File(['%PDF-1.4 consent'], 'consent.pdf', { type: 'application/pdf' }),
  });
});
test.afterAll(() => server.close());

test('the example page lists records through module.ajax, refuses a write and downloads a file', async ({ page }) => {
  const escaped = await guard(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/ajax') bodies.push(request.postData() ?? '');
  });
  await page.goto(`${server.url}records.php`);
  await expect(page.locator('#status')).toHaveText(/^\d+ rows$/);
  expect(await page.locator('#records li').count()).toBeGreaterThan(0);

  const result = await page.evaluate(async () => {
    const redcap = window.RedcapSDK.createRedcap(window.RedcapModuleAjax.moduleAjaxClientOptions(window.StandInModuleObject));
    const refused = await redcap.records.delete({ records: ['1'] }).then(
      () => 'deleted',
      (error: Error & { status?: number }) => `${error.name} ${error.status}: ${error.message}`,
    );
    const file = await redcap.files.export({ record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 });
    const still = await redcap.records.export({ records: ['1'] });
    return { refused, name: file.name, text: await file.text(), still: still.length };
  });
  expect(result.refused).toMatch(/^RedcapApiError 403: .*does not forward deleteRecords/);
  expect(result).toMatchObject({ name: 'consent.pdf', text: '%PDF-1.4 consent' });
  expect(result.still).toBeGreaterThan(0);
  expect(bodies.length).toBeGreaterThan(2);
  for (const body of bodies) expect(body).not.toContain('token');
  expect(escaped).toEqual([]);
  expect(errors).toEqual([]);
});

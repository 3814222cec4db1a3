import { expect, test, type Page } from '@playwright/test';
import { guard } from './guard.ts';
import { scenarios } from '../../packages/core/test/scenarios/index.ts';
import { browserAdapterScenarios } from '../../packages/browser/test/browser-adapter.scenarios.ts';

async function open(page: Page, query = ''): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.ready !== undefined);
  await page.evaluate(() => window.ready);
  return errors;
}

for (const { name } of [...scenarios, ...browserAdapterScenarios]) {
  test(name, async ({ page }) => {
    const escaped = await guard(page);
    const errors = await open(page);
    await page.evaluate((scenario) => window.runScenario(scenario), name);
    expect(escaped, 'requests that reached the network').toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the built core in a page with no mock: the request is attempted and stopped by the guard', async ({ page }) => {
  const escaped = await guard(page);
  await open(page, '?nomsw');
  expect(await page.evaluate(() => window.callWithoutMock())).toBe('RedcapNetworkError');
  expect(escaped).toEqual(['https://redcap.example.test/api/']);
});

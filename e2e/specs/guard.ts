import type { Page } from '@playwright/test';

/** Any request that leaves for a non-loopback host is recorded and refused: the list of them. */
export async function guard(page: Page): Promise<string[]> {
  const escaped: string[] = [];
  await page.context().route(
    (url) => !/^(127\.0\.0\.1|localhost)$/.test(url.hostname),
    async (route) => {
      escaped.push(route.request().url());
      await route.abort();
    },
  );
  return escaped;
}

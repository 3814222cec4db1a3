import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { MockRedcap } from './mock.ts';

/**
 * msw handlers that send every request to `url` through the simulator: use with
 * `setupServer(...mswHandlers(mock))` in Node or `setupWorker(...)` in browsers.
 * Anything with a `handle` method works, e.g. a router between several simulators.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * const server = setupServer(...mswHandlers(createMockRedcap(), 'https://redcap.example.test/api/'));
 * server.listen();
 * ```
 */
export function mswHandlers(mock: Pick<MockRedcap, 'handle'>, url: string = 'https://redcap.example.test/api/'): HttpHandler[] {
  return [http.all(url, ({ request }) => mock.handle(request))];
}

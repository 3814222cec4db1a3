// The server side of the External Module test page (public/external-module.html), played
// in the page by msw's service worker: the page's same-origin `/redcap-proxy/` goes
// through the example's own `forward` (examples/external-module/forward.mjs), which adds
// the token and hands the request to the simulator. The page itself holds no token.
// Plain JavaScript like the example it serves; rollup bundles it for the page.
import { http } from 'msw';
import { setupWorker } from 'msw/browser';
import { createMockRedcap } from '@redcap-sdk/mock';
import { forward } from '../examples/external-module/forward.mjs';

const mock = createMockRedcap();
/** What reached the stand-in proxy: the page's request bodies, as sent. @type {string[]} */
const proxied = [];
const worker = setupWorker(
  http.all('/redcap-proxy/', async ({ request }) => {
    proxied.push(await request.clone().text());
    return forward(request, { redcapUrl: 'https://redcap.example.test/api/', token: mock.token, fetch: mock.fetch });
  }),
);
Object.assign(window, {
  proxied,
  proxyReady: worker
    .start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true })
    .then(() => undefined),
});

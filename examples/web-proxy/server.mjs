#!/usr/bin/env node
// A page without a token and the shipped proxy that adds it, in one small Node server:
//
//   REDCAP_URL=https://redcap.example.edu/api/ REDCAP_TOKEN=... node examples/web-proxy/server.mjs
//   node examples/web-proxy/server.mjs --mock      (the offline simulator plays REDCap)
//
// GET / serves index.html, GET /redcap.global.js the SDK's <script> build, and
// POST /redcap-proxy/ goes to @redcap-sdk/proxy, which checks the call, adds the token
// and forwards it. The token stays in this process: the page never sees it.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createRedcapProxy } from '@redcap-sdk/proxy';
import { toNodeListener } from '@redcap-sdk/proxy/node';

const page = new URL('./index.html', import.meta.url);
const sdkBuild = new URL(import.meta.resolve('@redcap-sdk/core/redcap.global.js'));

/**
 * Starts the page and its proxy on 127.0.0.1.
 *
 * @param {{ redcapUrl: string, token: string, port?: number } & Partial<import('@redcap-sdk/proxy').RedcapProxyOptions>} options
 *   the rest goes to createRedcapProxy (`allow`, `authorize`, `fetch`, ...)
 * @returns {Promise<{ url: string, close(): Promise<void> }>} `url` is the page's address
 */
export async function startWebProxy({ redcapUrl, token, port = 0, ...proxyOptions }) {
  const proxy = toNodeListener(
    createRedcapProxy({
      url: redcapUrl,
      token,
      // Your app decides here who may call what: look up the session from the request's cookie.
      // This example listens on 127.0.0.1 only, so everyone who can reach it is on this machine.
      authorize: () => true,
      ...proxyOptions,
    }),
  );
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path === '/redcap-proxy/') return proxy(req, res);
    if (req.method === 'GET' && (path === '/' || path === '/index.html'))
      return send(res, 'text/html; charset=utf-8', await readFile(page));
    if (req.method === 'GET' && path === '/redcap.global.js') return send(res, 'text/javascript; charset=utf-8', await readFile(sdkBuild));
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

/** @param {import('node:http').ServerResponse} res @param {string} type @param {Buffer} body */
function send(res, type, body) {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8090);
  let { REDCAP_URL: redcapUrl, REDCAP_TOKEN: token } = process.env;
  if (process.argv.includes('--mock')) {
    const { createMockRedcap } = await import('@redcap-sdk/mock');
    const { startMockServer } = await import('@redcap-sdk/mock/server');
    const mock = createMockRedcap();
    redcapUrl = (await startMockServer(mock, { port: 0 })).url;
    token = mock.token;
  }
  if (!redcapUrl || !token) {
    console.error('Set REDCAP_URL and REDCAP_TOKEN, or pass --mock to use the offline simulator.');
    process.exit(1);
  }
  const server = await startWebProxy({ redcapUrl, token, port });
  console.log(`Web proxy example at ${server.url} (REDCap: ${redcapUrl})`);
}

#!/usr/bin/env node
// A same-origin REDCap proxy and the page that uses it, in one small Node server:
//
//   REDCAP_URL=https://redcap.example.edu/api/ REDCAP_TOKEN=... node examples/external-module/proxy.mjs
//   node examples/external-module/proxy.mjs --mock      (the offline simulator plays REDCap)
//
// then open the printed address. GET / serves index.html, GET /redcap.global.js the SDK's
// <script> build, and POST /redcap-proxy/ goes through forward.mjs, which adds the token.
// The token stays in this process: the page never sees it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { forward, readOnly } from './forward.mjs';

const page = new URL('./index.html', import.meta.url);
const sdkBuild = new URL(import.meta.resolve('@redcap-sdk/core/redcap.global.js'));

/**
 * Starts the proxy on 127.0.0.1.
 *
 * @param {{ redcapUrl: string, token: string, port?: number, allow?: readonly string[], fetch?: typeof fetch }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>} `url` is the page's address
 */
export async function startProxy({ redcapUrl, token, port = 0, allow = readOnly, fetch }) {
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://local').pathname;
      if (req.method === 'GET' && (path === '/' || path === '/index.html'))
        return send(res, 200, 'text/html; charset=utf-8', await readFile(page));
      if (req.method === 'GET' && path === '/redcap.global.js')
        return send(res, 200, 'text/javascript; charset=utf-8', await readFile(sdkBuild));
      if (path !== '/redcap-proxy/') return send(res, 404, 'text/plain', 'not found');
      const answer = await forward(toWebRequest(req), { redcapUrl, token, allow, ...(fetch ? { fetch } : {}) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      // The error could hold the token (a URL, a body): log it here, tell the page less.
      console.error('proxy error:', error);
      if (!res.headersSent) send(res, 502, 'application/json', JSON.stringify({ error: 'The proxy could not reach REDCap.' }));
      else res.destroy();
    }
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

/**
 * The page's request as a web Request; only its content type and body are passed on
 * (no cookies or other headers reach REDCap). The body streams through.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {Request}
 */
function toWebRequest(req) {
  const init = {
    method: req.method,
    headers: { 'content-type': req.headers['content-type'] ?? '' },
    ...(req.method === 'POST' ? { body: Readable.toWeb(req), duplex: 'half' } : {}),
  };
  // Node's web streams and the DOM's are the same at run time but typed apart.
  return new Request(`http://${req.headers.host}${req.url}`, /** @type {RequestInit} */ (/** @type {unknown} */ (init)));
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} type @param {string | Buffer} body */
function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
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
  const proxy = await startProxy({ redcapUrl, token, port });
  console.log(`External Module example at ${proxy.url} (REDCap: ${redcapUrl})`);
}

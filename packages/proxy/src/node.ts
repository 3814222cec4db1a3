import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { TLSSocket } from 'node:tls';
import type { RedcapProxy } from './create-proxy.ts';

export type { RedcapProxy };

/** A Node request listener, as `http.createServer` and Express take. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/** The Node request as a web `Request`, its body streaming through. */
function toWebRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const secure = (request.socket as Partial<TLSSocket>).encrypted === true;
  const url = new URL(request.url ?? '/', `${secure ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, {
    method: request.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * Puts a proxy (or any web-standard handler) behind Node's `http` server, or an Express
 * or Connect route: the request body and the answer stream through. Mount it where no
 * body parser has read the body first.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createRedcapProxy } from '@redcap-sdk/proxy';
 * import { toNodeListener } from '@redcap-sdk/proxy/node';
 *
 * const proxy = createRedcapProxy({ url: process.env.REDCAP_URL!, token: process.env.REDCAP_TOKEN!, authorize });
 * createServer(toNodeListener(proxy)).listen(8080);
 * // Express: app.post('/redcap-proxy/', toNodeListener(proxy));
 * ```
 */
export function toNodeListener(handler: RedcapProxy): NodeListener {
  return (request, response) => {
    void (async () => {
      try {
        const answer = await handler(toWebRequest(request), { remoteAddress: request.socket.remoteAddress });
        // Headers.forEach joins repeated headers but for set-cookie; the proxy passes neither.
        const headers: Record<string, string> = Object.fromEntries(answer.headers);
        response.writeHead(answer.status, headers);
        if (answer.body === null) response.end();
        else await pipeline(Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>), response);
      } catch {
        // The error may hold request details; the page gets a plain failure.
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'The proxy failed.' }));
        } else response.destroy();
      }
    })();
  };
}

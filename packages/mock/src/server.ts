/// <reference types="node" />
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { MockRedcap } from './mock.ts';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port to listen on; `0` or absent picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `'127.0.0.1'`. */
  readonly host?: string;
}

/** A running HTTP server in front of a simulator. */
export interface MockServer {
  /** The API endpoint: `http://127.0.0.1:<port>/api/`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const NOT_FOUND =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

/**
 * Serves the simulator over HTTP at `/api/` (other paths get a web server's 404 page).
 *
 * @example
 * ```ts
 * const server = await startMockServer(createMockRedcap(), { port: 8080 });
 * console.log(server.url); // http://127.0.0.1:8080/api/
 * await server.close();
 * ```
 */
export async function startMockServer(mock: MockRedcap, options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    void serve(mock, request, response, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/api/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(mock: MockRedcap, incoming: IncomingMessage, outgoing: ServerResponse, host: string): Promise<void> {
  try {
    const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? host}`);
    if (url.pathname !== '/api/') {
      incoming.resume();
      outgoing.writeHead(404, { 'content-type': 'text/html; charset=iso-8859-1' });
      outgoing.end(NOT_FOUND);
      return;
    }
    const headers = new Headers();
    for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2)
      headers.append(incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string);
    const method = incoming.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (hasBody) {
      init.body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    } else {
      incoming.resume();
    }
    const response = await mock.handle(new Request(url, init));
    if (response.type === 'error') {
      // A `reset` fault: drop the connection without an answer.
      incoming.socket.resetAndDestroy();
      return;
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    outgoing.writeHead(response.status, response.statusText, responseHeaders);
    // Status and headers go out now, even when the body is slow to come (or never does).
    outgoing.flushHeaders();
    if (response.body && method !== 'HEAD') {
      const reader = response.body.getReader();
      // A client that gives up releases a body that would never end.
      const release = (): void => void reader.cancel().catch(() => undefined);
      outgoing.once('close', release);
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!outgoing.write(value)) {
            await new Promise<void>((resolve) => {
              outgoing.once('drain', () => resolve());
              outgoing.once('close', () => resolve());
            });
          }
        }
      } catch {
        // The body failed half way (a `reset-mid-body` fault): reset the connection, as a crashed server would.
        incoming.socket.resetAndDestroy();
        return;
      } finally {
        outgoing.off('close', release);
      }
    }
    if (!outgoing.destroyed) outgoing.end();
  } catch {
    if (outgoing.headersSent) {
      incoming.socket.resetAndDestroy();
      return;
    }
    outgoing.writeHead(500);
    outgoing.end();
  }
}

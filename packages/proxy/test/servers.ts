/** Test servers: the simulator over HTTP, and a proxy in front of it on a Node http server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockRedcap, type MockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { createRedcapProxy, type RedcapProxyOptions } from '@redcap-sdk/proxy';
import { toNodeListener } from '@redcap-sdk/proxy/node';

/** The canary token of the secrecy checks: the test runner fails if it shows up in any output. */
export const canaryToken = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';

export interface ProxyUnderTest {
  readonly url: string;
  readonly origin: string;
  readonly mock: MockRedcap;
  /** The bodies the proxy sent to REDCap, as name/value pairs (files as `File`). */
  readonly upstream: Array<Array<[string, FormDataEntryValue]>>;
  close(): Promise<void>;
}

/** A Node http server running the proxy in front of the simulator (served over HTTP too). */
export async function startProxy(options: Partial<RedcapProxyOptions> = {}): Promise<ProxyUnderTest> {
  const mock = createMockRedcap({ token: canaryToken });
  const redcap = await startMockServer(mock, { port: 0 });
  const upstream: ProxyUnderTest['upstream'] = [];
  const proxy = createRedcapProxy({
    url: redcap.url,
    token: canaryToken,
    authorize: () => true,
    fetch: async (input, init) => {
      const body = init?.body;
      if (body instanceof ReadableStream) {
        // A streamed upload: read here so the test sees what REDCap got (a failed stream rejects, as fetch would).
        const bytes = await new Response(body).arrayBuffer();
        const type = new Headers(init?.headers).get('content-type') ?? '';
        upstream.push([...(await new Response(bytes, { headers: { 'content-type': type } }).formData())]);
        return fetch(input, { ...init, body: bytes });
      }
      upstream.push(body instanceof FormData || body instanceof URLSearchParams ? [...body.entries()] : []);
      return fetch(input, init);
    },
    ...options,
  });
  const server = createServer(toNodeListener(proxy));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/redcap-proxy/`,
    origin,
    mock,
    upstream,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await redcap.close();
    },
  };
}

/** What a counting upstream saw of one request. */
export interface UpstreamRequest {
  /** Body bytes received so far. */
  bytes: number;
  /** `complete`: the whole body came; `aborted`: the connection broke before its end. */
  state: 'reading' | 'complete' | 'aborted';
  /** The file part of a complete multipart body: its size and SHA-256. */
  file?: { size: number; sha256: string };
  /** The token fields of a complete body. */
  tokens?: string[];
}

/**
 * A fake REDCap on a real Node http server that counts the bytes of each request body as
 * they arrive, then parses it with the runtime's FormData. With `stall` it reads nothing
 * (the socket buffers fill and the sender must wait) until `release()`.
 */
export async function startCountingUpstream(): Promise<{
  url: string;
  requests: UpstreamRequest[];
  stall: boolean;
  release(): void;
  close(): Promise<void>;
}> {
  const { createHash } = await import('node:crypto');
  const requests: UpstreamRequest[] = [];
  const stalled: Array<() => void> = [];
  const control = {
    url: '',
    requests,
    stall: false,
    release(): void {
      control.stall = false;
      for (const resume of stalled.splice(0)) resume();
    },
    close: async (): Promise<void> => {},
  };
  const server = createServer((request, response) => {
    const seen: UpstreamRequest = { bytes: 0, state: 'reading' };
    requests.push(seen);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length;
      chunks.push(chunk);
    });
    request.on('aborted', () => {
      seen.state = 'aborted';
    });
    request.on('error', () => {
      seen.state = 'aborted';
    });
    request.on('end', async () => {
      seen.state = 'complete';
      const body = Buffer.concat(chunks);
      chunks.length = 0;
      try {
        const form = await new Response(body, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
        const file = form.get('file');
        if (file instanceof File) {
          const bytes = new Uint8Array(await file.arrayBuffer());
          seen.file = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
        }
        seen.tokens = form.getAll('token').map(String);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unreadable body"}');
      }
    });
    if (control.stall) {
      request.pause();
      stalled.push(() => request.resume());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  control.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  control.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return control;
}

/** A proxy in front of `url` on a Node http server; the origin and proxy URL to call. */
export async function serveProxy(options: RedcapProxyOptions): Promise<{ url: string; origin: string; close(): Promise<void> }> {
  const server = createServer(toNodeListener(createRedcapProxy(options)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/redcap-proxy/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

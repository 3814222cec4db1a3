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

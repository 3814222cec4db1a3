/**
 * The proxy on a real server of the runtime it runs in (Deno.serve, Bun.serve, or
 * node:http), called over HTTP by the SDK and by raw requests; the simulator answers
 * the proxy's upstream fetch. Also checks the safe names of downloaded files there.
 *
 *   deno run --no-prompt --allow-net=127.0.0.1 packages/proxy/test/runtimes/run-proxy.ts
 *   bun packages/proxy/test/runtimes/run-proxy.ts
 *
 * Prints one line per check and `N passed, N failed`; exits 1 on any failure.
 */
import { createRedcap, RedcapApiError, safeFileName } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { createRedcapProxy, type RedcapProxy, readOnlyMethods } from '@redcap-sdk/proxy';
import { storedFile } from '../../../core/src/internal/file-name.ts';
import { fileByte, generatedUpload, multipartBody } from '../multipart.ts';

interface Served {
  readonly origin: string;
  close(): Promise<void>;
}

declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void> };
  exit(code: number): never;
  version: { deno: string };
};
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    fetch: (request: Request, server: { requestIP(request: Request): { address: string } | null }) => Promise<Response>;
  }): { port: number; stop(force?: boolean): Promise<void> };
  version: string;
};

const runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';

/** Serves the proxy the way each runtime's docs do. */
async function serve(proxy: RedcapProxy): Promise<Served> {
  if (runtime === 'deno') {
    const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, (request, info) =>
      proxy(request, { remoteAddress: info.remoteAddr.hostname }),
    );
    return { origin: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
  }
  if (runtime === 'bun') {
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (request, bun) => proxy(request, { remoteAddress: bun.requestIP(request)?.address }),
    });
    return { origin: `http://127.0.0.1:${server.port}`, close: () => server.stop(true) };
  }
  const { createServer } = await import('node:http');
  const { toNodeListener } = await import('@redcap-sdk/proxy/node');
  const server = createServer(toNodeListener(proxy));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const mock = createMockRedcap();
const upstreamTokens: string[][] = [];
let streamedBodies = 0;
const proxy = createRedcapProxy({
  url: 'https://redcap.example.test/api/',
  token: mock.token,
  allow: [...readOnlyMethods, 'importFile'],
  authorize: () => true,
  fetch: async (input, init) => {
    const body = init?.body;
    if (body instanceof ReadableStream) {
      // A streamed upload: read whole here only to see its tokens (a failed stream rejects, as fetch would).
      streamedBodies++;
      const bytes = await new Response(body).arrayBuffer();
      const form = await new Response(bytes, { headers: init?.headers }).formData();
      upstreamTokens.push(form.getAll('token').map(String));
      return mock.fetch(input, { ...init, body: bytes });
    }
    if (body instanceof FormData || body instanceof URLSearchParams) upstreamTokens.push(body.getAll('token').map(String));
    return mock.fetch(input, init);
  },
});
const served = await serve(proxy);
const url = `${served.origin}/redcap-proxy/`;
const headers = { origin: served.origin, 'X-REDCap-Proxy': '1' };
const redcap = createRedcap({ url, token: null, headers, retry: false });
const boundary = '----runtime-boundary-q8Zr3';
const multipartHeaders = { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` };
const post = (fields: Record<string, string>, extra: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields), headers: { ...headers, ...extra } });

const checks: Record<string, () => Promise<void>> = {
  async 'an allowed call goes through with the token added'() {
    const rows = await redcap.records.export({ fields: ['record_id'] });
    check(rows.length > 0, 'rows');
    check(upstreamTokens.at(-1)?.join() === mock.token, 'REDCap got the proxy token');
  },
  async 'a method outside the allowlist is refused with 403'() {
    const error = await redcap.records.delete({ records: ['1'] }).catch((caught: unknown) => caught);
    check(error instanceof RedcapApiError && error.status === 403 && /does not forward deleteRecords/.test(error.message), String(error));
  },
  async 'a cross-origin request is refused'() {
    const count = upstreamTokens.length;
    const answer = await post({ content: 'version', action: 'export' }, { origin: 'https://evil.example' });
    check(answer.status === 403, `status ${answer.status}`);
    const form = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ content: 'version' }),
      headers: { origin: served.origin },
    });
    check(form.status === 403, `no header: status ${form.status}`);
    check(upstreamTokens.length === count, 'nothing reached REDCap');
  },
  async 'a token from the page is dropped'() {
    const answer = await post({ token: '0123456789ABCDEF0123456789ABCDEF', content: 'version', action: 'export' });
    check(answer.status === 200, `status ${answer.status}`);
    check(upstreamTokens.at(-1)?.join() === mock.token, 'only the proxy token reached REDCap');
  },
  async 'a file round trip'() {
    const bytes = new Uint8Array(100_000).map((_, index) => (index * 13) % 256);
    const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
    await redcap.files.import({ ...target, file: new File([bytes], 'scan.pdf', { type: 'application/pdf' }) });
    const file = await redcap.files.export(target);
    const back = new Uint8Array(await file.arrayBuffer());
    check(
      file.name === 'scan.pdf' && back.length === bytes.length && back.every((byte, index) => byte === bytes[index]),
      'same bytes back',
    );
  },
  async 'an 8 MiB upload streams through, page tokens before and after the file dropped'() {
    const size = 8 * 1024 * 1024;
    const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1' };
    const page = generatedUpload(
      boundary,
      [['token', 'PAGE'], ['content', 'file'], ['action', 'import'], ...Object.entries(target)],
      size,
      [['token', 'PAGE2']],
    );
    const streamed = streamedBodies;
    const answer = await fetch(url, { method: 'POST', headers: multipartHeaders, body: page.body, duplex: 'half' } as RequestInit);
    check(answer.status === 200, `status ${answer.status}: ${await answer.text()}`);
    check(streamedBodies === streamed + 1, 'REDCap got a stream, not a buffered form');
    check(upstreamTokens.at(-1)?.join() === mock.token, `REDCap got tokens ${upstreamTokens.at(-1)?.length}`);
    const back = new Uint8Array(await (await redcap.files.export(target)).arrayBuffer());
    check(back.length === size && back.every((byte, index) => byte === fileByte(index)), 'same bytes back');
  },
  async 'the proxy reads the page body only as fast as REDCap takes it'() {
    let taken = 0;
    let resume: () => void = () => {};
    const stalling = createRedcapProxy({
      url: 'https://redcap.example.test/api/',
      token: mock.token,
      allow: ['importFile'],
      authorize: () => true,
      maxBodyBytes: 64 * 1024 * 1024,
      fetch: async (_input, init) => {
        const body = init?.body;
        if (!(body instanceof ReadableStream)) throw new TypeError('expected a streamed body');
        const reader = (body as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          if (taken >= 1024 * 1024) await new Promise<void>((resolve) => (resume = resolve));
          const { done, value } = await reader.read();
          if (done) return new Response('{}');
          taken += value.length;
        }
      },
    });
    const page = generatedUpload(
      boundary,
      [
        ['content', 'file'],
        ['action', 'import'],
        ['record', '1'],
        ['field', 'consent_file'],
      ],
      32 * 1024 * 1024,
    );
    const answer = stalling(
      new Request(url, { method: 'POST', headers: multipartHeaders, body: page.body, duplex: 'half' } as RequestInit),
    );
    for (let turn = 0; turn < 40 && taken < 1024 * 1024; turn++) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const held = page.pulled() - taken;
    check(taken >= 1024 * 1024 && held < 512 * 1024, `REDCap took ${taken} bytes, the proxy pulled ${held} more`);
    taken = Number.NEGATIVE_INFINITY;
    resume();
    check((await answer).status === 200 && page.pulled() === page.total, 'the rest went through');
  },
  async 'a field after the file is refused before REDCap has the whole body'() {
    const count = upstreamTokens.length;
    const body = multipartBody(boundary, [
      { name: 'content', value: 'file' },
      { name: 'action', value: 'import' },
      { name: 'record', value: '1' },
      { name: 'field', value: 'consent_file' },
      { name: 'file', filename: 'a.pdf', bytes: new Uint8Array(100_000) },
      { name: 'action', value: 'delete' },
    ]);
    const answer = await fetch(url, { method: 'POST', headers: multipartHeaders, body });
    check(answer.status === 400, `status ${answer.status}`);
    check(upstreamTokens.length === count, 'nothing whole reached REDCap');
  },
  async 'downloaded files get safe names and keep the stored one'() {
    for (const [stored, safe] of [
      ['../x', 'x'],
      ['/etc/x', 'x'],
      ['..\\x', 'x'],
      ['CON', '_CON'],
      ['a\nb.pdf', 'ab.pdf'],
    ]) {
      check(safeFileName(stored as string) === safe, `${JSON.stringify(stored)} -> ${safeFileName(stored as string)}`);
      const file = storedFile(['x'], stored as string);
      check(file instanceof File && file.name === safe && file.storedName === stored, `storedFile ${JSON.stringify(stored)}`);
    }
    check(new TextEncoder().encode(safeFileName(`${'é'.repeat(300)}.txt`)).length <= 255, 'long names are cut');
  },
};

let failed = 0;
const version = runtime === 'deno' ? Deno.version.deno : runtime === 'bun' ? Bun.version : process.versions.node;
console.log(`proxy on ${runtime} ${version}`);
for (const [name, run] of Object.entries(checks)) {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${(error as Error).message}`);
  }
}
await served.close();
console.log(`${Object.keys(checks).length - failed} passed, ${failed} failed`);
if (runtime === 'deno') Deno.exit(failed ? 1 : 0);
process.exitCode = failed ? 1 : 0;

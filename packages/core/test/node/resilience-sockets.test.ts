/**
 * A timeout or an abort stops the transfer on the wire: a real node:http server on
 * 127.0.0.1 streams a large export slowly and counts the bytes it writes after the
 * client gave up, and when the socket closes. Also the limiter's timers: a process
 * with nothing queued exits. Runs under Node (node --test) and Deno
 * (`deno test --no-check --allow-net --allow-read --allow-env --allow-run` on this file;
 * `--no-check` because Deno type-checks the built .d.ts files with its own settings).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createRedcap, RedcapTimeoutError } from '@redcap-sdk/core';

const token = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';
const chunk = Buffer.alloc(64 * 1024, ' ');

interface Transfer {
  written: number;
  startedAt: number;
  closedAt: number | undefined;
  /** What the earlier transfers had written when this one started. */
  earlier: number[];
  /** What this one had written `mark` ms after it started. */
  atMark: number | undefined;
}

/** Answers every request with a 120 MB JSON export, written slowly (never faster than the client reads it). */
async function slowExport(mark = Infinity): Promise<{ server: Server; url: string; transfers: Transfer[] }> {
  const transfers: Transfer[] = [];
  const server = createServer((request, response: ServerResponse) => {
    request.resume();
    const transfer: Transfer = {
      written: 0,
      startedAt: Date.now(),
      closedAt: undefined,
      earlier: transfers.map((t) => t.written),
      atMark: undefined,
    };
    transfers.push(transfer);
    if (mark !== Infinity) {
      setTimeout(() => {
        transfer.atMark = transfer.written;
      }, mark).unref();
    }
    // Node reports the connection's end on the socket; Deno's node:http emits it on the response (and a socket 'close' too early).
    const connection = 'Deno' in globalThis ? response : response.socket;
    connection?.once('close', () => {
      transfer.closedAt = Date.now();
    });
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.write('[');
    const total = 120 * 1024 * 1024;
    const pump = (): void => {
      // Paced (at most 64 KiB per 5 ms, about 13 MB/s), so that the client's timeout fires long before the end.
      if (transfer.closedAt !== undefined || transfer.written >= total) return void response.end(']');
      transfer.written += chunk.length;
      if (response.write(chunk)) setTimeout(pump, 5);
      else response.once('drain', () => setTimeout(pump, 5));
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/api/`, transfers };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a timeout closes the connection: next to nothing is sent after the client gave up, on every attempt', async () => {
  // The server notes what each attempt had written when the client's 700 ms ran out.
  const { server, url, transfers } = await slowExport(720);
  try {
    const redcap = createRedcap({ url, token, timeout: 700, retry: { limit: 3, delay: 1 } });
    const error = await redcap.records.export().catch((e: unknown) => e);
    assert.ok(error instanceof RedcapTimeoutError, `${(error as Error)?.name}: ${(error as Error)?.message ?? JSON.stringify(error)}`);
    // The last attempt's give-up is known exactly: when the call rejected.
    const gaveUp = Date.now();
    const lastAtGiveUp = transfers.at(-1)!.written;
    await delay(1000);
    assert.equal(transfers.length, 4, 'the first attempt and three retries');
    const lastAfter = transfers.at(-1)!.written - lastAtGiveUp;
    const lastClosed = transfers.at(-1)!.closedAt! - gaveUp;
    console.log(`timeout, last attempt: ${lastAfter} bytes after the call rejected; socket closed ${lastClosed} ms after`);
    assert.ok(lastAfter <= 512 * 1024 && lastClosed < 1000, `${lastAfter} bytes, closed after ${lastClosed} ms`);
    const total = transfers.reduce((sum, transfer) => sum + transfer.written, 0);
    const after = transfers.map((transfer) => transfer.written - transfer.atMark!);
    const closed = transfers.map((transfer) => transfer.closedAt! - transfer.startedAt - 700);
    console.log(
      `timeout: ${total} bytes sent over 4 attempts; after each give-up: ${after.join(', ')} bytes; sockets closed ${closed.join(', ')} ms after`,
    );
    for (const [index, transfer] of transfers.entries()) {
      assert.ok(transfer.closedAt !== undefined, `attempt ${index + 1}: socket closed`);
      assert.ok(closed[index]! < 1000, `attempt ${index + 1}: closed ${closed[index]} ms after giving up`);
      assert.ok(after[index]! <= 512 * 1024, `attempt ${index + 1}: ${after[index]} bytes sent after giving up`);
    }
  } finally {
    await stop(server);
  }
});

test('an abort closes the connection at once', async () => {
  const { server, url, transfers } = await slowExport();
  try {
    const redcap = createRedcap({ url, token, timeout: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 300);
    const error = await redcap.records.export(undefined, { signal: controller.signal }).catch((e: unknown) => e);
    assert.equal((error as Error).message, 'stop');
    const at = transfers[0]!.written;
    const abortedAt = Date.now();
    await delay(1000);
    const closedAfter = transfers[0]!.closedAt! - abortedAt;
    const after = transfers[0]!.written - at;
    console.log(`abort: ${after} bytes after the abort; socket closed ${closedAfter} ms after`);
    assert.ok(transfers[0]!.closedAt !== undefined && closedAfter < 1000, `closed ${closedAfter} ms after the abort`);
    assert.ok(after <= 512 * 1024, `${after} bytes sent after the abort`);
  } finally {
    await stop(server);
  }
});

test('a slot stays taken until the transfer stopped; the next queued call then goes out', async () => {
  const { server, url, transfers } = await slowExport();
  try {
    const redcap = createRedcap({ url, token, retry: false, rateLimit: { concurrency: 1 } });
    const first = redcap.records.export(undefined, { timeout: 400 }).catch((e: unknown) => e);
    const second = redcap.records.export(undefined, { timeout: 1500 }).catch((e: unknown) => e);
    for (const outcome of [await first, await second]) {
      assert.ok(
        outcome instanceof RedcapTimeoutError,
        `${(outcome as Error)?.name}: ${(outcome as Error)?.message ?? JSON.stringify(outcome)}`,
      );
    }
    await delay(500);
    assert.equal(transfers.length, 2);
    assert.ok(transfers.every((transfer) => transfer.closedAt !== undefined));
    // When the second request reached the server, the first transfer had stopped: next to nothing was written after
    // (what a loaded server writes before it notices the reset).
    const late = transfers[0]!.written - transfers[1]!.earlier[0]!;
    assert.ok(late <= 512 * 1024, `${late} bytes of the first transfer after the second started`);
  } finally {
    await stop(server);
  }
});

test('the limiter keeps no process alive once nothing is queued, also after a queued call is aborted', async () => {
  // A child process: one call uses the minute's budget, the next is queued for a minute and then aborted.
  const script = `
    import { createRedcap } from '@redcap-sdk/core';
    const fetch = async () => new Response('15.7.6');
    const redcap = createRedcap({ url: 'https://redcap.example.test/api/', token: '${token}', fetch, rateLimit: { perMinute: 1 } });
    await redcap.version();
    const controller = new AbortController();
    const queued = redcap.version(undefined, { signal: controller.signal }).catch(() => 'aborted');
    setTimeout(() => controller.abort(), 100);
    console.log(await queued);
  `;
  const started = Date.now();
  const args = 'Deno' in globalThis ? ['eval', script] : ['--input-type=module', '-e', script];
  const child = spawn(process.execPath, args, {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const exited = await Promise.race([
    new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))),
    delay(10_000).then(() => 'still running' as const),
  ]);
  if (exited === 'still running') child.kill();
  assert.equal(output.trim(), 'aborted');
  assert.equal(exited, 0, 'exited by itself');
  assert.ok(Date.now() - started < 8000, `exited after ${Date.now() - started} ms`);
});

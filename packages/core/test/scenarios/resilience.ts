/**
 * The client's limits against servers that misbehave (issue 14): transfers that
 * outlive a timeout, Retry-After values no one should wait for, partial token
 * leaks, echoed PHI, unbounded bodies, HTML where data was expected, and a declared
 * non-UTF-8 charset. Each scenario fails on a client without the limit.
 */
import {
  createClient,
  exportRecords,
  RedcapApiError,
  RedcapError,
  RedcapHttpError,
  RedcapResponseError,
  RedcapTimeoutError,
} from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { simulate } from '../support/faulty.ts';
import { leaksOf } from '../support/leaks.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';
import { canaryToken, clientFor, serve } from '../support/setup.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles with the promise's outcome, or with 'pending' if it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'pending'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A body that sends 16 KiB every 5 ms, up to `limit` bytes, counting what was pulled from it. */
function trickle(limit: number): { body: ReadableStream<Uint8Array>; sent: () => number; cancelled: () => boolean } {
  let sent = 0;
  let cancelled = false;
  const chunk = new TextEncoder().encode(`[${'{"record_id":"1"},'.repeat(910)}`.slice(0, 16_384));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await delay(5);
      if (sent >= limit) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk.slice());
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, sent: () => sent, cancelled: () => cancelled };
}

const json = { 'content-type': 'application/json; charset=utf-8' };

/**
 * The handler as the client's own `fetch`, in every runtime: msw's socket-level
 * interception in Node trips an assertion inside undici when a body is cancelled
 * half way (see the mock's `hang` fault). Real sockets are covered by
 * node/resilience-sockets.test.ts.
 */
const direct = (handler: () => Response) => async (): Promise<Response> => handler();

export const resilienceScenarios = group('resilience', {
  async 'a timeout cancels the body: the server stops sending, also on the retry'(env: ScenarioEnv) {
    const streams: ReturnType<typeof trickle>[] = [];
    const fetch = direct(() => {
      const stream = trickle(20_000_000);
      streams.push(stream);
      return new Response(stream.body, { headers: json });
    });
    const redcap = clientFor(env, { fetch, timeout: 300, retry: { limit: 1, delay: 1 }, rateLimit: { concurrency: 1 } });
    await rejects(redcap.records.export(), RedcapTimeoutError, (error) => equal(error.timeout, 300));
    const atGiveUp = streams.map((stream) => stream.sent());
    await delay(300);
    equal(streams.length, 2, 'the first attempt and one retry');
    for (const [index, stream] of streams.entries()) {
      ok(stream.cancelled(), `attempt ${index + 1}: body cancelled`);
      ok(stream.sent() - atGiveUp[index]! <= 3 * 16_384, `attempt ${index + 1}: ${stream.sent() - atGiveUp[index]!} bytes after giving up`);
    }
  },

  async "an abort cancels the body and rejects with the caller's reason"(env: ScenarioEnv) {
    const stream = trickle(20_000_000);
    const fetch = direct(() => new Response(stream.body, { headers: json }));
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => controller.abort(reason), 150);
    const outcome = await within(clientFor(env, { fetch }).records.export(undefined, { signal: controller.signal }), 2000);
    deepEqual(outcome, { error: reason });
    const atAbort = stream.sent();
    await delay(300);
    ok(stream.cancelled(), 'body cancelled');
    ok(stream.sent() - atAbort <= 3 * 16_384, `${stream.sent() - atAbort} bytes after the abort`);
  },

  async 'a Retry-After past maxRetryAfter fails the call at once and does not stall the client'(env: ScenarioEnv) {
    for (const value of ['99999999999', 'Fri, 31 Dec 9999 23:59:59 GMT']) {
      const sim = simulate(env);
      const redcap = sim.client({ retry: { limit: 3, delay: 1 } });
      sim.mock.inject({ kind: 'bad-retry-after', value }, { times: 1 });
      const first = await within(redcap.version(), 2000);
      ok(first !== 'pending' && 'error' in first, `${value}: the call settled`);
      const error = (first as { error: unknown }).error;
      ok(error instanceof RedcapHttpError, `${value}: ${String(error)}`);
      equal(error.status, 429);
      match(error.message, /asked to wait \d+ s \(Retry-After\), longer than `retry\.maxRetryAfter` \(60000 ms\)/);
      equal(sim.requests(), 1, `${value}: not retried`);
      // The next call of the same client is not held back by that wait.
      const next = await within(redcap.version(undefined, { timeout: 1000 }), 3000);
      ok(next !== 'pending' && 'value' in next, `${value}: the next call went through`);
    }
  },

  async 'two Retry-After headers (3600, 1) count as none: an ordinary backoff, then success'(env: ScenarioEnv) {
    const sim = simulate(env);
    sim.mock.inject({ kind: 'bad-retry-after', value: ['3600', '1'] }, { times: 1 });
    const outcome = await within(sim.client().version(), 3000);
    ok(outcome !== 'pending' && 'value' in outcome, 'retried without waiting an hour (or a millennium)');
    equal(sim.requests(), 2);
  },

  async 'retry.maxRetryAfter per call caps the wait; time spent queued counts against the timeout'(env: ScenarioEnv) {
    serve(env, () => new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }));
    const started = Date.now();
    await rejects(clientFor(env).version(undefined, { retry: { limit: 2, maxRetryAfter: 500 } }), RedcapHttpError, (error) =>
      match(error.message, /`retry\.maxRetryAfter` \(500 ms\)/),
    );
    ok(Date.now() - started < 1500, 'did not wait 2 s');

    // One slot, held by a slow call: the queued call's own timeout still holds.
    serve(env, async () => {
      await delay(2000);
      return new Response('15.7.6');
    });
    const redcap = clientFor(env, { rateLimit: { concurrency: 1 }, retry: false });
    const slow = redcap.version().catch(() => undefined);
    const queuedAt = Date.now();
    const queued = await within(redcap.version(undefined, { timeout: 300 }), 1500);
    ok(queued !== 'pending' && 'error' in queued && queued.error instanceof RedcapTimeoutError, 'the queued call timed out');
    ok(Date.now() - queuedAt < 1200, `settled after ${Date.now() - queuedAt} ms`);
    await slow;
  },

  async 'a token is scrubbed before an error text is cut, also \\u-escaped, in a Location, or one the server made'(env: ScenarioEnv) {
    const lower = canaryToken.toLowerCase();
    const escaped = [...canaryToken].map((char) => `\\u00${char.charCodeAt(0).toString(16)}`).join('');
    const serverToken = '0123456789ABCDEF0123456789ABCDEF';
    const answers: [string, () => Response][] = [
      // The token straddles the 300th character of the page's text.
      [
        'html page',
        () => new Response(`<html><body>${'x'.repeat(280)} ${lower} more</body></html>`, { headers: { 'content-type': 'text/html' } }),
      ],
      ['escaped echo', () => new Response(`{"error":"Invalid token ${escaped}"}`, { status: 400, headers: json })],
      ['server token', () => new Response(`{"error":"The new token is ${serverToken}"}`, { status: 400, headers: json })],
      ['cut at the read limit', () => new Response(`Bad request ${'y'.repeat(8192 - 12 - 20)}${canaryToken}`, { status: 500 })],
      ['location', () => new Response(null, { status: 302, headers: { location: `https://elsewhere.example.org/api/?token=${lower}` } })],
    ];
    for (const [name, answer] of answers) {
      serve(env, answer);
      const error = await rejects(clientFor(env, { retry: false }).version(), RedcapError);
      if (env.runtime === 'browser' && name === 'location') continue;
      deepEqual(leaksOf(error, canaryToken), [], name);
      for (const part of [canaryToken.slice(0, 8), canaryToken.slice(-8), serverToken.slice(0, 12)]) {
        ok(!JSON.stringify(error).toUpperCase().includes(part), `${name}: ${part} in ${JSON.stringify(error)}`);
        ok(!error.message.toUpperCase().includes(part), `${name}: ${part} in ${error.message}`);
      }
    }
  },

  async 'an echo of the request never puts the sent data or the token into an error, and errors quote little'(env: ScenarioEnv) {
    const sim = simulate(env);
    const rows = [{ record_id: '1', first_name: 'Jane', last_name: 'Doe-Sensitive', dob: '1970-01-01' }];
    sim.mock.inject({ kind: 'echo-request', status: 400 }, { times: 1 });
    const error = await rejects(sim.client().records.import(rows), RedcapError);
    const texts = JSON.stringify(error) + error.message + String(error.stack);
    ok(!/Doe-Sensitive|1970-01-01/.test(texts), texts);
    deepEqual(leaksOf(error, canaryToken), []);
    ok(error.message.length < 700, `message of ${error.message.length} characters`);

    // A REDCap error that is long itself is quoted short in the message.
    serve(env, () => new Response(JSON.stringify({ error: `Problem: ${'z'.repeat(5000)}` }), { status: 400, headers: json }));
    const long = await rejects(clientFor(env).version(), RedcapApiError);
    ok(long.message.length < 500, `message of ${long.message.length} characters`);
  },

  async 'a body past maxResponseBytes fails clearly and is not retried; error bodies are read only a few kB'(env: ScenarioEnv) {
    const sim = simulate(env);
    sim.mock.inject({ kind: 'gzip-bomb', size: 50_000_000 }, { times: 1 });
    const redcap = sim.client({ maxResponseBytes: 1_000_000, retry: { limit: 3, delay: 1 } });
    await rejects(redcap.records.export(), RedcapResponseError, (error) => {
      equal(error.status, 200);
      match(error.message, /larger than `maxResponseBytes` \(1000000 bytes\)/);
    });
    equal(sim.requests(), 1, 'not retried');
    const rows = (await redcap.records.export({ records: ['1'], fields: ['record_id'] })) as { record_id: string }[];
    deepEqual(
      rows.map((row) => row.record_id),
      ['1'],
      'an answer under the limit is read',
    );

    const stream = trickle(20_000_000);
    const fetch = direct(() => new Response(stream.body, { status: 500, headers: { 'content-type': 'text/plain' } }));
    await rejects(clientFor(env, { fetch, retry: false }).version(), RedcapHttpError, (error) => ok(error.bodySnippet.length <= 501));
    await delay(100);
    ok(stream.sent() <= 64 * 1024, `${stream.sent()} bytes of an error body pulled`);
  },

  async 'HTML where CSV, XML, JSON or a file was expected is an error, however the page starts'(env: ScenarioEnv) {
    const pages = [
      '<!-- login -->\n<html><body><form>Log in</form></body></html>',
      '<meta http-equiv="refresh" content="0; url=/login">',
      '<script>window.location="/login"</script>',
      '<form method="post" action="/login"><input name="username"></form>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html><body>Log in</body></html>',
    ];
    for (const page of pages) {
      serve(env, () => new Response(page, { headers: { 'content-type': 'text/html; charset=UTF-8' } }));
      const redcap = clientFor(env, { retry: false });
      for (const call of [
        () => redcap.records.export({ format: 'csv' }),
        () => redcap.records.export({ format: 'xml' }),
        () => redcap.records.export(),
        () => redcap.files.export({ record: '1', field: 'consent' }),
      ]) {
        await rejects(call(), RedcapApiError, (error) => match(error.message, /HTML page where (data|a file) was expected/, page));
      }
    }
  },

  async 'a file answer needs a name, except a PDF export'(env: ScenarioEnv) {
    serve(env, () => new Response('not a file', { headers: { 'content-type': 'application/octet-stream' } }));
    await rejects(clientFor(env, { retry: false }).files.export({ record: '1', field: 'consent' }), RedcapResponseError, (error) =>
      match(error.message, /no file name in its Content-Type/),
    );
    serve(env, () => new Response('%PDF-1.3\n...', { headers: { 'content-type': 'text/html; charset=UTF-8' } }));
    const pdf = await clientFor(env).instruments.exportPdf({ record: '1', instrument: 'consent' });
    equal(pdf.type, 'application/pdf');
    equal(await pdf.text(), '%PDF-1.3\n...');
  },

  async 'a declared charset is honoured, an unknown one read as UTF-8; PHP warnings before the body are skipped'(env: ScenarioEnv) {
    const latin1 = new Uint8Array([...new TextEncoder().encode('record_id,name\n1,Jos'), 0xe9, 0x0a]);
    serve(env, () => new Response(latin1, { headers: { 'content-type': 'text/csv; charset=ISO-8859-1' } }));
    equal(await clientFor(env).records.export({ format: 'csv' }), 'record_id,name\n1,José\n');
    serve(env, () => new Response('[{"name":"Jos\u00e9"}]', { headers: { 'content-type': 'application/json; charset=x-unknown' } }));
    deepEqual(await clientFor(env).records.export(), [{ name: 'José' }]);

    const sim = simulate(env);
    const clean = await sim.client().records.export();
    for (const html of [true, false]) {
      sim.mock.inject({ kind: 'warning-prefix', html }, { times: 1 });
      deepEqual(await sim.client({ retry: false }).records.export(), clean, html ? 'HTML warning' : 'text warning');
    }
    // A standalone function and a bare client read the same way.
    sim.mock.inject({ kind: 'warning-prefix' }, { times: 1 });
    deepEqual(await exportRecords(createClient({ url: env.url, token: canaryToken, dangerouslyAllowBrowser: true, retry: false })), clean);
  },
});

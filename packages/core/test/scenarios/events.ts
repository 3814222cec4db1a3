/**
 * What a client tells its `onEvent` observers (issue 12): attempts, retries,
 * rate-limit waits and batches, and how many attempts a final error counts.
 * Each scenario fails on a client that stays silent.
 */
import { type RedcapEvent, RedcapHttpError, RedcapTimeoutError, RedcapValidationError } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';
import { canaryToken, clientFor, serve, setup } from '../support/setup.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The events of a run, with the times (which vary) left out. */
function shape(event: RedcapEvent): Record<string, unknown> {
  const { ms: _ms, delay: _delay, operation: _operation, ...rest } = event as RedcapEvent & { ms?: number; delay?: number };
  return rest;
}

export const eventScenarios = group('events', {
  async 'a retried read tells each attempt, the retry and its reason, to the client and the call'(env: ScenarioEnv) {
    serve(env, (_request, attempt) => (attempt < 3 ? new Response('busy', { status: 503 }) : new Response('15.7.6')));
    const ofClient: RedcapEvent[] = [];
    const ofCall: RedcapEvent[] = [];
    const redcap = clientFor(env, { onEvent: (event) => ofClient.push(event), retry: { limit: 3, delay: 5 } });
    equal(await redcap.version(undefined, { onEvent: (event) => ofCall.push(event) }), '15.7.6');
    deepEqual(ofClient.map(shape), [
      { type: 'request:start', method: 'exportVersion', attempt: 1 },
      { type: 'request:end', method: 'exportVersion', attempt: 1, status: 503, bytes: 4 },
      { type: 'retry', method: 'exportVersion', attempt: 2, reason: 'HTTP 503' },
      { type: 'request:start', method: 'exportVersion', attempt: 2 },
      { type: 'request:end', method: 'exportVersion', attempt: 2, status: 503, bytes: 4 },
      { type: 'retry', method: 'exportVersion', attempt: 3, reason: 'HTTP 503' },
      { type: 'request:start', method: 'exportVersion', attempt: 3 },
      { type: 'request:end', method: 'exportVersion', attempt: 3, status: 200, bytes: 6 },
    ]);
    deepEqual(ofCall, ofClient);
    const retry = ofClient.find((event) => event.type === 'retry');
    ok(retry && retry.delay >= 2, `the retry reports the backoff it waited (${retry?.delay} ms)`);
    ok(!JSON.stringify(ofClient).includes(canaryToken), 'no event carries the token');
  },

  async 'a timeout after retries says how many attempts over how long'(env: ScenarioEnv) {
    serve(env, async () => {
      await delay(300);
      return new Response('15.7.6');
    });
    const reasons: string[] = [];
    const redcap = clientFor(env, { timeout: 50, retry: { limit: 3, delay: 1 } });
    await rejects(
      redcap.version(undefined, { onEvent: (e) => e.type === 'retry' && reasons.push(e.reason) }),
      RedcapTimeoutError,
      (error) => {
        equal(error.attempts, 4);
        match(error.message, /no answer within 50 ms, 4 attempts over \d+\.\d s/);
      },
    );
    deepEqual(reasons, ['no answer within 50 ms', 'no answer within 50 ms', 'no answer within 50 ms']);
  },

  async 'an HTTP error after retries counts its attempts'(env: ScenarioEnv) {
    serve(env, () => new Response('down', { status: 502 }));
    await rejects(clientFor(env, { retry: { limit: 2, delay: 1 } }).version(), RedcapHttpError, (error) =>
      match(error.message, /\(3 attempts over \d+\.\d s\)$/),
    );
  },

  async 'a 429 tells a rate-limit wait with the server’s delay'(env: ScenarioEnv) {
    serve(env, (_request, attempt) =>
      attempt === 1
        ? new Response(JSON.stringify({ error: 'too many requests' }), { status: 429, headers: { 'retry-after': '1' } })
        : new Response('15.7.6'),
    );
    const waits: RedcapEvent[] = [];
    await clientFor(env, { onEvent: (e) => e.type === 'rate-limit:wait' && waits.push(e) }).version();
    equal(waits.length, 1);
    deepEqual(shape(waits[0]!), { type: 'rate-limit:wait', method: 'exportVersion', reason: '429' });
    equal((waits[0] as { ms: number }).ms, 1000);
  },

  async 'a spent per-minute budget tells how long the next request waits'(env: ScenarioEnv) {
    serve(env, () => new Response('15.7.6'));
    const waits: RedcapEvent[] = [];
    const redcap = clientFor(env, { rateLimit: { perMinute: 1 }, onEvent: (e) => e.type === 'rate-limit:wait' && waits.push(e) });
    await redcap.version();
    const controller = new AbortController();
    const second = redcap.version(undefined, { signal: controller.signal });
    await delay(50);
    controller.abort(new Error('enough'));
    await second.catch(() => undefined);
    equal(waits.length, 1);
    const wait = waits[0] as Extract<RedcapEvent, { type: 'rate-limit:wait' }>;
    equal(wait.reason, 'per-minute');
    ok(wait.ms > 50_000 && wait.ms <= 60_000, `waits for the minute to pass (${wait.ms} ms)`);
  },

  async 'a batched export and import tell each batch'(env: ScenarioEnv) {
    const { redcap } = setup(env, { project: 'classic' });
    const events: RedcapEvent[] = [];
    const onEvent = (event: RedcapEvent): void => {
      if (event.type.startsWith('batch:')) events.push(event);
    };
    const rows = await redcap.records.export({ batchSize: 2, fields: ['record_id'] }, { onEvent });
    equal(new Set(rows.map((row) => row.record_id)).size, 3);
    deepEqual(events.map(shape), [
      { type: 'batch:start', method: 'exportRecords', batch: 1, totalBatches: 2, records: 2 },
      { type: 'batch:end', method: 'exportRecords', batch: 1, totalBatches: 2, records: 2, ok: true },
      { type: 'batch:start', method: 'exportRecords', batch: 2, totalBatches: 2, records: 1 },
      { type: 'batch:end', method: 'exportRecords', batch: 2, totalBatches: 2, records: 1, ok: true },
    ]);
    events.length = 0;
    await redcap.records.import([{ record_id: '8' }, { record_id: '9' }], { batchSize: 1, onEvent });
    deepEqual(
      events.map((event) => `${event.type} ${event.method} ${(event as { batch: number }).batch}`),
      ['batch:start importRecords 1', 'batch:end importRecords 1', 'batch:start importRecords 2', 'batch:end importRecords 2'],
    );
  },

  async 'an observer that throws does not fail the call'(env: ScenarioEnv) {
    serve(env, () => new Response('15.7.6'));
    const redcap = clientFor(env, {
      onEvent: () => {
        throw new Error('display broke');
      },
    });
    equal(await redcap.version(), '15.7.6');
  },

  async 'an onEvent that is not a function is refused before sending'(env: ScenarioEnv) {
    const { requests } = serve(env, () => new Response('15.7.6'));
    await rejects(clientFor(env).version(undefined, { onEvent: 'log' as never }), RedcapValidationError, (error) =>
      match(error.message, /options\.onEvent/),
    );
    equal(requests.length, 0);
  },
});

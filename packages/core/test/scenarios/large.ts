import {
  createRedcap,
  RedcapBatchError,
  type ClientOptions,
  RedcapTimeoutError,
  RedcapValidationError,
  exportRecordsBatches,
  type ExportProgress,
  type ImportProgress,
  type ImportRow,
  type Redcap,
} from '@redcap-sdk/core';
import type { MockRedcap } from '@redcap-sdk/mock';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';
import { setup } from '../support/setup.ts';

/** The request's `content` and `records[i]` values, read from its form body. */
async function describe(request: Request): Promise<{ content: string; records: string[]; fields: string[] }> {
  const form = await request.clone().formData();
  const list = (name: string): string[] =>
    [...form.entries()].filter(([key]) => key.startsWith(`${name}[`)).map(([, value]) => String(value));
  return { content: String(form.get('content')), records: list('records'), fields: list('fields') };
}

/** A simulator with `count` extra records across two events, routed through a spy. */
async function bigProject(
  env: ScenarioEnv,
  count: number,
  options: Parameters<typeof setup>[1] = {},
): Promise<{ redcap: Redcap; mock: MockRedcap; log: { content: string; records: string[]; fields: string[]; at: number }[] }> {
  const { redcap, mock } = setup(env, options);
  const rows: ImportRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({ record_id: String(100 + i), redcap_event_name: 'baseline_arm_1', age: 20 + (i % 50), first_name: `P${i}` });
    if (i % 2 === 0)
      rows.push({
        record_id: String(100 + i),
        redcap_event_name: 'visit_1_arm_1',
        redcap_repeat_instrument: 'visits',
        redcap_repeat_instance: 1,
        weight: '70',
      });
  }
  await redcap.records.import(rows);
  const log: { content: string; records: string[]; fields: string[]; at: number }[] = [];
  env.use(async (request) => {
    log.push({ ...(await describe(request)), at: Date.now() });
    return mock.handle(request);
  });
  return { redcap, mock, log };
}

export const largeScenarios = group('large projects', {
  async 'a batched export returns what one export returns, in the same order'(env) {
    const { redcap, log } = await bigProject(env, 25);
    const params = { fields: ['record_id', 'age', 'weight'], rawOrLabel: 'label' as const };
    const whole = await redcap.records.export(params);
    log.length = 0;
    const batched = await redcap.records.export({ ...params, batchSize: 7 });
    deepEqual(batched, whole);
    const recordCount = new Set(whole.map((row) => row.record_id)).size;
    deepEqual(
      log.map((entry) => entry.content),
      ['metadata', 'record', ...Array.from({ length: Math.ceil(recordCount / 7) }, () => 'record')],
    );
    deepEqual(log[1]!.fields, ['record_id'], 'the id list asks for the record id field only');
    const ids = [...new Set(whole.map((row) => row.record_id))];
    equal(ids.length, 29, "the fixture's 4 records and 25 more");
    deepEqual(
      log.slice(2).map((entry) => entry.records),
      Array.from({ length: Math.ceil(ids.length / 7) }, (_, i) => ids.slice(i * 7, i * 7 + 7)),
      'every record asked for once, seven at a time, in order',
    );
  },

  async 'filters apply to the id list, and a record never spans two batches'(env) {
    const { redcap, log } = await bigProject(env, 12);
    const batches: string[][] = [];
    for await (const rows of redcap.records.exportBatches({
      batchSize: 2,
      events: ['baseline_arm_1', 'visit_1_arm_1'],
      filterLogic: '[age] >= 25',
      recordIdField: 'record_id',
    })) {
      batches.push(rows.map((row) => String(row.record_id)));
    }
    const seen = new Set<string>();
    for (const ids of batches) {
      const unique = [...new Set(ids)];
      ok(unique.length <= 2);
      for (const id of unique) {
        ok(!seen.has(id), `record ${id} is in one batch only`);
        seen.add(id);
      }
    }
    const whole = await redcap.records.export({ events: ['baseline_arm_1', 'visit_1_arm_1'], filterLogic: '[age] >= 25' });
    deepEqual([...seen], [...new Set(whole.map((row) => String(row.record_id)))]);
    equal(log.filter((entry) => entry.content === 'metadata').length, 0, 'recordIdField spares the metadata call');
  },

  async 'records REDCap silently leaves out of a batch are named'(env) {
    const { mock } = await bigProject(env, 6);
    env.use(async (request) => {
      const { records } = await describe(request);
      const response = await mock.handle(request);
      if (records.length === 0) return response;
      // A server that drops record 102 from any batch asking for it.
      const rows = ((await response.json()) as { record_id: string }[]).filter((row) => row.record_id !== '102');
      return new Response(JSON.stringify(rows), { headers: { 'content-type': 'application/json' } });
    });
    await rejects(setupClient(env, mock).records.export({ batchSize: 4 }), RedcapBatchError, (error) => {
      deepEqual(error.missing, ['102']);
      match(error.message, /did not return 1 of the 4 records/);
    });
  },

  async 'hashed record ids of a de-identified token are explained'(env) {
    const { mock } = setup(env);
    const hash = '5f4dcc3b5aa765d61d8327deb882cf99';
    env.use(async (request) => {
      const { content, records } = await describe(request);
      if (content === 'metadata') return mock.handle(request);
      // The id list (asked for as CSV) holds a hashed id; asking for that id by name finds nothing.
      if (records.length === 0) return new Response(`record_id\n${hash}\n`, { headers: { 'content-type': 'text/csv' } });
      return new Response('[]', { headers: { 'content-type': 'application/json' } });
    });
    await rejects(setupClient(env, mock).records.export({ batchSize: 10 }), RedcapBatchError, (error) =>
      match(error.message, /De-Identified/),
    );
  },

  async 'progress counts records, batches and bytes'(env) {
    const { redcap } = await bigProject(env, 10);
    const reports: ExportProgress[] = [];
    const rows = await redcap.records.export({ batchSize: 4, onProgress: (progress) => reports.push(progress) });
    const total = new Set(rows.map((row) => row.record_id)).size;
    equal(total, 14, "the fixture's 4 records and 10 more");
    const last = reports.at(-1)!;
    equal(last.records, total);
    equal(last.totalRecords, total);
    equal(last.batches, last.totalBatches);
    equal(last.totalBatches, Math.ceil(total / 4));
    ok(last.bytes > JSON.stringify(rows).length, 'bytes include the id list');
    deepEqual(
      reports.map((report) => [report.records, report.batches]),
      [
        [0, 0],
        [4, 1],
        [8, 2],
        [12, 3],
        [14, 4],
      ],
      'a report before the first batch, then one per batch, counting up',
    );
  },

  async 'concurrent batches still come back in order'(env) {
    const { redcap } = await bigProject(env, 20);
    deepEqual(await redcap.records.export({ batchSize: 3, concurrency: 4 }), await redcap.records.export());
  },

  async 'the standalone iterator sends nothing until iterated'(env) {
    const { client, mock } = setup(env);
    let requests = 0;
    env.use((request) => {
      requests++;
      return mock.handle(request);
    });
    const iterator = exportRecordsBatches(client, { batchSize: 2 });
    equal(requests, 0);
    const first = await iterator.next();
    ok(!first.done && first.value.length > 0);
    await iterator.return(undefined);
  },

  async 'batched export needs JSON or CSV flat rows'(env) {
    const { redcap } = setup(env);
    await rejects(redcap.records.export({ batchSize: 5, format: 'xml' }), RedcapValidationError, (error) => equal(error.path, 'batchSize'));
    await rejects(redcap.records.export({ batchSize: 5, type: 'eav' }), RedcapValidationError, (error) => equal(error.path, 'batchSize'));
  },

  async 'a batched import keeps each record whole and sums the counts'(env) {
    const { redcap, mock } = setup(env);
    const sent: string[][] = [];
    env.use(async (request) => {
      const form = await request.clone().formData();
      if (form.get('content') === 'record' && form.has('data'))
        sent.push((JSON.parse(String(form.get('data'))) as { record_id: string }[]).map((row) => row.record_id));
      return mock.handle(request);
    });
    const rows: ImportRow[] = [];
    for (let i = 0; i < 10; i++) {
      rows.push({ record_id: `b${i}`, redcap_event_name: 'baseline_arm_1', age: i });
      rows.push({
        record_id: `b${i}`,
        redcap_event_name: 'visit_1_arm_1',
        redcap_repeat_instrument: 'visits',
        redcap_repeat_instance: 1,
        weight: '60',
      });
    }
    const progress: ImportProgress[] = [];
    equal(await redcap.records.import(rows, { batchSize: 3, onProgress: (p) => progress.push(p) }), 10);
    equal(sent.length, 4);
    for (const batch of sent)
      ok(new Set(batch).size <= 3 && batch.length === new Set(batch).size * 2, 'both rows of a record travel together');
    deepEqual(progress.at(-1), { records: 10, totalRecords: 10, batches: 4, totalBatches: 4, bytes: progress.at(-1)!.bytes });
    deepEqual(await redcap.records.import(rows.slice(0, 4), { batchSize: 1, returnContent: 'ids' }), ['b0', 'b1']);
  },

  async 'a failed batch says which records landed, and a resume sends each record once'(env) {
    const { redcap, mock } = setup(env);
    const imported: string[] = [];
    env.use(async (request) => {
      const form = await request.clone().formData();
      const response = await mock.handle(request);
      if (form.has('data') && response.ok)
        imported.push(...(JSON.parse(String(form.get('data'))) as { record_id: string }[]).map((row) => row.record_id));
      return response;
    });
    const rows: ImportRow[] = Array.from({ length: 9 }, (_, i) => ({
      record_id: `r${i}`,
      redcap_event_name: 'baseline_arm_1',
      age: i === 4 ? 'four' : i,
    }));
    const error = await rejects(redcap.records.import(rows, { batchSize: 2 }), RedcapBatchError);
    deepEqual(error.landed, ['r0', 'r1', 'r2', 'r3']);
    deepEqual(error.failed, ['r4', 'r5']);
    deepEqual(error.notSent, ['r6', 'r7', 'r8']);
    deepEqual(error.uncertain, []);
    match(String((error.cause as Error).message), /The value of age must be an integer/);
    const fixed = rows.map((row) => (row.record_id === 'r4' ? { ...row, age: 4 } : row));
    const rest = fixed.filter((row) => !error.landed.includes(String(row.record_id)));
    equal(await redcap.records.import(rest, { batchSize: 2 }), 5);
    deepEqual([...imported].sort(), rows.map((row) => String(row.record_id)).sort(), 'every record landed exactly once');
  },

  async 'rows are checked before anything is sent'(env) {
    const { redcap, mock } = setup(env);
    let sent = 0;
    env.use((request) => {
      sent++;
      return mock.handle(request);
    });
    const base = { redcap_event_name: 'baseline_arm_1' };
    await rejects(
      redcap.records.import([
        { record_id: '1', ...base },
        { record_id: '', ...base },
      ]),
      RedcapValidationError,
      (error) => match(error.message, /rows 2 have no value for the record id field `record_id`/),
    );
    await rejects(
      redcap.records.import([
        { record_id: '1', ...base, age: 1 },
        { record_id: '1', ...base, age: 2 },
      ]),
      RedcapValidationError,
      (error) => match(error.message, /rows 1 and 2 are for the same record/),
    );
    await rejects(
      redcap.records.import([{ record_id: '1', ...base, redcap_repeat_instrument: 'visits', redcap_repeat_instance: 1.5 }]),
      RedcapValidationError,
      (error) => match(error.message, /not a positive whole number/),
    );
    equal(sent, 0);
  },

  async 'the limiter caps requests in flight across calls'(env) {
    const { mock } = setup(env);
    let inFlight = 0;
    let most = 0;
    env.use(async (request) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return mock.handle(request);
    });
    const redcap = setupClient(env, mock, { rateLimit: { concurrency: 2 } });
    await Promise.all(Array.from({ length: 6 }, () => redcap.version()));
    equal(most, 2);
  },

  async 'the limiter holds requests past the per-minute budget'(env) {
    const { mock } = setup(env);
    let requests = 0;
    env.use((request) => {
      requests++;
      return mock.handle(request);
    });
    const redcap = setupClient(env, mock, { rateLimit: { perMinute: 3 } });
    // The held calls wait for the minute to pass; 2 s is ample for three answers on a loaded machine, far short of 60 s.
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => redcap.version(undefined, { totalTimeout: 2000 })));
    equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 3);
    deepEqual(
      outcomes.map((outcome) =>
        outcome.status === 'fulfilled' ? 'answered' : outcome.reason instanceof RedcapTimeoutError ? 'timed out' : outcome.reason,
      ),
      ['answered', 'answered', 'answered', 'timed out', 'timed out'],
    );
    equal(requests, 3, 'the held calls never reached the server');
  },

  async 'a 429 pauses every call of the client'(env) {
    const { mock } = setup(env);
    const arrivals: { content: string; at: number }[] = [];
    let answered429: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (answered429 = resolve));
    env.use(async (request) => {
      const { content } = await describe(request);
      arrivals.push({ content, at: Date.now() });
      if (arrivals.length === 1) {
        // Let the 429 reach the client before the second call starts.
        setTimeout(answered429, 100);
        return new Response('Too many requests', { status: 429, headers: { 'retry-after': '1' } });
      }
      return mock.handle(request);
    });
    const redcap = setupClient(env, mock);
    const first = redcap.version();
    await paused;
    await Promise.all([first, redcap.metadata.export()]);
    const start = arrivals[0]!.at;
    deepEqual(
      arrivals.map((arrival) => arrival.content).sort(),
      ['metadata', 'version', 'version'],
      'the 429, its retry and the other call',
    );
    deepEqual(
      arrivals.slice(1).map((arrival) => arrival.at - start >= 900),
      [true, true],
      'no request left during the pause',
    );
  },
});

/** A client for a simulator whose routing the scenario set itself. */
function setupClient(env: ScenarioEnv, mock: MockRedcap, options: Partial<ClientOptions> = {}): Redcap {
  return createRedcap({ url: env.url, token: mock.token, dangerouslyAllowBrowser: true, retry: { limit: 3, delay: 1 }, ...options });
}

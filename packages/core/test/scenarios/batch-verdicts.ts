/** A batched import's verdict per record under retries, a throwing onProgress, and the bytes its progress reports. */
import { RedcapBatchError, type ImportProgress, type ImportRow, type ExportProgress } from '@redcap-sdk/core';
import { deepEqual, equal, ok, rejects } from '../support/assert.ts';
import { clientOf, describeRequest, numbered, stored } from '../support/projects.ts';
import { group } from '../support/scenario.ts';

export const batchVerdictScenarios = group('batch verdicts', {
  async 'a batch retried after its first answer was lost is uncertain, not failed, whatever the retry says'(env) {
    for (const first of [{ kind: 'truncate' }, { kind: 'reset', processed: true }] as const) {
      const { mock } = await numbered(env, 0);
      // The first attempt lands but its answer is lost; REDCap then bans the IP on the retry.
      mock.inject(first, { times: 1, match: { content: 'record', action: 'import' } });
      mock.inject({ kind: 'banned' }, { times: 1, match: { content: 'record', action: 'import' } });
      const rows: ImportRow[] = ['a', 'b', 'c', 'd'].map((id) => ({ record_id: id, name: id }));
      const error = await rejects(
        clientOf(env, mock).records.import(rows, { batchSize: 2, retry: { limit: 2, delay: 1 } }),
        RedcapBatchError,
      );
      deepEqual(await stored(mock), ['a', 'b'], `${first.kind}: the first batch is stored`);
      deepEqual(error.failed, [], `${first.kind}: nothing is reported as refused`);
      deepEqual(error.uncertain, ['a', 'b'], `${first.kind}: the batch whose answer was lost is uncertain`);
      deepEqual(error.notSent, ['c', 'd']);
    }
  },

  async 'a batch REDCap refused on every attempt is still failed'(env) {
    const { mock } = await numbered(env, 0);
    mock.inject({ kind: 'rate-limit', retryAfter: 0 }, { times: 1, match: { content: 'record', action: 'import' } });
    const rows: ImportRow[] = [{ record_id: 'a', age: 'old' }];
    const error = await rejects(
      clientOf(env, mock).records.import(rows, { batchSize: 1, retry: { limit: 2, delay: 1 } }),
      RedcapBatchError,
    );
    deepEqual(error.failed, ['a']);
    deepEqual(error.uncertain, []);
  },

  async 'an onProgress callback that throws stops every worker and comes back as the cause'(env) {
    const { mock } = await numbered(env, 0);
    const redcap = clientOf(env, mock);
    const rows: ImportRow[] = Array.from({ length: 40 }, (_, i) => ({ record_id: `r${i}`, name: `N${i}` }));
    const boom = new Error('progress bar crashed');
    let calls = 0;
    const error = await rejects(
      redcap.records.import(rows, {
        batchSize: 1,
        concurrency: 4,
        onProgress: () => {
          if (++calls === 2) throw boom;
        },
      }),
      RedcapBatchError,
    );
    equal(error.cause, boom);
    const atRejection = (await stored(mock)).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    equal((await stored(mock)).length, atRejection, 'no worker writes after the rejection');
    ok(atRejection < 40);
    equal(error.landed.length, atRejection, 'every stored record is listed as landed');
    equal(error.landed.length + error.notSent.length + error.uncertain.length + error.failed.length, 40);
  },

  async 'batched import and export progress count the bytes as sent and received'(env) {
    const { redcap, mock } = await numbered(env, 0);
    let sent = 0;
    let received = 0;
    const encoder = new TextEncoder();
    env.use(async (request) => {
      const { content, data, action } = await describeRequest(request);
      if (content === 'record' && action === 'import') sent += encoder.encode(data).length;
      const response = await mock.handle(request);
      if (content === 'record' && action === 'export') received += (await response.clone().arrayBuffer()).byteLength;
      return response;
    });
    const rows: ImportRow[] = Array.from({ length: 6 }, (_, i) => ({ record_id: `z${i}`, name: `Zoë Ørsted 東京 ${i} 🧪` }));
    const imported: ImportProgress[] = [];
    equal(await redcap.records.import(rows, { batchSize: 2, onProgress: (p) => imported.push(p) }), 6);
    equal(imported.at(-1)!.bytes, sent, 'import bytes are the UTF-8 bytes of the data sent');
    const exported: ExportProgress[] = [];
    await redcap.records.export({ batchSize: 4, recordIdField: 'record_id', onProgress: (p) => exported.push(p) });
    equal(exported.at(-1)!.bytes, received, 'export bytes are the bytes of the answers received');
  },
});

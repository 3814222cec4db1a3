/**
 * Batched CSV exports (issue 12): REDCap writes each batch's CSV, the batches
 * join into the CSV an unbatched export returns (header once, record order), and
 * every batch is still checked against the record ids it asked for.
 */
import { exportRecordsBatches, RedcapBatchError } from '@redcap-sdk/core';
import { deepEqual, equal, ok, rejects } from '../support/assert.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';
import { clientFor, serve, setup } from '../support/setup.ts';

export const csvBatchScenarios = group('csv batches', {
  async 'exportBatches yields REDCap CSV, the header in the first batch only'(env: ScenarioEnv) {
    const { redcap, client } = setup(env, { project: 'classic' });
    const whole = await redcap.records.export({ format: 'csv' });
    const parts: string[] = [];
    for await (const part of redcap.records.exportBatches({ format: 'csv', batchSize: 2 })) parts.push(part);
    equal(parts.length, 2);
    const header = whole.slice(0, whole.indexOf('\n') + 1);
    ok(parts[0]!.startsWith(header), 'the first batch starts with the header');
    ok(!parts[1]!.includes(header), 'the second batch has no header');
    equal(parts.join(''), whole);
    // The standalone function gives the same text.
    let joined = '';
    for await (const part of exportRecordsBatches(client, { format: 'csv', batchSize: 1 })) joined += part;
    equal(joined, whole);
  },

  async 'a batched records.export with format csv returns one CSV text'(env: ScenarioEnv) {
    const { redcap } = setup(env, { project: 'classic' });
    // Cells that need quoting: a comma, a quote, and a line break inside a cell.
    await redcap.records.import([{ record_id: '7', name: 'Lee, "Sam"\nJr.' }]);
    const whole = await redcap.records.export({ format: 'csv', fields: ['record_id', 'name', 'age'] });
    ok(whole.includes('"Lee, ""Sam""\nJr."'), 'REDCap quoted the cell');
    const batched = await redcap.records.export({ format: 'csv', fields: ['record_id', 'name', 'age'], batchSize: 1 });
    equal(batched, whole);
  },

  async 'a CSV batch holding records not asked for is refused'(env: ScenarioEnv) {
    // The first answer is the id list; every batch answer then ignores the `records` filter.
    serve(env, (_request, attempt) => new Response(attempt === 1 ? 'record_id\n1\n2\n' : 'record_id,age\n1,30\n2,40\n'));
    const redcap = clientFor(env);
    const seen: string[] = [];
    await rejects(
      (async () => {
        for await (const part of redcap.records.exportBatches({ format: 'csv', batchSize: 1, recordIdField: 'record_id' })) seen.push(part);
      })(),
      RedcapBatchError,
    );
    deepEqual(seen, []);
  },
});

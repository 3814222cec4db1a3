/** Answers cut short, junk where an id list belongs, and batches holding records nobody asked for: errors, never fewer or more rows. */
import { RedcapBatchError, RedcapError } from '@redcap-sdk/core';
import { classicFixture, createMockRedcap } from '@redcap-sdk/mock';
import { equal, match, ok, rejects } from '../support/assert.ts';
import { clientOf, describeRequest, numbered } from '../support/projects.ts';
import { group } from '../support/scenario.ts';
import { serve } from '../support/setup.ts';

export const shortAnswerScenarios = group('short answers', {
  async 'a CSV export cut short at the end of a line-less tail is an error, and a read retries it'(env) {
    const { mock } = await numbered(env, 5);
    const whole = (await clientOf(env, mock).records.export({ format: 'csv' })) as string;
    ok(whole.endsWith('\n'), 'REDCap ends CSV with a line break');
    mock.inject({ kind: 'truncate', keep: whole.length - 3 }, { times: 1, match: { content: 'record' } });
    await rejects(clientOf(env, mock, false).records.export({ format: 'csv' }), RedcapError, (error) => match(error.message, /cut short/));
    mock.inject({ kind: 'truncate', keep: whole.length - 3 }, { times: 1, match: { content: 'record' } });
    equal(await clientOf(env, mock).records.export({ format: 'csv' }), whole, 'the retry gets the whole export');
    equal(
      await clientOf(env, mock)
        .metadata.export({ format: 'csv' })
        .then((csv) => csv.endsWith('\n')),
      true,
    );
  },

  async 'an empty CSV export (no records) is not mistaken for a cut-short one'(env) {
    const mock = createMockRedcap({ project: { ...classicFixture, records: [] } });
    env.use((request) => mock.handle(request));
    const csv = (await clientOf(env, mock, false).records.export({ format: 'csv' })) as string;
    ok(csv.trim() === '', 'no records, no rows');
    serve(env, () => new Response('', { headers: { 'content-type': 'text/csv' } }));
    equal(await clientOf(env, mock, false).records.export({ format: 'csv' }), '');
  },

  async 'a cut-short id list fails the batched export instead of returning fewer records'(env) {
    const { mock } = await numbered(env, 23);
    // The header line and the start of the first id: a body that ends mid-line.
    const cut = { kind: 'truncate', keep: 'record_id,redcap_repeat_instrument,redcap_repeat_instance\n1'.length } as const;
    mock.inject(cut, { times: 1, match: { content: 'record' } });
    await rejects(clientOf(env, mock, false).records.export({ batchSize: 5, recordIdField: 'record_id' }), RedcapError, (error) =>
      match(error.message, /cut short/),
    );
    mock.inject(cut, { times: 1, match: { content: 'record' } });
    const rows = await clientOf(env, mock).records.export({ batchSize: 5, recordIdField: 'record_id' });
    equal(new Set(rows.map((row) => row.record_id)).size, 23, 'the retried id list holds every record');
  },

  async 'an id list that is not a list of record ids is refused'(env) {
    const { mock } = await numbered(env, 4);
    for (const junk of ['<!-- maintenance -->\n', 'Service temporarily unavailable\n', 'name\nAnn\n']) {
      env.use(async (request) => {
        const { content, records } = await describeRequest(request);
        if (content === 'record' && records.length === 0) return new Response(junk, { headers: { 'content-type': 'text/csv' } });
        return mock.handle(request);
      });
      await rejects(clientOf(env, mock, false).records.export({ batchSize: 2, recordIdField: 'record_id' }), RedcapError, (error) =>
        // An HTML comment is sniffed as the page it starts (issue 14, item 9); the other two are not id lists.
        match(error.message, /record id|id list|HTML page/i),
      );
    }
  },

  async 'an id list holding records outside the `records` filter is refused'(env) {
    const { mock } = await numbered(env, 6);
    env.use(async (request) => {
      const { content } = await describeRequest(request);
      // A server that ignores `records`: every record comes back.
      if (content === 'record') {
        const form = await request.clone().formData();
        for (const key of [...form.keys()]) if (key.startsWith('records[')) form.delete(key);
        return mock.handle(new Request(request.url, { method: 'POST', body: form }));
      }
      return mock.handle(request);
    });
    await rejects(
      clientOf(env, mock, false).records.export({ records: ['1', '2'], batchSize: 1, recordIdField: 'record_id' }),
      RedcapBatchError,
      (error) => match(error.message, /not asked for/),
    );
  },

  async 'a batch holding rows of records it did not ask for is refused, not returned'(env) {
    const { mock } = await numbered(env, 6);
    let stripped = 0;
    env.use(async (request) => {
      const { content, records } = await describeRequest(request);
      if (content === 'record' && records.length > 0) {
        // This server ignores the `records` filter of a batch: all six records each time.
        stripped++;
        const form = await request.clone().formData();
        for (const key of [...form.keys()]) if (key.startsWith('records[')) form.delete(key);
        return mock.handle(new Request(request.url, { method: 'POST', body: form }));
      }
      return mock.handle(request);
    });
    await rejects(clientOf(env, mock, false).records.export({ batchSize: 2, recordIdField: 'record_id' }), RedcapBatchError, (error) => {
      match(error.message, /not asked for/);
      match(error.message, /4 records not asked for in a batch of 2/);
    });
    ok(stripped > 0);
  },
});

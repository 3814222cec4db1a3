/** Import rows as REDCap takes them: every column name kept, values that JSON cannot carry refused before sending. */
import { createRedcap, RedcapValidationError, type ImportRow } from '@redcap-sdk/core';
import { classicFixture, createMockRedcap } from '@redcap-sdk/mock';
import { equal, match, rejects } from '../support/assert.ts';
import { clientOf } from '../support/projects.ts';
import { group } from '../support/scenario.ts';
import { canaryToken, serve } from '../support/setup.ts';

export const importInputScenarios = group('import input', {
  async 'columns named prototype and constructor are imported and exported back'(env) {
    const fields = [
      ...classicFixture.fields,
      { field_name: 'prototype', form_name: 'demographics', field_type: 'text', field_label: 'Prototype' },
      { field_name: 'constructor', form_name: 'demographics', field_type: 'text', field_label: 'Constructor' },
    ];
    const mock = createMockRedcap({ project: { ...classicFixture, fields } as typeof classicFixture });
    env.use((request) => mock.handle(request));
    const redcap = clientOf(env, mock);
    const row = JSON.parse('{"record_id":"1","prototype":"P-7","constructor":"Ada"}') as ImportRow;
    equal(await redcap.records.import([row], { overwriteBehavior: 'overwrite' }), 1);
    const [back] = await redcap.records.export({ records: ['1'], fields: ['record_id', 'prototype', 'constructor'] });
    const own = new Map(Object.entries(back!));
    equal(own.get('prototype'), 'P-7');
    equal(own.get('constructor'), 'Ada');
  },

  async 'Infinity in a row is refused before anything is sent, naming the row and field'(env) {
    let sent = 0;
    serve(env, () => {
      sent++;
      return new Response('{"count":1}', { headers: { 'content-type': 'application/json' } });
    });
    const redcap = createRedcap({ url: env.url, token: canaryToken, dangerouslyAllowBrowser: true });
    for (const value of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      await rejects(
        redcap.records.import(
          [
            { record_id: '1', age: 3 },
            { record_id: '2', age: value },
          ],
          { overwriteBehavior: 'overwrite' },
        ),
        RedcapValidationError,
        (error) => {
          equal(error.path, 'data[1].age');
          match(error.message, /finite number/);
        },
      );
    }
    equal(sent, 0);
  },
});

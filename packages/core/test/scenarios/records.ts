import { RedcapApiError } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { setup } from '../support/setup.ts';

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

export const recordScenarios = group('records', {
  async 'export everything as JSON rows of strings, with repeat instances as numbers'(env) {
    const { redcap } = setup(env);
    const rows = await redcap.records.export();
    ok(rows.length > 0);
    for (const row of rows) {
      equal(typeof row.record_id, 'string');
      const instance = row.redcap_repeat_instance;
      ok(instance === '' || typeof instance === 'number', 'redcap_repeat_instance is "" or a number');
      for (const [key, value] of Object.entries(row)) if (key !== 'redcap_repeat_instance') equal(typeof value, 'string', key);
    }
    ok(
      rows.some((row) => row.redcap_repeat_instrument === 'visits'),
      'has repeating rows',
    );
    ok(
      Object.keys(rows[0]!).some((key) => key.startsWith('race___')),
      'checkboxes are expanded',
    );
  },

  async 'export with labels'(env) {
    const { redcap } = setup(env);
    const raw = await redcap.records.export({ fields: ['record_id', 'sex'] });
    const labelled = await redcap.records.export({ fields: ['record_id', 'sex'], rawOrLabel: 'label' });
    // Row by row: the same rows, codes in one and their choice labels (and event labels) in the other.
    deepEqual(
      raw.map((row) => [row.record_id, row.redcap_event_name, row.sex]),
      [
        ['1', 'baseline_arm_1', '0'],
        ['1', 'visit_1_arm_1', ''],
        ['2', 'baseline_arm_1', '1'],
        ['2', 'visit_1_arm_1', ''],
        ['3', 'baseline_arm_1', '1'],
        ['4', 'baseline_arm_2', '0'],
      ],
      'raw codes',
    );
    deepEqual(
      labelled.map((row) => [row.record_id, row.redcap_event_name, row.sex]),
      [
        ['1', 'Baseline (Arm 1: Drug A)', 'Female'],
        ['1', 'Visit 1 (Arm 1: Drug A)', ''],
        ['2', 'Baseline (Arm 1: Drug A)', 'Male'],
        ['2', 'Visit 1 (Arm 1: Drug A)', ''],
        ['3', 'Baseline (Arm 1: Drug A)', 'Male'],
        ['4', 'Baseline (Arm 2: Drug B)', 'Female'],
      ],
      'labels',
    );
  },

  async 'export selected fields, records, one event, one form of one event'(env) {
    const { redcap } = setup(env);
    const fields = await redcap.records.export({ fields: ['record_id', 'age'] });
    deepEqual(
      fields.map((row) => Object.keys(row)),
      Array.from({ length: 6 }, () => ['record_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'age']),
      'only the asked fields, with the event and repeat columns',
    );
    deepEqual(
      fields.map((row) => row.age),
      ['44', '', '48', '', '', '34'],
    );
    const some = await redcap.records.export({ records: ['1', 2] });
    deepEqual(unique(some.map((row) => row.record_id)), ['1', '2']);
    const baseline = await redcap.records.export({ events: ['baseline_arm_1'] });
    deepEqual(
      baseline.map((row) => [row.record_id, row.redcap_event_name]),
      [
        ['1', 'baseline_arm_1'],
        ['2', 'baseline_arm_1'],
        ['3', 'baseline_arm_1'],
      ],
    );
    const form = await redcap.records.export({ forms: ['demographics'], events: ['baseline_arm_1'], fields: ['record_id'] });
    ok(form.length > 0 && 'demographics_complete' in form[0]! && !('visit_date' in form[0]!));
  },

  async 'export as CSV, XML and EAV'(env) {
    const { redcap } = setup(env);
    const csv = await redcap.records.export({ format: 'csv', fields: ['record_id', 'age'], records: ['1'] });
    match(csv, /^record_id,redcap_event_name/);
    const xml = await redcap.records.export({ format: 'xml', records: ['1'] });
    match(xml, /^<\?xml version="1.0" encoding="UTF-8" \?>\n<records>/);
    const eav = await redcap.records.export({ type: 'eav', records: ['1'], fields: ['age'] });
    deepEqual(eav, [{ record: '1', redcap_event_name: 'baseline_arm_1', field_name: 'age', value: '44' }]);
  },

  async "an unknown field is REDCap's 400 with its message"(env) {
    const { redcap } = setup(env);
    await rejects(redcap.records.export({ fields: ['record_id', 'not_a_field'] }), RedcapApiError, (error) => {
      equal(error.status, 400);
      equal(error.redcapMessage, 'The following values in the parameter "fields" are not valid: \'not_a_field\'');
    });
  },

  async 'import counts distinct records, not rows'(env) {
    const { redcap } = setup(env);
    const count = await redcap.records.import([
      { record_id: '50', redcap_event_name: 'baseline_arm_1', age: 30 },
      { record_id: '50', redcap_event_name: 'visit_1_arm_1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 1, weight: '70' },
      { record_id: '51', redcap_event_name: 'baseline_arm_1', first_name: 'Ana' },
    ]);
    equal(count, 2);
    const back = await redcap.records.export({ records: ['50'], fields: ['record_id', 'age'] });
    equal(back.find((row) => row.redcap_event_name === 'baseline_arm_1')?.age, '30');
  },

  async 'import CSV text and get the ids back'(env) {
    const { redcap } = setup(env);
    const ids = await redcap.records.import('record_id,redcap_event_name,first_name\n60,baseline_arm_1,Bo\n61,baseline_arm_1,"Lee, Jr."', {
      returnContent: 'ids',
    });
    deepEqual(ids, ['60', '61']);
    const [row] = await redcap.records.export({ records: ['61'], fields: ['record_id', 'first_name'], events: ['baseline_arm_1'] });
    equal(row?.first_name, 'Lee, Jr.');
  },

  async 'auto-numbered import returns the new and original names'(env) {
    const { redcap } = setup(env);
    const next = await redcap.records.generateNextName();
    const pairs = await redcap.records.import([{ record_id: 'temp-1', redcap_event_name: 'baseline_arm_1', age: 20 }], {
      forceAutoNumber: true,
      returnContent: 'auto_ids',
    });
    deepEqual(pairs, [{ id: next, originalId: 'temp-1' }]);
  },

  async 'returnContent nothing resolves to undefined'(env) {
    const { redcap } = setup(env);
    equal(await redcap.records.import([{ record_id: '70', redcap_event_name: 'baseline_arm_1' }], { returnContent: 'nothing' }), undefined);
  },

  async 'bad values give one detail per problem and save nothing'(env) {
    const { redcap } = setup(env);
    await rejects(
      redcap.records.import([
        { record_id: '80', redcap_event_name: 'baseline_arm_1', age: 'abc' },
        { record_id: '81', redcap_event_name: 'baseline_arm_1', email: 'not-an-email' },
      ]),
      RedcapApiError,
      (error) => {
        equal(error.status, 400);
        deepEqual(
          error.details.map((d) => [d.record, d.field, d.value]),
          [
            ['80', 'age', 'abc'],
            ['81', 'email', 'not-an-email'],
          ],
        );
      },
    );
    deepEqual(await redcap.records.export({ records: ['80', '81'] }), []);
  },

  async 'overwrite blanks a field; normal keeps it'(env) {
    const { redcap } = setup(env);
    const base = { record_id: '1', redcap_event_name: 'baseline_arm_1' };
    await redcap.records.import([{ ...base, email: 'kept@example.org' }]);
    await redcap.records.import([{ ...base, email: '' }]);
    const read = async (): Promise<unknown> =>
      (await redcap.records.export({ records: ['1'], fields: ['record_id', 'email'], events: ['baseline_arm_1'] }))[0]?.email;
    equal(await read(), 'kept@example.org');
    await redcap.records.import([{ ...base, email: '' }], { overwriteBehavior: 'overwrite' });
    equal(await read(), '');
  },

  async 'delete records and report how many'(env) {
    const { redcap } = setup(env);
    equal(await redcap.records.delete({ records: ['3', 4] }), 2);
    deepEqual(await redcap.records.export({ records: ['3', '4'] }), []);
  },

  async 'delete of an unknown record deletes nothing'(env) {
    const { redcap } = setup(env);
    await rejects(redcap.records.delete({ records: ['1', '999'] }), RedcapApiError, (error) => {
      equal(error.status, 400);
      match(error.redcapMessage, /The following records do not exist: 999/);
    });
    ok((await redcap.records.export({ records: ['1'] })).length > 0);
  },

  async 'delete one instrument of one record in one event'(env) {
    const { redcap } = setup(env);
    await redcap.records.import([{ record_id: '2', redcap_event_name: 'baseline_arm_1', age: 33, first_name: 'Kim' }]);
    equal(await redcap.records.delete({ records: ['2'], instrument: 'demographics', event: 'baseline_arm_1' }), 1);
    const rows = await redcap.records.export({ records: ['2'], fields: ['record_id', 'age'], events: ['baseline_arm_1'] });
    // Demographics was record 2's only instrument with data in this event: REDCap exports
    // nothing for an event that holds no data (issue 9). The record keeps its other events.
    deepEqual(rows, []);
    ok((await redcap.records.export({ records: ['2'] })).length > 0);
  },

  async 'generate the next record name'(env) {
    const { redcap } = setup(env);
    const rows = await redcap.records.export({ fields: ['record_id'] });
    const highest = Math.max(...rows.map((row) => Number(row.record_id)).filter(Number.isFinite));
    equal(await redcap.records.generateNextName(), String(highest + 1));
  },

  async 'classic projects export without events'(env) {
    const { redcap } = setup(env, { project: 'classic' });
    const rows = await redcap.records.export();
    ok(rows.length > 0 && !('redcap_event_name' in rows[0]!));
  },
});

/** The import pre-check: REDCap's checks run before sending, every problem at once, the same texts as the simulator. */
import {
  RedcapApiError,
  RedcapBatchError,
  RedcapError,
  RedcapImportCheckError,
  RedcapValidationError,
  type ImportRow,
} from '@redcap-sdk/core';
import { classicFixture, createMockRedcap, longitudinalFixture } from '@redcap-sdk/mock';
import { deepEqual, equal, ok, rejects } from '../support/assert.ts';
import { clientOf, stored } from '../support/projects.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';

/** A simulator whose record imports are counted. */
function counted(env: ScenarioEnv, fixture: typeof classicFixture) {
  const mock = createMockRedcap({ project: fixture });
  const sent = { imports: 0 };
  env.use(async (request) => {
    const form = await request.clone().formData();
    if (form.get('content') === 'record' && form.get('data') !== null) sent.imports++;
    return mock.handle(request);
  });
  return { mock, sent, redcap: clientOf(env, mock) };
}

const strip = ({ record, field, value, message }: { record: string; field: string; value: string; message: string }) => ({
  record,
  field,
  value,
  message,
});

export const precheckScenarios = group('import pre-check', {
  async 'the pre-check and the simulator refuse the same bad values with the same messages'(env) {
    const { mock, sent, redcap } = counted(env, longitudinalFixture);
    await redcap.project.load();
    const before = await stored(mock);
    const rows: ImportRow[] = [
      { record_id: '10', redcap_event_name: 'baseline_arm_1', age: 'abc', dob: '2023-02-30', email: 'not-an-email', sex: '7' },
      { record_id: '11', redcap_event_name: 'baseline_arm_1', race___2: '3', visit_date: '2024-01-01', demographics_complete: '5' },
      { record_id: '12', redcap_event_name: 'visit_1_arm_1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 1, weight: '7kg' },
      { record_id: '13', redcap_event_name: 'visit_1_arm_1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 2, age: '40' },
    ];
    let checked: RedcapImportCheckError | undefined;
    await rejects(redcap.records.import(rows), RedcapImportCheckError, (error) => {
      checked = error;
      ok(error instanceof RedcapValidationError && error instanceof RedcapError);
      equal(error.details.length, 9);
      equal(error.details[0]!.row, 0);
      ok(/and 4 more/.test(error.message), error.message);
    });
    equal(sent.imports, 0);
    deepEqual(await stored(mock), before);
    await rejects(redcap.records.import(rows, { validate: false }), RedcapApiError, (error) => {
      deepEqual(error.details, checked!.details.map(strip));
    });
    equal(sent.imports, 1);
  },

  async 'missing-data codes, @NOMISSING and @FORCE-MINMAX: the pre-check and the simulator agree'(env) {
    // Missing-data codes are valid values of any field unless @NOMISSING; @FORCE-MINMAX makes a number's range hard.
    const fixture = {
      ...classicFixture,
      info: { ...classicFixture.info, missing_data_codes: 'NA, Not applicable | UNK, Unknown' },
      fields: classicFixture.fields.map((field) =>
        field.field_name === 'age'
          ? { ...field, text_validation_min: '0', text_validation_max: '120', field_annotation: '@FORCE-MINMAX' }
          : field.field_name === 'dob'
            ? { ...field, field_annotation: '@NOMISSING' }
            : field,
      ),
      records: [],
    };
    const { sent, redcap } = counted(env, fixture);
    await redcap.project.load();
    equal(await redcap.records.import([{ record_id: '1', age: 'UNK', sex: 'NA', dob: '' }]), 1);
    const bad: ImportRow[] = [
      { record_id: '2', age: '130' },
      { record_id: '3', age: '-1' },
      { record_id: '4', dob: 'NA' },
    ];
    let checked: RedcapImportCheckError | undefined;
    await rejects(redcap.records.import(bad), RedcapImportCheckError, (error) => {
      checked = error;
      deepEqual(
        error.details.map((d) => [d.record, d.field, d.message]),
        [
          ['2', 'age', 'age should not be greater than the field maximum (120)'],
          ['3', 'age', 'age should not be less than the field minimum (0)'],
          [
            '4',
            'dob',
            'Invalid date format. (NOTE: Dates must be imported here only in Y-M-D format, regardless of the specific date format designated for this field.)',
          ],
        ],
      );
    });
    await rejects(redcap.records.import(bad, { validate: false }), RedcapApiError, (error) => {
      deepEqual(error.details, checked!.details.map(strip));
    });
    equal(sent.imports, 2);
  },

  async 'request-level refusals carry the same texts as the simulator: unknown field, unknown event, record name'(env) {
    const { redcap } = counted(env, longitudinalFixture);
    await redcap.project.load();
    for (const row of [
      { record_id: '20', redcap_event_name: 'baseline_arm_1', shoe_size: '9' },
      { record_id: '20', redcap_event_name: 'nowhere_arm_9', age: '3' },
      { record_id: 'A&B', redcap_event_name: 'baseline_arm_1', age: '3' },
    ] as ImportRow[]) {
      let message = '';
      await rejects(redcap.records.import([row]), RedcapImportCheckError, (error) => {
        equal(error.details.length, 1);
        message = error.details[0]!.message;
      });
      await rejects(redcap.records.import([row], { validate: false }), RedcapApiError, (error) => equal(error.redcapMessage, message));
    }
  },

  async 'three bad rows in a 500-row CSV import are all found in one call that sends nothing'(env) {
    const { sent, redcap } = counted(env, { ...classicFixture, records: [] });
    await redcap.project.load();
    const lines = ['record_id,name,age,dob,sex'];
    for (let i = 1; i <= 500; i++) lines.push(`${i},"Lee, ""P${i}""",${20 + (i % 50)},12/31/1990,${i % 3}`);
    lines[101] = '101,x,abc,12/31/1990,1';
    lines[250] = '250,y,30,02/30/1990,1';
    lines[400] = '400,z,30,12/31/1990,9';
    await rejects(
      redcap.records.import(`\uFEFF${lines.join('\r\n')}`, { batchSize: 100, dateFormat: 'MDY' }),
      RedcapImportCheckError,
      (error) => {
        deepEqual(
          error.details.map((d) => [d.row, d.record, d.field]),
          [
            [100, '101', 'age'],
            [249, '250', 'dob'],
            [399, '400', 'sex'],
          ],
        );
      },
    );
    equal(sent.imports, 0);
    lines[101] = '101,x,31,12/31/1990,1';
    lines[250] = '250,y,30,02/28/1990,1';
    lines[400] = '400,z,30,12/31/1990,2';
    equal(
      await redcap.records.import(lines.join('\n').replaceAll(',', ';').replaceAll('Lee; ', 'Lee, '), {
        batchSize: 100,
        csvDelimiter: ';',
        dateFormat: 'MDY',
      }),
      500,
    );
    equal(sent.imports, 5);
  },

  async 'validate: true without a loaded project is refused, naming the fix'(env) {
    const { sent, redcap } = counted(env, classicFixture);
    await rejects(redcap.records.import([{ record_id: '1', age: '3' }], { validate: true }), RedcapValidationError, (error) => {
      equal(error.path, 'validate');
    });
    equal(sent.imports, 0);
  },

  async 'continueOnError goes past refused batches and lists every refused record with its details'(env) {
    const { mock, redcap } = counted(env, { ...classicFixture, records: [] });
    const rows: ImportRow[] = [
      { record_id: '1', age: '30' },
      { record_id: '2', age: 'abc' },
      { record_id: '3', age: '31' },
      { record_id: '4', sex: '9' },
      { record_id: '5', age: '32' },
    ];
    await rejects(redcap.records.import(rows, { batchSize: 1, continueOnError: true }), RedcapBatchError, (error) => {
      deepEqual(error.landed, ['1', '3', '5']);
      deepEqual(error.failed, ['2', '4']);
      deepEqual(
        error.details.map((d) => [d.record, d.field]),
        [
          ['2', 'age'],
          ['4', 'sex'],
        ],
      );
      equal(error.refusals.length, 2);
    });
    deepEqual((await stored(mock)).sort(), ['1', '3', '5']);
    // The default still stops at the first refused batch.
    await rejects(
      redcap.records.import(
        rows.map((row) => ({ ...row, record_id: `x${row.record_id}` })),
        { batchSize: 1 },
      ),
      RedcapBatchError,
      (error) => {
        equal(error.notSent.length, 3);
      },
    );
  },
});

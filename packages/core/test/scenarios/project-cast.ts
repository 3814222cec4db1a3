import {
  createRedcap,
  exportRecords,
  importRecords,
  isMissingValue,
  loadProject,
  RedcapCastError,
  RedcapValidationError,
  type Redcap,
} from '@redcap-sdk/core';
import { createMockRedcap, type MockRedcap } from '@redcap-sdk/mock';
import { castFixture } from '../fixtures/cast-project.ts';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';

/** A simulator of the casting project, a client of it, and how many requests it answered. */
function castingProject(env: ScenarioEnv): { redcap: Redcap; mock: MockRedcap; sent: () => number } {
  const mock = createMockRedcap({ project: castFixture });
  let count = 0;
  env.use((request) => {
    count++;
    return mock.handle(request);
  });
  const redcap = createRedcap({ url: env.url, token: mock.token, dangerouslyAllowBrowser: true, retry: false });
  return { redcap, mock, sent: () => count };
}

const typedFirst = {
  record_id: '1',
  age: 44,
  weight: 71.5,
  pain: 30,
  smoker: false,
  consented: true,
  dob: '1980-04-12',
  seen_at: '2024-03-01 14:05',
  drawn_at: '2024-03-01 14:05:09',
  wake: '07:30',
  diet: '1',
  race: ['-1', '0'],
  comments: 'Line one\nLine two',
  enrolment_complete: 2,
  symptoms: [],
  followup_note: null,
  followup_complete: 0,
};

export const projectCastScenarios = group('casting', {
  async 'cast before project.load() is refused, naming it, and nothing is sent'(env) {
    const { redcap, sent } = castingProject(env);
    await rejects(redcap.records.export({ cast: true }), RedcapValidationError, (error) => {
      equal(error.path, 'cast');
      match(error.message, /await redcap\.project\.load\(\)/);
    });
    equal(sent(), 0);
  },

  async 'cast: true types every value from the dictionary; the raw export is unchanged'(env) {
    const { redcap } = castingProject(env);
    const raw = await redcap.records.export({ records: ['1'] });
    equal(raw[0]!.age, '44');
    await redcap.project.load();
    const [first] = await redcap.records.export({ records: ['1'], cast: true });
    deepEqual(first, typedFirst);
    // Without cast, still REDCap's strings, even with the project loaded.
    equal((await redcap.records.export({ records: ['1'] }))[0]!.age, '44');
  },

  async 'dates as Date objects in local time, choices as labels (commas in labels kept)'(env) {
    const { redcap } = castingProject(env);
    await redcap.project.load();
    const [first] = await redcap.records.export({ records: ['1'], cast: { dates: 'date', choices: 'labels' } });
    ok(first!.dob instanceof Date);
    equal((first!.dob as Date).getTime(), new Date(1980, 3, 12).getTime());
    equal((first!.seen_at as Date).getTime(), new Date(2024, 2, 1, 14, 5).getTime());
    equal((first!.drawn_at as Date).getTime(), new Date(2024, 2, 1, 14, 5, 9).getTime());
    equal(first!.wake, '07:30');
    equal(first!.diet, 'Vegan, strict');
    deepEqual(first!.race, ['Prefer not to say', 'Other']);
  },

  async 'values that do not fit throw one RedcapCastError listing every one of them'(env) {
    const { redcap } = castingProject(env);
    await loadProject(redcap);
    await rejects(redcap.records.export({ cast: true }), RedcapCastError, (error) => {
      deepEqual(
        error.invalid.map((item) => [item.record, item.field, item.value]),
        [
          ['2', 'age', 'abc'],
          ['2', 'smoker', '7'],
          ['2', 'dob', '2024-02-30'],
          ['2', 'diet', '9'],
        ],
      );
      match(error.message, /^4 values of the export do not fit their fields/);
      equal(error.invalid[0]!.reason, 'not an integer');
    });
  },

  async "invalid: 'report' returns the rows beside the report, each bad value kept raw"(env) {
    const { redcap } = castingProject(env);
    await redcap.project.load();
    const { rows, invalid } = await redcap.records.export({ cast: { invalid: 'report' } });
    equal(rows.length, 3);
    const second = rows[1]!;
    equal(second.age, 'abc');
    equal(second.smoker, '7');
    equal(second.dob, '2024-02-30');
    // Fitting values of the same row are cast.
    equal(second.enrolment_complete, 1);
    deepEqual(invalid[0], { record: '2', event: null, instance: null, field: 'age', value: 'abc', reason: 'not an integer' });
    equal(invalid.length, 4);
  },

  async 'missing-data codes come back as MissingValue, never null or NaN'(env) {
    const { redcap } = castingProject(env);
    await redcap.project.load();
    const [third] = await redcap.records.export({ records: ['3'], cast: true });
    deepEqual(third!.age, { missing: 'UNK', label: 'Unknown' });
    deepEqual(third!.weight, { missing: 'NA', label: 'Not applicable' });
    ok(isMissingValue(third!.age));
    // A missing-data code in a text field is that code too.
    const [second] = await redcap.records
      .export({ records: ['2'], fields: ['record_id', 'comments'], cast: { invalid: 'report' } })
      .then((r) => r.rows);
    deepEqual(second!.comments, { missing: 'UNK', label: 'Unknown' });
  },

  async 'checkboxes: never entered is null where the form status says so, none checked is [], zero and negative codes work'(env) {
    const { redcap } = castingProject(env);
    await redcap.project.load();
    const gray = await redcap.records.export({
      records: ['1', '3'],
      fields: ['record_id', 'race', 'symptoms', 'enrolment_complete', 'followup_complete'],
      exportBlankForGrayFormStatus: true,
      cast: true,
    });
    // Record 1 never saved its follow-up: no answer, not "no symptoms".
    deepEqual(gray[0], { record_id: '1', race: ['-1', '0'], enrolment_complete: 2, symptoms: null, followup_complete: null });
    // Record 3 saved its follow-up with no box checked.
    deepEqual(gray[1], { record_id: '3', race: [], enrolment_complete: 0, symptoms: [], followup_complete: 1 });
  },

  async "rawOrLabel: 'label' and CSV are refused with cast, saying what to do instead"(env) {
    const { redcap, sent } = castingProject(env);
    await redcap.project.load();
    const before = sent();
    await rejects(redcap.records.export({ rawOrLabel: 'label', cast: true }), RedcapValidationError, (error) => {
      match(error.message, /cast: \{ choices: 'labels' \}/);
    });
    await rejects(redcap.records.export({ format: 'csv', cast: true }), RedcapValidationError, (error) => equal(error.path, 'cast'));
    await rejects(redcap.records.export({ cast: { dates: 'iso' as 'date' } }), RedcapValidationError);
    equal(sent(), before);
  },

  async 'reports, batched exports and exportBatches cast too'(env) {
    const { redcap } = castingProject(env);
    await redcap.project.load();
    const report = await redcap.reports.export({ reportId: 3, cast: { invalid: 'report' } });
    deepEqual(report.rows[0], { record_id: '1', age: 44, race: ['-1', '0'] });
    deepEqual(
      report.invalid.map((item) => item.value),
      ['abc'],
    );
    const batched = await exportRecords(redcap, { records: ['1', '3'], batchSize: 1, cast: true });
    deepEqual(batched[0], typedFirst);
    const batches = [];
    for await (const batch of redcap.records.exportBatches({ batchSize: 2, cast: { invalid: 'report' } })) batches.push(batch);
    deepEqual(
      batches.map((batch) => [batch.rows.length, batch.invalid.length]),
      [
        [2, 4],
        [1, 0],
      ],
    );
  },

  async 'typed rows import as REDCap text and export back equal'(env) {
    const { redcap } = castingProject(env);
    await redcap.project.load();
    const row = {
      record_id: '9',
      age: 51,
      smoker: true,
      consented: false,
      dob: new Date(1973, 10, 5),
      seen_at: new Date(2024, 0, 31, 9, 15),
      drawn_at: new Date(2024, 0, 31, 9, 15, 42),
      wake: '06:45',
      race: ['0', '-1'],
      comments: { missing: 'NA', label: 'Not applicable' },
    };
    equal(await redcap.records.import([row]), 1);
    const [raw] = await redcap.records.export({ records: ['9'] });
    equal(raw!.smoker, '1');
    equal(raw!.dob, '1973-11-05');
    equal(raw!.seen_at, '2024-01-31 09:15');
    equal(raw!.drawn_at, '2024-01-31 09:15:42');
    deepEqual([raw!.race___1, raw!.race___2, raw!.race____1, raw!.race___0], ['0', '0', '1', '1']);
    equal(raw!.comments, 'NA');
    const [back] = await redcap.records.export({ records: ['9'], fields: Object.keys(row), cast: { dates: 'date' } });
    deepEqual(back, { ...row, race: ['-1', '0'] });
  },

  async 'labels: true turns choice labels into codes; an unknown one is refused before sending'(env) {
    const { redcap, sent } = castingProject(env);
    await redcap.project.load();
    await redcap.records.import([{ record_id: '10', diet: 'Vegan, strict', smoker: 'No', race: ['Asian', 'Other'] }], { labels: true });
    const [raw] = await redcap.records.export({ records: ['10'], fields: ['record_id', 'diet', 'smoker', 'race'] });
    deepEqual(raw, { record_id: '10', diet: '1', smoker: '0', race___1: '1', race___2: '0', race____1: '0', race___0: '1' });
    const before = sent();
    await rejects(redcap.records.import([{ record_id: '11', race: ['Martian'] }], { labels: true }), RedcapValidationError, (error) => {
      equal(error.path, 'data[0].race');
      match(error.message, /"Martian"/);
    });
    equal(sent(), before);
  },

  async 'without the project, typed values and labels are refused naming project.load(); plain rows import as before'(env) {
    const { redcap, sent } = castingProject(env);
    for (const value of [new Date(2024, 0, 1), true, ['1'], { missing: 'UNK', label: 'Unknown' }]) {
      await rejects(importRecords(redcap, [{ record_id: '12', dob: value as never }]), RedcapValidationError, (error) => {
        equal(error.path, 'data[0].dob');
        match(error.message, /await redcap\.project\.load\(\)/);
      });
    }
    await rejects(redcap.records.import([{ record_id: '12', diet: 'None' }], { labels: true }), RedcapValidationError, (error) =>
      equal(error.path, 'labels'),
    );
    equal(sent(), 0);
    equal(await redcap.records.import([{ record_id: '12', age: 30, diet: '2' }]), 1);
  },
});

/** The project model, built offline from REDCap's answers: choices, columns, forms of events, repeating setup. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkboxColumnCode, parseChoices, projectFrom } from '@redcap-sdk/core';
import { castingParts } from '../fixtures/project-parts.ts';

test('choices: the first comma splits code from label, commas stay in labels, spaces are trimmed', () => {
  assert.deepEqual(parseChoices('1, Yes, daily | 2, No'), [
    { code: '1', label: 'Yes, daily' },
    { code: '2', label: 'No' },
  ]);
  // Uploaded dictionaries round-trip without spaces (REDCapR checkboxes-1 fixture).
  assert.deepEqual(parseChoices('1, one|2, two'), [
    { code: '1', label: 'one' },
    { code: '2', label: 'two' },
  ]);
});

test('choices: zero, negative, decimal and letter codes; line breaks as separators; blank entries skipped', () => {
  assert.deepEqual(parseChoices('0, None | -1, Refused | 1.5, Half | a, A\n b , B |  | '), [
    { code: '0', label: 'None' },
    { code: '-1', label: 'Refused' },
    { code: '1.5', label: 'Half' },
    { code: 'a', label: 'A' },
    { code: 'b', label: 'B' },
  ]);
  assert.deepEqual(parseChoices('Maybe'), [{ code: 'Maybe', label: 'Maybe' }]);
  assert.deepEqual(parseChoices(''), []);
});

test("checkbox column codes follow REDCap's formatting: lower case, - and . to _, the rest dropped", () => {
  assert.equal(checkboxColumnCode('-1'), '_1');
  assert.equal(checkboxColumnCode('A.b'), 'a_b');
  assert.equal(checkboxColumnCode('x y!'), 'xy');
});

const project = projectFrom(castingParts);

test('the record id field is the first field; field() and fieldsOf() read the dictionary', () => {
  assert.equal(project.recordIdField, 'study_id');
  assert.equal(project.field('age')?.text_validation_type_or_show_slider_number, 'integer');
  // Left-out dictionary columns are blank, as REDCap sends them.
  assert.equal(project.field('age')?.branching_logic, '');
  assert.equal(project.field('nope'), undefined);
  assert.deepEqual(
    project.fieldsOf('visit').map((field) => field.field_name),
    ['visit_date', 'symptoms'],
  );
  assert.deepEqual(project.fieldsOf('nope'), []);
});

test('choicesOf: parsed lists, implied yesno and truefalse, nothing for other fields', () => {
  assert.deepEqual(project.choicesOf('diet'), [
    { code: '1', label: 'Vegan, strict' },
    { code: '2', label: 'Vegetarian' },
    { code: '0', label: 'None' },
  ]);
  assert.deepEqual(project.choicesOf('smoker'), [
    { code: '1', label: 'Yes' },
    { code: '0', label: 'No' },
  ]);
  assert.deepEqual(project.choicesOf('consented'), [
    { code: '1', label: 'True' },
    { code: '0', label: 'False' },
  ]);
  // Slider labels and calc equations are not choices.
  assert.deepEqual(project.choicesOf('pain'), []);
  assert.deepEqual(project.choicesOf('bmi'), []);
});

test('checkboxColumns and columnOf: every option column, missing-data code columns unless @NOMISSING', () => {
  assert.deepEqual(project.checkboxColumns('race'), ['race___1', 'race___2', 'race____1', 'race___0', 'race___a_b']);
  assert.deepEqual(project.checkboxColumns('age'), []);
  assert.deepEqual(project.columnOf('race____1'), { kind: 'checkbox', field: project.field('race'), code: '-1', missing: false });
  assert.deepEqual(project.columnOf('race___unk'), { kind: 'checkbox', field: project.field('race'), code: 'UNK', missing: true });
  assert.equal(project.columnOf('symptoms___unk'), undefined);
  assert.deepEqual(project.columnOf('study_id'), { kind: 'recordId', field: project.field('study_id') });
  assert.deepEqual(project.columnOf('visit_complete'), { kind: 'complete', form: 'visit' });
  assert.deepEqual(project.columnOf('redcap_repeat_instance'), { kind: 'repeatInstance' });
  // Descriptive fields hold no data, and a bare checkbox name is no column of flat data.
  assert.equal(project.columnOf('note'), undefined);
  assert.equal(project.columnOf('race'), undefined);
});

test('settings: longitudinal, repeating, missing-data codes; forms of events; repeating forms and events', () => {
  assert.equal(project.isLongitudinal, true);
  assert.equal(project.hasRepeating, true);
  assert.deepEqual(project.missingDataCodes, [
    { code: 'UNK', label: 'Unknown' },
    { code: 'NA', label: 'Not applicable' },
  ]);
  assert.deepEqual(project.formsOf('baseline_arm_1'), ['enrolment', 'visit']);
  assert.deepEqual(project.formsOf('follow_up_arm_1'), ['visit']);
  assert.deepEqual(project.formsOf('nope'), []);
  assert.equal(project.isRepeatingForm('visit', 'follow_up_arm_1'), true);
  assert.equal(project.isRepeatingForm('visit', 'baseline_arm_1'), false);
  assert.equal(project.isRepeatingForm('visit', 'calls_arm_1'), true);
  assert.equal(project.isRepeatingEvent('calls_arm_1'), true);
  assert.equal(project.isRepeatingEvent('follow_up_arm_1'), false);
});

test('a classic project: every form in its one event, flags from the info, nothing repeats', () => {
  const classic = projectFrom({
    metadata: [
      { field_name: 'record_id', form_name: 'a', field_type: 'text' },
      { field_name: 'x', form_name: 'b', field_type: 'text' },
    ],
    info: { is_longitudinal: 0, has_repeating_instruments_or_events: 0 },
  });
  assert.equal(classic.isLongitudinal, false);
  assert.equal(classic.hasRepeating, false);
  assert.deepEqual(classic.formsOf(), ['a', 'b']);
  assert.deepEqual(classic.missingDataCodes, []);
});

test('the project is immutable, and an empty dictionary is refused', () => {
  assert.ok(Object.isFrozen(project));
  assert.ok(Object.isFrozen(project.metadata) && Object.isFrozen(project.metadata[0]));
  assert.throws(() => {
    (project.metadata as unknown as unknown[]).push({});
  }, TypeError);
  assert.throws(() => projectFrom({ metadata: [] }), /metadata/);
});

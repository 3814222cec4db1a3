/** Casting and uncasting offline, from a project built with projectFrom: the cases the simulator does not model. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { castRecords, projectFrom, RedcapValidationError, uncastRecords } from '@redcap-sdk/core';
import { castingParts } from '../fixtures/project-parts.ts';

const project = projectFrom(castingParts);
const base = { study_id: '1', redcap_event_name: 'baseline_arm_1', redcap_repeat_instrument: '', redcap_repeat_instance: '' };
const raceColumns = { race___1: '0', race___2: '0', race____1: '0', race___0: '0', race___a_b: '0', race___unk: '0', race___na: '0' };

test('calc and comma-decimal numbers; event and instance of a reported value', () => {
  const { rows, invalid } = castRecords(
    project,
    [{ ...base, bmi: '22,5', height: '1,8', redcap_repeat_instance: 2, redcap_event_name: 'follow_up_arm_1', age: '4.5' }],
    { decimalCharacter: ',' },
  );
  assert.equal(rows[0]!.bmi, 22.5);
  assert.equal(rows[0]!.height, 1.8);
  assert.equal(rows[0]!.redcap_repeat_instance, 2);
  assert.equal(rows[0]!.redcap_repeat_instrument, null);
  assert.deepEqual(invalid, [{ record: '1', event: 'follow_up_arm_1', instance: 2, field: 'age', value: '4.5', reason: 'not an integer' }]);
});

test('a checked missing-data column gives the MissingValue; letters in codes map back from their column', () => {
  const { rows } = castRecords(project, [
    { ...base, ...raceColumns, race___unk: '1', enrolment_complete: '1' },
    { ...base, ...raceColumns, race___a_b: '1', enrolment_complete: '1' },
  ]);
  assert.deepEqual(rows[0]!.race, { missing: 'UNK', label: 'Unknown' });
  assert.deepEqual(rows[1]!.race, ['A.b']);
});

test('checkbox columns all blank (form not in the event) give null; a bad column keeps every column raw and is reported', () => {
  const blank = Object.fromEntries(Object.keys(raceColumns).map((column) => [column, '']));
  const { rows, invalid } = castRecords(project, [
    { ...base, ...blank },
    { ...base, ...raceColumns, race___2: 'x' },
  ]);
  assert.equal(rows[0]!.race, null);
  assert.equal(rows[1]!.race, undefined);
  assert.equal(rows[1]!.race___2, 'x');
  assert.deepEqual(
    invalid.map((item) => [item.field, item.reason]),
    [['race___2', 'not 1 or 0 (a checkbox column)']],
  );
});

test('combineCheckboxOptions: the joined codes become the array', () => {
  const { rows, invalid } = castRecords(project, [
    { ...base, race: '-1,0' },
    { ...base, race: '' },
    { ...base, race: '1,7' },
  ]);
  assert.deepEqual(rows[0]!.race, ['-1', '0']);
  assert.deepEqual(rows[1]!.race, []);
  assert.equal(rows[2]!.race, '1,7');
  assert.equal(invalid[0]!.field, 'race');
});

test('uncast: dates by dateFormat and validation, booleans, checkbox arrays, missing codes on checkboxes', () => {
  const [row] = uncastRecords(
    project,
    [
      {
        study_id: '1',
        dob: new Date(2001, 1, 3),
        seen_at: new Date(2024, 5, 7, 8, 9),
        drawn_at: new Date(2024, 5, 7, 8, 9, 10),
        wake: new Date(2024, 5, 7, 6, 5),
        consented: false,
        race: { missing: 'NA', label: 'Not applicable' },
        symptoms: ['2'],
        age: 30,
      },
    ],
    { dateFormat: 'DMY' },
  );
  assert.deepEqual(row, {
    study_id: '1',
    dob: '03-02-2001',
    seen_at: '07-06-2024 08:09',
    drawn_at: '07-06-2024 08:09:10',
    wake: '06:05',
    consented: '0',
    race___1: '0',
    race___2: '0',
    race____1: '0',
    race___0: '0',
    race___a_b: '0',
    race___na: '1',
    symptoms___1: '0',
    symptoms___2: '1',
    age: 30,
  });
});

test('uncast refuses what fits no field, naming row and field', () => {
  const refused = (row: Record<string, unknown>, pattern: RegExp): void =>
    assert.throws(
      () => uncastRecords(project, [{ study_id: '1' }, row as never]),
      (error: unknown) => {
        assert.ok(error instanceof RedcapValidationError);
        assert.match(error.message, pattern);
        assert.match(error.path, /^data\[1\]\./);
        return true;
      },
    );
  refused({ comments: true }, /boolean/);
  refused({ comments: new Date() }, /Date/);
  refused({ race___1: ['1'] }, /array/);
  refused({ race: ['9'] }, /"9"/);
  refused({ age: { missing: 'XX', label: '?' } }, /does not define/);
  refused({ age: { x: 1 } }, /object/);
});

// Calculated fields (§4.3, §4.5: "Calc fields are recalculated after the import; values supplied
// for them are ignored"; syntax as stored, §5.5; `calc` holds the equation, §5.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap, type FieldInput, type MockRedcap, type ProjectFixture, type RecordRow } from '../src/index.ts';
import { post } from './support/post.ts';

const TOKEN = 'C4A1C0000000000000000000000000AA';
/** The simulator's clock for "today" and "now": 2025-03-15 12:00 local time. */
const NOW = new Date(2025, 2, 15, 12, 0, 0);

const text = (name: string, validation = ''): FieldInput => ({
  field_name: name,
  form_name: 'main',
  field_type: 'text',
  field_label: name,
  text_validation_type_or_show_slider_number: validation,
});
const calc = (name: string, formula: string, form = 'main'): FieldInput => ({
  field_name: name,
  form_name: form,
  field_type: 'calc',
  field_label: name,
  select_choices_or_calculations: formula,
});

/** A classic project: record_id, text fields a, b, c, d, a date d1 and d2, checkbox `cb`, and the calc fields given. */
function classic(calcs: readonly FieldInput[], records: readonly RecordRow[] = [], info: ProjectFixture['info'] = {}): ProjectFixture {
  return {
    info: { project_id: 31, project_title: 'Calc', ...info },
    forms: [{ name: 'main', label: 'Main' }],
    fields: [
      text('record_id'),
      text('a', 'number'),
      text('b', 'number'),
      text('c', 'number'),
      text('d', 'number'),
      text('s'),
      text('d1', 'date_ymd'),
      text('d2', 'datetime_seconds_ymd'),
      {
        field_name: 'cb',
        form_name: 'main',
        field_type: 'checkbox',
        field_label: 'Checkbox',
        select_choices_or_calculations: '1, One | 2, Two | -1, None',
      },
      ...calcs,
    ],
    users: [{ username: 'calc_user', token: TOKEN }],
    records,
  };
}

async function importRows(mock: MockRedcap, rows: readonly RecordRow[], extra: Record<string, string> = {}): Promise<void> {
  const answer = await post(mock, { content: 'record', format: 'json', data: JSON.stringify(rows), ...extra });
  assert.equal(answer.status, 200, answer.body);
}

async function exportJson(mock: MockRedcap, extra: Record<string, string> = {}): Promise<Record<string, string | number>[]> {
  const answer = await post(mock, { content: 'record', format: 'json', ...extra });
  assert.equal(answer.status, 200, answer.body);
  return JSON.parse(answer.body) as Record<string, string | number>[];
}

/** The exported value of the calc field `x = formula` after importing `values` into record 1. */
async function value(formula: string, values: Record<string, string> = {}): Promise<string> {
  const mock = createMockRedcap({ project: classic([calc('x', formula)]), now: () => NOW });
  await importRows(mock, [{ record_id: '1', ...values }]);
  assert.deepEqual(mock.diagnostics, [], `no diagnostic for ${formula}`);
  const [row] = await exportJson(mock, { fields: 'x' });
  return String(row?.x);
}

describe('calculated fields: operators (§5.5)', () => {
  it('computes + - * / ^, parentheses, unary minus and precedence', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['[a] + [b]', { a: '2', b: '3' }, '5'],
      ['[a] - [b] * [c]', { a: '10', b: '2', c: '3' }, '4'],
      ['([a] - [b]) * [c]', { a: '10', b: '2', c: '3' }, '24'],
      ['[a] / [b]', { a: '10', b: '4' }, '2.5'],
      ['[a] ^ 2', { a: '3' }, '9'],
      ['2 ^ 3 ^ 2', {}, '512'],
      ['-[a] ^ 2', { a: '3' }, '-9'],
      ['-(-[a])', { a: '3' }, '3'],
      ['[a] * -2', { a: '1.5' }, '-3'],
      ['.5 + 1', {}, '1.5'],
      ['[a] / 3', { a: '10' }, '3.3333333333333'],
      ['[a] + [b]', { a: '0.1', b: '0.2' }, '0.3'],
      ['[a] * 1', { a: '007' }, '7'],
    ];
    for (const [formula, values, expected] of cases) assert.equal(await value(formula, values), expected, formula);
  });

  it('compares with = <> != < <= > >= (numbers numerically, text as text) and joins with and/or/not, && || !, any case', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['if([a] = 5, 1, 0)', { a: '5.0' }, '1'],
      ["if([s] = 'yes', 1, 0)", { s: 'yes' }, '1'],
      ['if([s] = "Yes", 1, 0)', { s: 'yes' }, '0'],
      ['if([a] <> 5, 1, 0)', { a: '5' }, '0'],
      ['if([a] != 4, 1, 0)', { a: '5' }, '1'],
      ['if([a] < 10, 1, 0)', { a: '9' }, '1'],
      ['if([a] <= 9, 1, 0)', { a: '9' }, '1'],
      ['if([a] > 10, 1, 0)', { a: '9' }, '0'],
      ['if([a] >= 9, 1, 0)', { a: '9' }, '1'],
      ['if([a] > 1 and [b] > 1, 1, 0)', { a: '2', b: '0' }, '0'],
      ['if([a] > 1 AND [b] > 1, 1, 0)', { a: '2', b: '2' }, '1'],
      ['if([a] > 1 or [b] > 1, 1, 0)', { a: '0', b: '2' }, '1'],
      ['if([a] > 1 && [b] > 1, 1, 0)', { a: '2', b: '2' }, '1'],
      ['if([a] > 1 || [b] > 1, 1, 0)', { a: '0', b: '0' }, '0'],
      ['if(not([a] = 1), 1, 0)', { a: '1' }, '0'],
      ['if(!([a] = 1), 1, 0)', { a: '2' }, '1'],
      ['if([a] = 1 or [a] = 2 and [b] = 3, 1, 0)', { a: '1', b: '0' }, '1'],
      ['([a] > 1) + ([b] > 1)', { a: '2', b: '2' }, '2'],
    ];
    for (const [formula, values, expected] of cases) assert.equal(await value(formula, values), expected, formula);
  });
});

describe('calculated fields: functions (§5.5)', () => {
  it('computes if, round, roundup, rounddown, abs, sqrt, exponential, log', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['if([a] > 1, [a] * 10, [b])', { a: '2', b: '7' }, '20'],
      ['if([a] > 1, [a] * 10, [b])', { a: '1', b: '7' }, '7'],
      ['IF([a] > 1, 1, 0)', { a: '2' }, '1'],
      ['round([a])', { a: '2.5' }, '3'],
      ['round([a])', { a: '-2.5' }, '-3'],
      ['round([a], 1)', { a: '22.95' }, '23'],
      ['round([a], 2)', { a: '1.005' }, '1.01'],
      ['round([a], 1)', { a: '22.94' }, '22.9'],
      ['roundup([a], 1)', { a: '1.01' }, '1.1'],
      ['roundup([a], 1)', { a: '1.1' }, '1.1'],
      ['rounddown([a], 1)', { a: '1.99' }, '1.9'],
      // Toward minus and plus infinity, as floor() and ceil() of the scaled value.
      ['rounddown([a])', { a: '-1.5' }, '-2'],
      ['roundup([a])', { a: '-1.5' }, '-1'],
      ['abs([a])', { a: '-4' }, '4'],
      ['sqrt([a])', { a: '16' }, '4'],
      ['round(exponential(1), 4)', {}, '2.7183'],
      ['log([a], 10)', { a: '1000' }, '3'],
      ['round(log([a]), 4)', { a: '10' }, '2.3026'],
    ];
    for (const [formula, values, expected] of cases) assert.equal(await value(formula, values), expected, formula);
  });

  it('sum, min, max, mean and median skip blanks and non-numbers, and are blank when nothing is a number', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['sum([a], [b], [c])', { a: '1', b: '2' }, '3'],
      ['sum([a], [b], [s])', { a: '1', b: '2', s: 'abc' }, '3'],
      ['sum([a], [b])', {}, ''],
      ['min([a], [b], [c])', { a: '4', c: '-1' }, '-1'],
      ['max([a], [b], [c])', { a: '4', c: '-1' }, '4'],
      ['mean([a], [b], [c])', { a: '1', b: '2' }, '1.5'],
      ['median([a], [b], [c], [d])', { a: '5', b: '1', c: '3' }, '3'],
      ['median([a], [b], [c], [d])', { a: '5', b: '1', c: '3', d: '4' }, '3.5'],
    ];
    for (const [formula, values, expected] of cases) assert.equal(await value(formula, values), expected, formula);
  });

  it('isnumber, isinteger and isblankormissingcode (the project missing-data codes count as missing)', async () => {
    assert.equal(await value('if(isnumber([s]), 1, 0)', { s: '1.5' }), '1');
    assert.equal(await value('if(isnumber([s]), 1, 0)', { s: 'x' }), '0');
    assert.equal(await value('if(isinteger([s]), 1, 0)', { s: '1.5' }), '0');
    assert.equal(await value('if(isblankormissingcode([s]), 1, 0)', {}), '1');
    const mock = createMockRedcap({
      project: classic([calc('x', 'if(isblankormissingcode([s]), 1, 0)')], [], { missing_data_codes: 'UNK, Unknown | NA, Not applicable' }),
    });
    await importRows(mock, [
      { record_id: '1', s: 'UNK' },
      { record_id: '2', s: 'known' },
    ]);
    assert.deepEqual(
      (await exportJson(mock, { fields: 'record_id,x' })).map((row) => row.x),
      ['1', '0'],
    );
  });
});

describe('calculated fields: blanks (§5.5)', () => {
  it('arithmetic on a blank, a non-number or a division by zero gives a blank; comparisons see a blank as empty', async () => {
    assert.equal(await value('[a] + [b]', { a: '1' }), '');
    assert.equal(await value('[s] * 2', { s: 'abc' }), '');
    assert.equal(await value('[a] / [b]', { a: '1', b: '0' }), '');
    assert.equal(await value('sqrt([a])', { a: '-1' }), '');
    assert.equal(await value('round([a], 1)', {}), '');
    assert.equal(await value('-[a]', {}), '');
    assert.equal(await value("if([a] = '', 1, 0)", {}), '1');
    assert.equal(await value("if([a] <> '', 1, 0)", { a: '0' }), '1');
    assert.equal(await value('if([a] < 5, 1, 0)', {}), '0');
    assert.equal(await value("if([a] > 5, [a], '')", { a: '3' }), '');
  });

  it('a value that becomes blank is removed; an overwrite import recomputes from the erased value', async () => {
    const mock = createMockRedcap({ project: classic([calc('x', '[a] * 2')]) });
    await importRows(mock, [{ record_id: '1', a: '4' }]);
    assert.equal((await exportJson(mock))[0]?.x, '8');
    await importRows(mock, [{ record_id: '1', a: '' }], { overwriteBehavior: 'overwrite' });
    assert.equal((await exportJson(mock))[0]?.x, '');
    assert.equal(mock.project.records.get('1')?.cells.get('event_1_arm_1||1')?.values.has('x'), false);
  });
});

describe('calculated fields: datediff() (§5.5)', () => {
  it('counts y (365.2425 days), M (30.44 days), d, h, m and s, unsigned unless asked', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['datediff([d1], [d2], "d")', { d1: '2024-01-01', d2: '2024-03-01 00:00:00' }, '60'],
      ['datediff([d2], [d1], "d")', { d1: '2024-01-01', d2: '2024-03-01 00:00:00' }, '60'],
      ['datediff([d2], [d1], "d", true)', { d1: '2024-01-01', d2: '2024-03-01 00:00:00' }, '-60'],
      ['datediff([d1], [d2], "d", "ymd", true)', { d1: '2024-01-01', d2: '2024-03-01 00:00:00' }, '60'],
      ["datediff([d1], '2025-01-01', 'y')", { d1: '2024-01-01' }, String(Number((366 / 365.2425).toPrecision(14)))],
      ['round(datediff([d1], "2024-12-31", "y"), 2)', { d1: '2000-01-01' }, '25'],
      ['datediff([d1], "2024-01-31", "M")', { d1: '2024-01-01' }, String(Number((30 / 30.44).toPrecision(14)))],
      ['datediff([d1], [d2], "h")', { d1: '2024-01-01', d2: '2024-01-02 06:00:00' }, '30'],
      ['datediff([d1], [d2], "m")', { d1: '2024-01-01', d2: '2024-01-01 01:30:00' }, '90'],
      ['datediff([d1], [d2], "s")', { d1: '2024-01-01', d2: '2024-01-01 00:01:05' }, '65'],
      ['datediff("03-01-2024", "03-11-2024", "d", "mdy")', {}, '10'],
      ['datediff("11/03/2024", "01/04/2024", "d", "dmy", true)', {}, '21'],
      ['datediff([d1], [d2], "d")', { d1: '2024-01-01' }, ''],
    ];
    for (const [formula, values, expected] of cases) assert.equal(await value(formula, values), expected, formula);
  });

  it('reads "today" and "now" from the simulator clock', async () => {
    assert.equal(await value('datediff([d1], "today", "d")', { d1: '2025-03-01' }), '14');
    assert.equal(await value('datediff([d1], "now", "h", true)', { d1: '2025-03-15' }), '12');
    assert.equal(await value('rounddown(datediff([d1], "today", "y"))', { d1: '1990-03-16' }), '34');
  });
});

describe('calculated fields: references (§5.5)', () => {
  it('checkbox choices [cb(code)] read 1 when checked and 0 when not, never blank', async () => {
    assert.equal(await value('[cb(1)] + [cb(2)] * 10 + [cb(-1)] * 100', { cb___1: '1', cb____1: '1' }), '101');
    assert.equal(await value("if([cb(2)] = '0', 1, 0)", {}), '1');
  });

  it('[field:value] reads the raw value', async () => {
    assert.equal(await value('[a:value] * 2', { a: '4' }), '8');
  });

  it('a calc reading other calcs runs after them, whatever the dictionary order', async () => {
    const mock = createMockRedcap({
      project: classic([calc('total', '[double] + [triple]'), calc('double', '[a] * 2'), calc('triple', '[double] + [a]')]),
    });
    await importRows(mock, [{ record_id: '1', a: '5' }]);
    const [row] = await exportJson(mock, { fields: 'total,double,triple' });
    assert.deepEqual(row, { total: '25', double: '10', triple: '15' });
  });

  it('[event][field] reads another event; [field] the row’s own event, per event (longitudinal)', async () => {
    const fields: FieldInput[] = [
      { field_name: 'record_id', form_name: 'visit', field_type: 'text', field_label: 'ID' },
      { field_name: 'weight', form_name: 'visit', field_type: 'text', field_label: 'Weight' },
      calc('change', '[weight] - [baseline_arm_1][weight]', 'visit'),
      calc('gain', 'if([week_4_arm_1][weight] > [baseline_arm_1][weight], 1, 0)', 'summary'),
    ];
    const mock = createMockRedcap({
      project: {
        info: { project_id: 32, project_title: 'Longitudinal calc' },
        forms: [
          { name: 'visit', label: 'Visit' },
          { name: 'summary', label: 'Summary' },
        ],
        fields,
        arms: [{ num: 1, name: 'Arm 1' }],
        events: [
          { uniqueName: 'baseline_arm_1', name: 'Baseline', arm: 1, id: 1 },
          { uniqueName: 'week_4_arm_1', name: 'Week 4', arm: 1, id: 2 },
          { uniqueName: 'close_arm_1', name: 'Close', arm: 1, id: 3 },
        ],
        formEventMapping: [
          { event: 'baseline_arm_1', form: 'visit' },
          { event: 'week_4_arm_1', form: 'visit' },
          { event: 'close_arm_1', form: 'summary' },
        ],
        users: [{ username: 'calc_user', token: TOKEN }],
        records: [],
      },
    });
    await importRows(mock, [
      { record_id: '1', redcap_event_name: 'baseline_arm_1', weight: '80' },
      { record_id: '1', redcap_event_name: 'week_4_arm_1', weight: '83.5' },
      { record_id: '1', redcap_event_name: 'close_arm_1', summary_complete: '0' },
    ]);
    const rows = await exportJson(mock, { fields: 'record_id,change,gain' });
    assert.deepEqual(
      rows.map((row) => [row.redcap_event_name, row.change, row.gain]),
      [
        ['baseline_arm_1', '0', ''],
        ['week_4_arm_1', '3.5', ''],
        ['close_arm_1', '', '1'],
      ],
    );
    // A later import of baseline alone recomputes the other events of the record.
    await importRows(mock, [{ record_id: '1', redcap_event_name: 'baseline_arm_1', weight: '90' }]);
    const after = await exportJson(mock, { fields: 'record_id,change,gain' });
    assert.deepEqual(
      after.map((row) => [row.change, row.gain]),
      [
        ['0', ''],
        ['-6.5', ''],
        ['', '0'],
      ],
    );
  });
});

describe('calculated fields: saving (§4.3, §4.5)', () => {
  it('ignores imported calc values, computes on import and logs the changes as "Update record (Auto calculation)"', async () => {
    const mock = createMockRedcap({ project: classic([calc('x', '[a] + 1')]) });
    await importRows(mock, [{ record_id: '1', a: '1', x: '999' }]);
    assert.equal((await exportJson(mock))[0]?.x, '2');
    const log = JSON.parse((await post(mock, { content: 'log', format: 'json', logtype: 'record_edit' })).body) as Record<string, string>[];
    assert.deepEqual(
      log.map((entry) => [entry.action, entry.details]),
      [['Update record (Auto calculation) 1', "x = '2'"]],
    );
    // Nothing changed: no new calc entry.
    await importRows(mock, [{ record_id: '1', a: '1' }]);
    assert.equal(mock.project.log.filter((entry) => entry.action === 'Update record (Auto calculation)').length, 1);
  });

  it('computes the fixture records and those of Create Project from a project XML, whatever value the XML holds', async () => {
    const mock = createMockRedcap({ project: classic([calc('x', '[a] * 3')], [{ record_id: '1', a: '2' }]) });
    assert.equal((await exportJson(mock))[0]?.x, '6');
    const xml = (await post(mock, { content: 'project_xml', returnMetadataOnly: 'false' })).body;
    const tampered = xml.replace(/ItemOID="x" Value="6"/, 'ItemOID="x" Value="999"');
    assert.notEqual(tampered, xml, 'the exported XML carries the calc value');
    const created = await post(
      mock,
      { content: 'project', format: 'json', data: JSON.stringify([{ project_title: 'Copy', purpose: 0 }]), odm: tampered },
      mock.superToken,
    );
    assert.equal(created.status, 200, created.body);
    const copy = (await post(mock, { content: 'record', format: 'json' }, created.body)).body;
    assert.equal((JSON.parse(copy) as Record<string, string>[])[0]?.x, '6');
  });

  it('exports calc values like any value: CSV, XML, EAV, labels', async () => {
    const mock = createMockRedcap({ project: classic([calc('x', '[a] / 4')]) });
    await importRows(mock, [{ record_id: '1', a: '5' }]);
    const csv = (await post(mock, { content: 'record', format: 'csv', fields: 'record_id,x' })).body;
    assert.equal(csv, 'record_id,x\n1,1.25\n');
    const xml = (await post(mock, { content: 'record', format: 'xml', fields: 'record_id,x' })).body;
    assert.match(xml, /<x><!\[CDATA\[1\.25\]\]><\/x>/);
    const eav = JSON.parse((await post(mock, { content: 'record', format: 'json', type: 'eav', fields: 'x' })).body);
    assert.deepEqual(eav, [{ record: '1', field_name: 'x', value: '1.25' }]);
    assert.equal((await exportJson(mock, { rawOrLabel: 'label', fields: 'x' }))[0]?.x, '1.25');
  });
});

describe('calculated fields the simulator cannot evaluate', () => {
  it('stay blank and are said once per field in diagnostics, never in the API answers or REDCap logging', async () => {
    const heard: string[] = [];
    const mock = createMockRedcap({
      project: classic([
        calc('sd', 'stdev([a], [b])'),
        calc('smart', "if([event-name] = 'baseline_arm_1', 1, 0)"),
        calc('typo', '[a] +* 2'),
        calc('ghost', '[nope] + 1'),
        calc('cb_bare', '[cb] + 1'),
        calc('loop1', '[loop2] + 1'),
        calc('loop2', '[loop1] + 1'),
        calc('fine', '[a] + [b]'),
      ]),
      onDiagnostic: (diagnostic) => heard.push(diagnostic.field),
    });
    await importRows(mock, [
      { record_id: '1', a: '1', b: '2' },
      { record_id: '2', a: '3', b: '4' },
    ]);
    await importRows(mock, [{ record_id: '3', a: '5', b: '6' }]);
    assert.deepEqual(
      mock.diagnostics.map((diagnostic) => [diagnostic.field, diagnostic.part]),
      [
        ['sd', 'stdev()'],
        ['smart', '[event-name]'],
        ['typo', '"*"'],
        ['ghost', '[nope]'],
        ['cb_bare', '[cb]'],
        ['loop1', '[loop1]'],
        ['loop2', '[loop2]'],
      ],
    );
    assert.deepEqual(heard, ['sd', 'smart', 'typo', 'ghost', 'cb_bare', 'loop1', 'loop2']);
    const [first] = mock.diagnostics;
    assert.equal(first?.projectId, '31');
    assert.equal(first?.formula, 'stdev([a], [b])');
    assert.equal(
      first?.message,
      'Calculated field "sd" of project 31 is left blank: the function stdev() is not supported (formula: stdev([a], [b])).',
    );
    const rows = await exportJson(mock, { fields: 'record_id,sd,smart,typo,ghost,cb_bare,loop1,loop2,fine' });
    assert.deepEqual(
      rows.map((row) => [row.sd, row.smart, row.typo, row.ghost, row.cb_bare, row.loop1, row.loop2, row.fine]),
      [
        ['', '', '', '', '', '', '', '3'],
        ['', '', '', '', '', '', '', '7'],
        ['', '', '', '', '', '', '', '11'],
      ],
    );
    const log = (await post(mock, { content: 'log', format: 'json' })).body;
    assert.doesNotMatch(log, /stdev|left blank/);
  });
});

describe('calculated fields through the SDK client (§4.3)', () => {
  it('records.import then records.export shows the computed values', async () => {
    const mock = createMockRedcap({
      project: classic([calc('bmi', 'round([a]/(([b]/100)^2),1)'), calc('obese', "if([bmi] >= 30, 1, if([bmi] <> '', 0, ''))")]),
    });
    const redcap = createRedcap({ url: 'https://redcap.example.test/api/', token: mock.token, fetch: mock.fetch });
    const count = await redcap.records.import([
      { record_id: '1', a: '70', b: '175' },
      { record_id: '2', a: '110', b: '180', bmi: '1' },
      { record_id: '3', a: '70' },
    ]);
    assert.equal(count, 3);
    const rows = await redcap.records.export({ fields: ['record_id', 'bmi', 'obese'] });
    assert.deepEqual(
      rows.map((row) => [row.record_id, row.bmi, row.obese]),
      [
        ['1', '22.9', '0'],
        ['2', '34', '1'],
        ['3', '', ''],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockRedcap } from '../src/index.ts';
import type { MockRedcap } from '../src/index.ts';
import { post, URL_API, XML } from './support/post.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';
const XML_TYPE = 'text/xml; charset=utf-8';
const NOT_IN_FORMAT = 'The data is not in the specified format.';
const DESIGN =
  "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Project Design and Setup' privileges in the project in order to utilize this API method.";
const PRODUCTION = 'This method cannot be used while the project is in Production status.';

/** The JSON error envelope. */
const error = (message: string): string => JSON.stringify({ error: message }).replace(/\//g, '\\/');

/** Takes rights away from the token's user. */
function restrict(mock: MockRedcap, rights: Record<string, unknown>): void {
  Object.assign(mock.project.users[0]!.rights, rights);
}

const lastAction = (mock: MockRedcap): string | undefined => mock.project.log.at(-1)?.action;

describe('arms', () => {
  it('exports arms with numeric arm_num in json, csv and xml; arms filters only as an array', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'arm', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"arm_num":1,"name":"Drug A"},{"arm_num":2,"name":"Drug B"}]',
    });
    assert.equal((await post(mock, { content: 'arm', format: 'json', 'arms[0]': '2' })).body, '[{"arm_num":2,"name":"Drug B"}]');
    assert.equal(
      (await post(mock, { content: 'arm', format: 'json', arms: '2' })).body,
      '[{"arm_num":1,"name":"Drug A"},{"arm_num":2,"name":"Drug B"}]',
    );
    assert.deepEqual(await post(mock, { content: 'arm', format: 'csv' }), {
      status: 200,
      type: CSV_TYPE,
      body: 'arm_num,name\n1,"Drug A"\n2,"Drug B"\n',
    });
    assert.equal(
      (await post(mock, { content: 'arm' })).body,
      `${XML}\n<arms>\n<item><arm_num><![CDATA[1]]></arm_num><name><![CDATA[Drug A]]></name></item>\n<item><arm_num><![CDATA[2]]></arm_num><name><![CDATA[Drug B]]></name></item>\n</arms>\n`,
    );
    assert.equal(lastAction(mock), 'Export arms (API)');
    assert.deepEqual(await post(createMockRedcap({ project: 'classic' }), { content: 'arm', format: 'json' }), {
      status: 400,
      type: JSON_TYPE,
      body: error('You cannot export arms for classic projects'),
    });
  });

  it('imports arms: adds and renames, counts rows, blank names become "Arm n"', async () => {
    const mock = createMockRedcap();
    const result = await post(mock, {
      content: 'arm',
      action: 'import',
      format: 'json',
      data: '[{"arm_num":"3","name":""},{"arm_num":1,"name":"  Drug A2 "}]',
    });
    assert.deepEqual(result, { status: 200, type: JSON_TYPE, body: '2' });
    assert.equal(
      (await post(mock, { content: 'arm', format: 'json' })).body,
      '[{"arm_num":1,"name":"Drug A2"},{"arm_num":2,"name":"Drug B"},{"arm_num":3,"name":"Arm 3"}]',
    );
    assert.equal(mock.project.log.find((entry) => entry.action === 'Import arms (API)')?.details, 'project_id = 101');
    assert.deepEqual(await post(mock, { content: 'arm', action: 'import', format: 'csv', data: 'arm_num,name\n4,Four' }), {
      status: 200,
      type: CSV_TYPE,
      body: '1',
    });
    // Events and data stay without override.
    assert.equal(mock.project.events.length, 3);
  });

  it('override deletes every arm with its events and their data first', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (await post(mock, { content: 'arm', action: 'import', format: 'json', override: '1', data: '[{"arm_num":1,"name":"Only"}]' })).body,
      '1',
    );
    assert.equal((await post(mock, { content: 'arm', format: 'json' })).body, '[{"arm_num":1,"name":"Only"}]');
    assert.equal((await post(mock, { content: 'event', format: 'json' })).body, '[]');
    assert.equal(mock.project.records.size, 0);
  });

  it('reports every invalid row, joined by newlines, and imports nothing', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([
      { arm_num: 'x', name: 'A' },
      { arm_num: 100, name: 'B' },
      { arm_num: 5, name: 'N'.repeat(51) },
      { arm_num: 6, name: 'Fine' },
    ]);
    assert.deepEqual(await post(mock, { content: 'arm', action: 'import', format: 'json', data }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        `Arm number "x" is not numeric or is less than one.\nArm number "100" must be a value of 99 or less.\nThe arm name "${'N'.repeat(51)}" must be less than or equal to 50 characters in length.`,
      ),
    });
    assert.equal(mock.project.arms.length, 2);
    assert.equal(
      (await post(mock, { content: 'arm', action: 'import', format: 'json', data: '[{"arm_num":3}]' })).body,
      error('One or more components are missing in your input data. The following attributes are required: arm_num, name'),
    );
    // An object is not a list of arms.
    assert.equal((await post(mock, { content: 'arm', action: 'import', format: 'json', data: '{"arm_num":3,"name":"x"}' })).status, 400);
  });

  it('answers 200 with a text for data it cannot decode', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'arm', action: 'import', format: 'json', data: '""' }), {
      status: 200,
      type: JSON_TYPE,
      body: NOT_IN_FORMAT,
    });
    assert.deepEqual(
      await post(mock, {
        content: 'arm',
        action: 'import',
        format: 'xml',
        data: '<items><item><arm_num>3</arm_num><name>x</name></item></items>',
      }),
      {
        status: 200,
        type: XML_TYPE,
        body: NOT_IN_FORMAT,
      },
    );
    assert.equal(
      (
        await post(mock, {
          content: 'arm',
          action: 'import',
          format: 'xml',
          data: '<arms><item><arm_num>3</arm_num><name>X</name></item></arms>',
        })
      ).body,
      '1',
    );
  });

  it('needs action=import, the design right, and development status', async () => {
    const mock = createMockRedcap();
    // Without action=import, data is not sniffed: an export.
    assert.equal(
      (await post(mock, { content: 'arm', format: 'json', data: '[{"arm_num":3,"name":"x"}]' })).body,
      '[{"arm_num":1,"name":"Drug A"},{"arm_num":2,"name":"Drug B"}]',
    );
    restrict(mock, { design: false });
    assert.deepEqual(await post(mock, { content: 'arm', action: 'import', format: 'json', data: '[{"arm_num":3,"name":"x"}]' }), {
      status: 400,
      type: JSON_TYPE,
      body: error(DESIGN),
    });
    restrict(mock, { apiImport: false });
    assert.equal(
      (await post(mock, { content: 'arm', action: 'import', format: 'json', data: '[{"arm_num":3,"name":"x"}]' })).body,
      error('You do not have API Import/Update privileges'),
    );
    const production = createMockRedcap();
    production.project.info.in_production = 1;
    assert.equal(
      (await post(production, { content: 'arm', action: 'import', format: 'json', data: '[{"arm_num":3,"name":"x"}]' })).body,
      error(PRODUCTION),
    );
  });

  it('deletes arms with their events and data; all or nothing; needs the Delete Record right', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (await post(mock, { content: 'arm', action: 'delete', format: 'json', arms: '2' })).body,
      error(
        "The 'arms' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
      ),
    );
    assert.equal(
      (await post(mock, { content: 'arm', action: 'delete', format: 'json', 'arms[0]': '2', 'arms[1]': '5', 'arms[2]': '6' })).body,
      error(
        'One or more of the arm numbers provided are either not numeric or do not exist in this project. Note: No arms were deleted. Arm numbers that do not exist: 5, 6',
      ),
    );
    assert.equal(mock.project.arms.length, 2);
    assert.deepEqual(await post(mock, { content: 'arm', action: 'delete', format: 'json', 'arms[0]': '2' }), {
      status: 200,
      type: JSON_TYPE,
      body: '1',
    });
    assert.deepEqual(
      mock.project.events.map((event) => event.uniqueName),
      ['baseline_arm_1', 'visit_1_arm_1'],
    );
    assert.equal(mock.project.records.has('4'), false);
    assert.equal(lastAction(mock), 'Delete arms (API)');
    restrict(mock, { recordDelete: false });
    assert.deepEqual(await post(mock, { content: 'arm', action: 'delete', format: 'json', 'arms[0]': '1' }), {
      status: 403,
      type: JSON_TYPE,
      body: error('You do not have Delete Record privileges'),
    });
  });
});

describe('events', () => {
  it('creates events with generated unique names and ids, numbered day offsets, and updates by unique name', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([
      { event_name: 'Week 4 (follow-up)', arm_num: 1 },
      { event_name: 'Week 4 (follow-up)', arm_num: 1, day_offset: 28 },
      { event_name: 'Start', arm_num: '2', unique_event_name: 'baseline_arm_2', custom_event_label: '[age]' },
    ]);
    assert.deepEqual(await post(mock, { content: 'event', action: 'import', format: 'json', data }), {
      status: 200,
      type: JSON_TYPE,
      body: '3',
    });
    mock.project.info.scheduling_enabled = 1;
    assert.equal(
      (await post(mock, { content: 'event', format: 'json' })).body,
      '[{"event_name":"Baseline","arm_num":1,"day_offset":0,"offset_min":0,"offset_max":0,"unique_event_name":"baseline_arm_1","custom_event_label":"","event_id":41},' +
        '{"event_name":"Week 4 (follow-up)","arm_num":1,"day_offset":1,"offset_min":0,"offset_max":0,"unique_event_name":"week_4_followup_arm_1","custom_event_label":"","event_id":44},' +
        '{"event_name":"Visit 1","arm_num":1,"day_offset":7,"offset_min":0,"offset_max":0,"unique_event_name":"visit_1_arm_1","custom_event_label":"","event_id":42},' +
        '{"event_name":"Week 4 (follow-up)","arm_num":1,"day_offset":28,"offset_min":0,"offset_max":0,"unique_event_name":"week_4_followup_arm_1b","custom_event_label":"","event_id":45},' +
        '{"event_name":"Start","arm_num":2,"day_offset":0,"offset_min":0,"offset_max":0,"unique_event_name":"baseline_arm_2","custom_event_label":"[age]","event_id":43}]',
    );
    assert.equal(lastAction(mock), 'Export events (API)');
    assert.equal(mock.project.log.at(-2)?.action, 'Import events (API)');
    // New events collect no instrument until designated.
    assert.equal(mock.project.formEvents.get('week_4_followup_arm_1')?.size, 0);
  });

  it('reports missing attributes and invalid rows, and imports nothing', async () => {
    const mock = createMockRedcap();
    const missing = 'One or more components are missing in your input data. The following attributes are required: event_name,arm_num';
    assert.equal(
      (await post(mock, { content: 'event', action: 'import', format: 'json', data: '[{"event_name":"X"}]' })).body,
      error(`${missing},unique_event_name`),
    );
    assert.equal(
      (await post(mock, { content: 'event', action: 'import', format: 'json', override: '1', data: '[{"arm_num":1}]' })).body,
      error(missing),
    );
    const data = JSON.stringify([
      { event_name: 'A', arm_num: 9 },
      { event_name: 'B'.repeat(31), arm_num: 1, day_offset: 'soon' },
      { event_name: 'C', arm_num: 1, unique_event_name: 'nope_arm_1' },
    ]);
    assert.equal(
      (await post(mock, { content: 'event', action: 'import', format: 'json', data })).body,
      error(
        [
          'Arm number "9" does not exist in the project.',
          `The event name "${'B'.repeat(31)}" must be less than or equal to 30 characters in length.`,
          'The value "soon" of day_offset must be numeric.',
          'The unique event name "nope_arm_1" does not exist in the project.',
        ].join('\n'),
      ),
    );
    assert.equal(mock.project.events.length, 3);
    assert.deepEqual(await post(mock, { content: 'event', action: 'import', format: 'xml', data: '<items></items>' }), {
      status: 200,
      type: XML_TYPE,
      body: NOT_IN_FORMAT,
    });
  });

  it('override replaces every event and drops the data of the old ones', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (
        await post(mock, {
          content: 'event',
          action: 'import',
          format: 'csv',
          override: '1',
          data: 'event_name,arm_num\nScreening,1\nBaseline,2',
        })
      ).body,
      '2',
    );
    assert.deepEqual(
      mock.project.events.map((event) => event.uniqueName),
      ['screening_arm_1', 'baseline_arm_2'],
    );
    assert.equal(mock.project.records.size, 0);
  });

  it('deletes events by unique name: unknown names do not count, the data goes', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(
      await post(mock, { content: 'event', action: 'delete', format: 'json', 'events[0]': 'visit_1_arm_1', 'events[1]': 'nope' }),
      { status: 200, type: JSON_TYPE, body: '1' },
    );
    assert.deepEqual(
      mock.project.events.map((event) => event.uniqueName),
      ['baseline_arm_1', 'baseline_arm_2'],
    );
    assert.equal(
      [...mock.project.records.values()].some((record) => [...record.cells.values()].some((cell) => cell.event === 'visit_1_arm_1')),
      false,
    );
    assert.equal(mock.project.files.get(1)?.deleted, true);
    assert.equal(lastAction(mock), 'Delete events (API)');
    assert.equal((await post(mock, { content: 'event', action: 'delete', format: 'json', 'events[0]': 'nope' })).body, '0');
    mock.project.info.in_production = 1;
    assert.equal(
      (await post(mock, { content: 'event', action: 'delete', format: 'json', 'events[0]': 'baseline_arm_1' })).body,
      error(PRODUCTION),
    );
    restrict(mock, { recordDelete: false });
    assert.equal((await post(mock, { content: 'event', action: 'delete', format: 'json', 'events[0]': 'baseline_arm_1' })).status, 403);
  });
});

describe('field names and instruments', () => {
  it('exports one row per export column, checkbox choices as strings, file and descriptive fields left out', async () => {
    const mock = createMockRedcap();
    const { body } = await post(mock, { content: 'exportFieldNames', format: 'json' });
    const rows = JSON.parse(body) as { original_field_name: string; choice_value: string; export_field_name: string }[];
    assert.deepEqual(rows.filter((row) => row.original_field_name === 'race').slice(0, 3), [
      { original_field_name: 'race', choice_value: '1', export_field_name: 'race___1' },
      { original_field_name: 'race', choice_value: '2', export_field_name: 'race___2' },
      { original_field_name: 'race', choice_value: '3', export_field_name: 'race___3' },
    ]);
    const names = rows.map((row) => row.export_field_name);
    assert.equal(names.includes('consent_file'), false);
    assert.equal(names.includes('demographics_note'), false);
    assert.equal(names.indexOf('demographics_complete') + 1, names.indexOf('visit_date'));
    assert.deepEqual(await post(mock, { content: 'exportFieldNames', format: 'csv', field: 'age' }), {
      status: 200,
      type: CSV_TYPE,
      body: 'original_field_name,choice_value,export_field_name\nage,,age\n',
    });
    assert.equal(
      (await post(mock, { content: 'exportFieldNames', field: 'sex' })).body,
      `${XML}\n<fields>\n<field><original_field_name><![CDATA[sex]]></original_field_name><choice_value></choice_value><export_field_name><![CDATA[sex]]></export_field_name></field>\n</fields>\n`,
    );
    assert.deepEqual(await post(mock, { content: 'exportFieldNames', format: 'json', field: 'nope' }), {
      status: 400,
      type: JSON_TYPE,
      body: error('Invalid field'),
    });
    assert.equal(lastAction(mock), 'Download export field names (API)');
  });

  it('adds missing-data codes to checkbox fields without @NOMISSING', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    mock.project.info.missing_data_codes = 'UNK, Unknown | NA, Not applicable';
    const { body } = await post(mock, { content: 'exportFieldNames', format: 'csv', field: 'conditions' });
    assert.equal(
      body,
      'original_field_name,choice_value,export_field_name\nconditions,1,conditions___1\nconditions,2,conditions___2\nconditions,3,conditions___3\nconditions,-1,conditions____1\nconditions,UNK,conditions___unk\nconditions,NA,conditions___na\n',
    );
  });

  it('exports instruments in project order; CSV labels always quoted', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    assert.deepEqual(await post(mock, { content: 'instrument', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"instrument_name":"demographics","instrument_label":"Demographics"},{"instrument_name":"medications","instrument_label":"Medications"}]',
    });
    assert.equal(
      (await post(mock, { content: 'instrument', format: 'csv' })).body,
      'instrument_name,instrument_label\ndemographics,"Demographics"\nmedications,"Medications"\n',
    );
    assert.equal(
      (await post(mock, { content: 'instrument' })).body,
      `${XML}\n<instruments>\n<item><instrument_name><![CDATA[demographics]]></instrument_name><instrument_label><![CDATA[Demographics]]></instrument_label></item>\n<item><instrument_name><![CDATA[medications]]></instrument_name><instrument_label><![CDATA[Medications]]></instrument_label></item>\n</instruments>\n`,
    );
    assert.equal(lastAction(mock), 'Export instruments (API)');
  });
});

describe('PDF', () => {
  it('answers a PDF 1.3 naming the project, record, event and instrument, without a PDF content type', async () => {
    const mock = createMockRedcap();
    const response = await mock.handle(
      new Request(URL_API, {
        method: 'POST',
        body: new URLSearchParams({ token: mock.token, content: 'pdf', record: '1', event: 'visit_1_arm_1', instrument: 'visits' }),
      }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=UTF-8');
    const text = await response.text();
    assert.ok(text.startsWith('%PDF-1.3\n'));
    assert.ok(text.trimEnd().endsWith('%%EOF'));
    for (const part of [
      '(SDK Longitudinal Demo)',
      '(Visits \\(visits\\))',
      '(Record ID 1 \\(Visit 1 - visit_1_arm_1\\) #1)',
      '(Record ID 1 \\(Visit 1 - visit_1_arm_1\\) #2)',
      '(Weight \\(kg\\): 60.9)',
    ]) {
      assert.ok(text.includes(part), part);
    }
    // The cross-reference table points at the objects.
    const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    assert.ok(text.slice(startxref).startsWith('xref\n'));
    const firstObject = Number(/\n(\d{10}) 00000 n /.exec(text)?.[1]);
    assert.ok(text.slice(firstObject).startsWith('1 0 obj'));
  });

  it('exports blank forms, every record, and the documented errors', async () => {
    const mock = createMockRedcap();
    const blank = await post(mock, { content: 'pdf', instrument: 'survey_form' });
    assert.ok(blank.body.includes('(How satisfied are you with the study?: __________________)'));
    assert.equal(blank.body.includes('Record ID'), false);
    const all = await post(mock, { content: 'pdf', allRecords: '' });
    for (const record of ['1', '2', '3', '4']) assert.ok(all.body.includes(`(Record ID ${record} `), record);
    assert.deepEqual(await post(mock, { content: 'pdf', format: 'json', instrument: 'nope' }), {
      status: 400,
      type: JSON_TYPE,
      body: error('Invalid instrument'),
    });
    assert.equal((await post(mock, { content: 'pdf', format: 'json', record: '42' })).body, error("The record '42' does not exist"));
    assert.equal((await post(mock, { content: 'pdf', format: 'json', record: '1', event: 'nope' })).body, error('Invalid event'));
    restrict(mock, { dataExport: 0 });
    assert.equal((await post(mock, { content: 'pdf', format: 'json' })).status, 403);
  });
});

describe('instrument-event mappings', () => {
  it('exports designations with numeric arm_num, filtered by arms, one blank row when there are none', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'formEventMapping', format: 'json', arms: '2' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"arm_num":2,"unique_event_name":"baseline_arm_2","form":"demographics"},{"arm_num":2,"unique_event_name":"baseline_arm_2","form":"visits"}]',
    });
    assert.equal(
      (await post(mock, { content: 'formEventMapping', 'arms[0]': '2' })).body,
      `${XML}\n<items>\n<item><arm_num>2</arm_num><unique_event_name>baseline_arm_2</unique_event_name><form>demographics</form></item>\n<item><arm_num>2</arm_num><unique_event_name>baseline_arm_2</unique_event_name><form>visits</form></item>\n</items>\n`,
    );
    assert.equal(
      (await post(mock, { content: 'formEventMapping', format: 'json', data: '[{"arm_num":1,"unique_event_name":"nope","form":"x"}]' }))
        .body,
      '0',
    );
    assert.equal(
      (await post(mock, { content: 'formEventMapping', format: 'json' })).body,
      '[{"arm_num":"","unique_event_name":"","form":""}]',
    );
    assert.equal(
      (await post(createMockRedcap({ project: 'classic' }), { content: 'formEventMapping', format: 'json' })).body,
      error('You cannot export form/event mappings for classic projects'),
    );
  });

  it('replaces every designation, silently dropping unknown events and forms', async () => {
    const mock = createMockRedcap();
    const data =
      'arm_num,unique_event_name,form\n1,baseline_arm_1,demographics\n1,baseline_arm_1,visits\n1,baseline_arm_1,visits\n1,nope_arm_1,visits\n2,baseline_arm_2,nope';
    assert.deepEqual(await post(mock, { content: 'formEventMapping', format: 'csv', action: 'import', data }), {
      status: 200,
      type: CSV_TYPE,
      body: '2',
    });
    assert.equal(
      (await post(mock, { content: 'formEventMapping', format: 'csv' })).body,
      'arm_num,unique_event_name,form\n1,baseline_arm_1,demographics\n1,baseline_arm_1,visits\n',
    );
    assert.equal(mock.project.log.at(-2)?.action, 'Import instrument-event mappings (API)');
    assert.deepEqual(await post(mock, { content: 'formEventMapping', format: 'xml', data: '<mappings></mappings>' }), {
      status: 200,
      type: XML_TYPE,
      body: NOT_IN_FORMAT,
    });
    restrict(mock, { design: false });
    assert.equal((await post(mock, { content: 'formEventMapping', format: 'json', data: '[]' })).body, error(DESIGN));
  });
});

describe('repeating instruments and events', () => {
  it('exports the setup with event names in longitudinal projects and without in classic ones', async () => {
    assert.deepEqual(await post(createMockRedcap(), { content: 'repeatingFormsEvents', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"event_name":"visit_1_arm_1","form_name":"visits","custom_form_label":"[visit_date]"},{"event_name":"baseline_arm_2","form_name":"visits","custom_form_label":"[visit_date]"}]',
    });
    const classic = createMockRedcap({ project: 'classic' });
    assert.equal(
      (await post(classic, { content: 'repeatingFormsEvents', format: 'csv' })).body,
      'form_name,custom_form_label\nmedications,[med_name]\n',
    );
    assert.equal(
      (await post(classic, { content: 'repeatingFormsEvents' })).body,
      `${XML}\n<repeatingFormsEvents>\n<item><form_name><![CDATA[medications]]></form_name><custom_form_label><![CDATA[[med_name]]]></custom_form_label></item>\n</repeatingFormsEvents>\n`,
    );
    restrict(classic, { design: false });
    assert.equal(
      (await post(classic, { content: 'repeatingFormsEvents', format: 'json' })).body,
      error("Insufficient user privileges: You must have 'API Export' privileges and 'Project Setup/Design' privileges in the project."),
    );
  });

  it('replaces the whole setup, counting rows; a blank form_name makes the event repeat', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([{ event_name: 'visit_1_arm_1', form_name: '', custom_form_label: '' }]);
    assert.deepEqual(await post(mock, { content: 'repeatingFormsEvents', format: 'json', data }), {
      status: 200,
      type: JSON_TYPE,
      body: '1',
    });
    assert.equal(
      (await post(mock, { content: 'repeatingFormsEvents', format: 'json' })).body,
      '[{"event_name":"visit_1_arm_1","form_name":"","custom_form_label":""}]',
    );
    assert.equal(mock.project.log.at(-2)?.action, 'Import repeating instruments and events (API)');
    const bad = JSON.stringify([
      { event_name: 'nope', form_name: 'visits' },
      { event_name: 'baseline_arm_1', form_name: 'nope' },
      { event_name: 'baseline_arm_1', form_name: 'visits' },
    ]);
    assert.equal(
      (await post(mock, { content: 'repeatingFormsEvents', format: 'json', data: bad })).body,
      error(
        'The event name "nope" is not a valid unique event name; The instrument name "nope" is not a valid instrument name; The instrument "visits" is not designated for the event "baseline_arm_1"',
      ),
    );
    assert.equal((await post(mock, { content: 'repeatingFormsEvents', format: 'json', data: '[]' })).body, error(NOT_IN_FORMAT));
  });

  it('answers 400 when nothing repeats', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    mock.project.info.in_production = 0;
    const fields = (JSON.parse((await post(mock, { content: 'metadata', format: 'json' })).body) as Record<string, string>[]).filter(
      (field) => field.form_name === 'demographics',
    );
    assert.equal((await post(mock, { content: 'metadata', format: 'json', data: JSON.stringify(fields) })).body, String(fields.length));
    assert.deepEqual(await post(mock, { content: 'repeatingFormsEvents', format: 'json' }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        'You cannot export repeating instruments and events because the project does not contain any repeating instruments and events',
      ),
    });
  });
});

describe('metadata import', () => {
  it('replaces the dictionary and answers the number of fields; new forms follow the fields', async () => {
    const mock = createMockRedcap();
    const fields = JSON.parse((await post(mock, { content: 'metadata', format: 'json' })).body) as Record<string, string>[];
    const demographics = fields.filter((field) => field.form_name === 'demographics');
    const data = [
      ...demographics,
      {
        ...demographics[1],
        field_name: 'score',
        form_name: 'scores',
        field_type: 'dropdown',
        field_label: 'Score',
        section_header: '',
        identifier: 'Y',
        select_choices_or_calculations: '1, Low\n2, High',
      },
    ];
    assert.deepEqual(await post(mock, { content: 'metadata', format: 'json', data: JSON.stringify(data) }), {
      status: 200,
      type: JSON_TYPE,
      body: String(data.length),
    });
    assert.equal(lastAction(mock), 'Upload data dictionary (API)');
    const after = JSON.parse((await post(mock, { content: 'metadata', format: 'json', 'forms[0]': 'scores' })).body) as Record<
      string,
      string
    >[];
    assert.deepEqual(
      [after[0]?.field_name, after[0]?.select_choices_or_calculations, after[0]?.identifier],
      ['score', '1, Low|2, High', 'y'],
    );
    assert.equal(
      (await post(mock, { content: 'instrument', format: 'csv' })).body,
      'instrument_name,instrument_label\ndemographics,"Demographics"\nscores,"Scores"\n',
    );
    // Designations and repeating setup of the removed instruments are gone; the new one is designated nowhere.
    assert.equal(
      (await post(mock, { content: 'formEventMapping', format: 'csv' })).body,
      'arm_num,unique_event_name,form\n1,baseline_arm_1,demographics\n2,baseline_arm_2,demographics\n',
    );
    assert.equal(mock.project.repeatingForms.size, 0);
    // Record exports know the new columns.
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', records: '3', fields: 'record_id,score', events: 'baseline_arm_1' })).body,
      'record_id,redcap_event_name,score\n3,baseline_arm_1,\n',
    );
  });

  it('checks the dictionary and reports every problem, joined by newlines', async () => {
    const mock = createMockRedcap();
    const data = [
      { field_name: 'id', form_name: 'main', field_type: 'text', field_label: 'ID' },
      { field_name: 'Bad Name', form_name: 'main', field_type: 'text', field_label: 'x' },
      { field_name: 'pick', form_name: 'main', field_type: 'radio', field_label: 'x' },
      { field_name: 'kind', form_name: 'main', field_type: 'list', field_label: 'x' },
      {
        field_name: 'pick',
        form_name: 'main',
        field_type: 'text',
        field_label: 'x',
        text_validation_type_or_show_slider_number: 'date_ydm',
      },
      { field_name: 'main_complete', form_name: 'main', field_type: 'text', field_label: 'x' },
    ];
    assert.deepEqual(await post(mock, { content: 'metadata', format: 'json', data: JSON.stringify(data) }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        [
          'The variable name "Bad Name" (row 2) is not valid: variable names may only contain lower-case letters, numbers and underscores, and must begin with a letter.',
          'The variable "pick" (row 3) is a multiple choice field (radio) but has no choices.',
          'The field type "list" of the variable "kind" (row 4) is not a valid field type.',
          'The validation type "date_ydm" of the variable "pick" (row 5) is not a valid validation type.',
          'The variable name "main_complete" (row 6) is a reserved name and cannot be used.',
          'The variable name "pick" is used more than once: variable names must be unique.',
        ].join('\n'),
      ),
    });
    assert.equal(
      (
        await post(mock, {
          content: 'metadata',
          format: 'csv',
          data: 'field_name,form_name,field_type,field_label\nconsent,main,yesno,Consent?\nid,main,text,ID',
        })
      ).body,
      'ERROR: The first field "consent" is the record identifier field and must be a text field (it is a yesno field).',
    );
    assert.equal(mock.project.fields[0]?.field_name, 'record_id');
    assert.deepEqual(await post(mock, { content: 'metadata', format: 'xml', data: '<items></items>' }), {
      status: 200,
      type: XML_TYPE,
      body: NOT_IN_FORMAT,
    });
  });

  it('is refused in production and without the design right', async () => {
    const classic = createMockRedcap({ project: 'classic' });
    assert.equal(
      (await post(classic, { content: 'metadata', format: 'csv', data: 'field_name,form_name,field_type,field_label\nid,main,text,ID' }))
        .body,
      `ERROR: ${PRODUCTION}`,
    );
    const mock = createMockRedcap();
    restrict(mock, { design: false });
    assert.equal(
      (await post(mock, { content: 'metadata', format: 'csv', data: 'field_name,form_name,field_type,field_label\nid,main,text,ID' })).body,
      `ERROR: ${DESIGN}`,
    );
  });
});

describe('project settings, creation and XML', () => {
  it('imports project info: applies the updatable keys and answers the number of keys sent', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify({ project_title: 'Heart study', project_irb_number: 'IRB-9', purpose: 3, project_id: 5, made_up: 'x' });
    assert.deepEqual(await post(mock, { content: 'project_settings', format: 'json', data }), { status: 200, type: JSON_TYPE, body: '5' });
    const info = JSON.parse((await post(mock, { content: 'project', format: 'json' })).body) as Record<string, unknown>;
    assert.deepEqual([info.project_title, info.project_irb_number, info.purpose, info.project_id], ['Heart study', 'IRB-9', 3, 101]);
    assert.equal(mock.project.log.at(-2)?.action, 'Import project information (API)');
    // A JSON array counts as one value and changes nothing.
    assert.equal((await post(mock, { content: 'project_settings', format: 'json', data: '[{"project_title":"Array"}]' })).body, '1');
    assert.equal(mock.project.info.project_title, 'Heart study');
    assert.equal(
      (await post(mock, { content: 'project_settings', format: 'csv', data: 'project_notes,surveys_enabled\nNotes,0' })).body,
      '2',
    );
    assert.deepEqual([mock.project.info.project_notes, mock.project.info.surveys_enabled], ['Notes', 0]);
    assert.equal(
      (
        await post(mock, {
          content: 'project_settings',
          format: 'xml',
          data: '<items><project_grant_number>G-1</project_grant_number></items>',
        })
      ).body,
      '1',
    );
    assert.equal(mock.project.info.project_grant_number, 'G-1');
    restrict(mock, { design: false });
    assert.equal(
      (await post(mock, { content: 'project_settings', format: 'json', data })).body,
      error(
        "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Project Setup/Design' privileges in the project.",
      ),
    );
  });

  it('turns a classic project longitudinal, with its one event visible', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    assert.equal((await post(mock, { content: 'project_settings', format: 'json', data: '{"is_longitudinal":1}' })).body, '1');
    assert.equal((await post(mock, { content: 'arm', format: 'json' })).body, '[{"arm_num":1,"name":"Arm 1"}]');
    assert.equal(
      (await post(mock, { content: 'formEventMapping', format: 'csv' })).body,
      'arm_num,unique_event_name,form\n1,event_1_arm_1,demographics\n1,event_1_arm_1,medications\n',
    );
  });

  it('creates a project with the super token only; the answered token reaches it', async () => {
    const mock = createMockRedcap();
    assert.match(mock.superToken, /^[0-9A-F]{64}$/);
    const data = JSON.stringify([{ project_title: 'Pilot', purpose: 1, purpose_other: 'Teaching', is_longitudinal: 1 }]);
    const createMessage =
      "You do not have permissions to use the API 'Create Project' method. You must have been granted a 64-character Super API Token from a REDCap administrator in order to utilize this method.";
    assert.deepEqual(await post(mock, { content: 'project', format: 'json', data }), {
      status: 403,
      type: JSON_TYPE,
      body: error(createMessage),
    });
    assert.deepEqual(await post(mock, { content: 'project', format: 'json', data }, 'F'.repeat(64)), {
      status: 403,
      type: JSON_TYPE,
      body: error(createMessage),
    });
    // Without data, content=project is Export Project Info, which needs a project token.
    assert.equal((await post(mock, { content: 'project', format: 'json' }, mock.superToken)).status, 403);
    const created = await post(mock, { content: 'project', format: 'json', data }, mock.superToken);
    assert.equal(created.status, 200);
    assert.match(created.body, /^[0-9A-F]{32}$/);
    assert.equal(mock.projects.length, 2);
    const info = JSON.parse((await post(mock, { content: 'project', format: 'json' }, created.body)).body) as Record<string, unknown>;
    assert.deepEqual(
      [info.project_id, info.project_title, info.purpose, info.purpose_other, info.is_longitudinal, info.in_production],
      [102, 'Pilot', 1, 'Teaching', 1, 0],
    );
    assert.equal(
      (await post(mock, { content: 'event', format: 'json' }, created.body)).body,
      '[{"event_name":"Event 1","arm_num":1,"unique_event_name":"event_1_arm_1","custom_event_label":"","event_id":44}]',
    );
    assert.equal(
      (await post(mock, { content: 'instrument', format: 'csv' }, created.body)).body,
      'instrument_name,instrument_label\nform_1,"Form 1"\n',
    );
    assert.equal(mock.projects[1]?.log[0]?.action, 'Create project (API)');
    // The first project is untouched, and the super token also answers the version.
    assert.equal(mock.project.info.project_title, 'SDK Longitudinal Demo');
    assert.deepEqual(await post(mock, { content: 'version' }, mock.superToken), { status: 200, type: CSV_TYPE, body: '15.7.6' });
  });

  it('answers the Create Project errors', async () => {
    const mock = createMockRedcap({ superToken: 'AB'.repeat(32) });
    const create = async (data: string, extra: Record<string, string> = {}): Promise<string> =>
      (await post(mock, { content: 'project', format: 'json', data, ...extra }, 'AB'.repeat(32))).body;
    assert.equal(
      await create('[{"project_title":"A","purpose":0},{"project_title":"B","purpose":0}]'),
      error(
        "Only one project can be created at a time using the API 'Create Project' method. It appears that you have provided attributes for more than one project in the API request.",
      ),
    );
    assert.equal(
      await create('[{"project_title":"A","purpose":7}]'),
      error(
        "One or more components are missing in your input data. The following attributes are required: project_title, purpose. Also, 'purpose' must have a value of 0, 1, 2, 3, or 4.",
      ),
    );
    assert.equal(
      await create('[{"project_title":"A","purpose":1}]'),
      error("You must provide some text for 'purpose_other' since you specified 'purpose' as '1' (Other)."),
    );
    assert.equal(
      await create('[{"project_title":"A","purpose":0}]', { odm: '<ODM><Study></Study>' }),
      error('The XML file could not be processed because it appears not to be valid XML or is missing certain basic components.'),
    );
    assert.equal(mock.projects.length, 1);
    assert.throws(() => createMockRedcap({ superToken: 'short' }), TypeError);
  });

  it('exports the project as CDISC ODM and copies it into a new project', async () => {
    const mock = createMockRedcap();
    const full = await post(mock, { content: 'project_xml' });
    assert.equal(full.status, 200);
    assert.equal(full.type, XML_TYPE);
    assert.ok(full.body.startsWith(`${XML}\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"`));
    assert.ok(full.body.includes('ODMVersion="1.3.1"'));
    assert.ok(full.body.includes('<StudyEventDef OID="Event.visit_1_arm_1" Name="Visit 1" Type="Common" Repeating="No"'));
    assert.ok(
      full.body.includes(
        '<ItemDef OID="race___2" Name="race___2" DataType="boolean" Length="1" redcap:Variable="race" redcap:FieldType="checkbox">',
      ),
    );
    assert.ok(full.body.includes('<SubjectData SubjectKey="4" redcap:RecordIdField="record_id">'));
    assert.ok(full.body.endsWith('</ClinicalData>\n</ODM>'));
    assert.equal(lastAction(mock), 'Export project XML (API)');

    const metadataOnly = await post(mock, { content: 'project_xml', returnMetadataOnly: 'true' });
    assert.equal(metadataOnly.body.includes('<ClinicalData'), false);
    const filtered = (await post(mock, { content: 'project_xml', 'records[0]': '1', 'fields[0]': 'age', 'events[0]': 'baseline_arm_1' }))
      .body;
    const data = filtered.slice(filtered.indexOf('<ClinicalData'));
    assert.equal((data.match(/<SubjectData /g) ?? []).length, 1);
    assert.deepEqual(
      [...data.matchAll(/ItemOID="([^"]+)"/g)].map((match) => match[1]),
      ['record_id', 'age'],
    );
    assert.equal(
      (await post(mock, { content: 'project_xml', filterLogic: '[age] < 40' })).body.match(/<SubjectData SubjectKey="(\d+)"/g)?.join(),
      '<SubjectData SubjectKey="4"',
    );

    const token = (
      await post(
        mock,
        { content: 'project', format: 'json', data: '[{"project_title":"Copy","purpose":0}]', odm: full.body },
        mock.superToken,
      )
    ).body;
    for (const params of [
      { content: 'metadata', format: 'json' } as Record<string, string>,
      { content: 'formEventMapping', format: 'json' },
      { content: 'repeatingFormsEvents', format: 'json' },
      { content: 'record', format: 'csv', fields: 'record_id,first_name,race,weight,visits_complete,comments' },
    ]) {
      assert.equal((await post(mock, params, token)).body, (await post(mock, params)).body, params.content);
    }
    assert.equal(mock.projects[1]?.info.project_title, 'Copy');
  });
});

describe('rename record', () => {
  it("answers 200 with 1 or REDCap's text", async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'record', action: 'rename', record: '1', new_record_name: '1001' }), {
      status: 200,
      type: XML_TYPE,
      body: '1',
    });
    assert.equal(mock.project.records.has('1001'), true);
    assert.equal(mock.project.records.has('1'), false);
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', records: '1001', fields: 'record_id,first_name', events: 'baseline_arm_1' }))
        .body,
      'record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,first_name\n1001,baseline_arm_1,,,Ann\n',
    );
    assert.deepEqual(mock.project.log.at(-2), {
      ...mock.project.log.at(-2)!,
      action: 'Rename Record (API)',
      details: "record_id = '1' renamed to '1001'",
      record: '1001',
    });
    const text = async (params: Record<string, string>): Promise<string> =>
      (await post(mock, { content: 'record', action: 'rename', format: 'json', ...params })).body;
    assert.equal(await text({ new_record_name: 'x' }), 'Current record name must be provided.');
    assert.equal(await text({ record: '2' }), 'New record name must be provided.');
    assert.equal(await text({ record: '77', new_record_name: 'x' }), 'Current Record does not exists.');
    assert.equal(await text({ record: '2', new_record_name: '3' }), 'New record name already exists.');
  });

  it('renames in one arm only when arm is given', async () => {
    const mock = createMockRedcap();
    assert.equal((await post(mock, { content: 'record', action: 'rename', record: '4', new_record_name: '1', arm: '2' })).body, '1');
    assert.deepEqual([...(mock.project.records.get('1')?.cells.values() ?? [])].map((cell) => cell.event).includes('baseline_arm_2'), true);
    assert.equal(mock.project.records.has('4'), false);
    assert.equal(
      (await post(mock, { content: 'record', action: 'rename', record: '2', new_record_name: '9', arm: '2' })).body,
      'Current Record does not exists.',
    );
    restrict(mock, { recordRename: false });
    assert.deepEqual(await post(mock, { content: 'record', action: 'rename', format: 'json', record: '2', new_record_name: '9' }), {
      status: 403,
      type: JSON_TYPE,
      body: error('You do not have Rename Record privileges'),
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockRedcap, PROJECT_INFO_KEYS } from '../src/index.ts';
import { post, postMultipart, URL_API, XML } from './support/post.ts';

describe('transport and router', () => {
  it('answers content=version as text/csv whatever the format', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'version' }), { status: 200, type: 'text/csv; charset=utf-8', body: '15.7.6' });
    assert.deepEqual(await post(mock, { content: 'version', format: 'json' }), {
      status: 200,
      type: 'text/csv; charset=utf-8',
      body: '15.7.6',
    });
    assert.equal((await post(createMockRedcap({ version: '14.5.0' }), { content: 'version' })).body, '14.5.0');
  });

  it('answers 403 for missing, malformed and unknown tokens, in the returnFormat envelope', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'version', format: 'json' }, 'A'.repeat(32)), {
      status: 403,
      type: 'application/json; charset=utf-8',
      body: '{"error":"You do not have permissions to use the API"}',
    });
    assert.deepEqual(await post(mock, { content: 'record' }, null), {
      status: 403,
      type: 'text/xml; charset=utf-8',
      body: `${XML}<hash><error>You do not have permissions to use the API</error></hash>`,
    });
    assert.deepEqual(await post(mock, { content: 'record', format: 'csv' }, 'bad-token!'), {
      status: 403,
      type: 'text/csv; charset=utf-8',
      body: 'ERROR: You do not have permissions to use the API',
    });
    // Lower-case tokens match (REDCap's SQL collation is case-insensitive).
    assert.equal((await post(mock, { content: 'version' }, mock.token.toLowerCase())).status, 200);
  });

  it('answers 501 to anything but POST', async () => {
    const mock = createMockRedcap();
    const response = await mock.handle(new Request(`${URL_API}?content=version&token=${mock.token}`));
    assert.equal(response.status, 501);
    assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
    assert.equal(await response.text(), `${XML}<hash><error>The requested method is not implemented.</error></hash>`);
  });

  it('defaults format to xml, case-sensitively, and derives returnFormat from it', async () => {
    const mock = createMockRedcap();
    const expected = `${XML}\n<records>\n<item><record_id><![CDATA[3]]></record_id><redcap_event_name><![CDATA[baseline_arm_1]]></redcap_event_name><redcap_repeat_instrument></redcap_repeat_instrument><redcap_repeat_instance></redcap_repeat_instance><first_name><![CDATA[Cy]]></first_name></item>\n</records>`;
    for (const format of [undefined, 'JSON', 'yaml']) {
      const params: [string, string][] = [
        ['content', 'record'],
        ['records[0]', '3'],
        ['fields', 'record_id,first_name'],
      ];
      if (format) params.push(['format', format]);
      assert.deepEqual(await post(mock, params), { status: 200, type: 'text/xml; charset=utf-8', body: expected });
    }
    const error = await post(mock, { content: 'nope', format: 'json', returnFormat: 'CSV' });
    assert.deepEqual(error, {
      status: 400,
      type: 'text/csv; charset=utf-8',
      body: 'ERROR: The value of the parameter "content" is not valid',
    });
  });

  it('says which known contents the simulator does not implement yet', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (await post(mock, { content: 'file', action: 'list', format: 'json' })).body,
      '{"error":"The value of the parameter \\"action\\" is not valid"}',
    );
  });

  it('parses PHP arrays: name[i], name[], and the last plain repeated name wins', async () => {
    const mock = createMockRedcap();
    const arrays = await post(mock, [
      ['content', 'record'],
      ['format', 'csv'],
      ['records[0]', '1'],
      ['records[1]', '3'],
      ['fields[]', 'record_id'],
      ['fields[]', 'sex'],
      ['events[0]', 'baseline_arm_1'],
    ]);
    assert.equal(
      arrays.body,
      'record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,sex\n1,baseline_arm_1,,,0\n3,baseline_arm_1,,,1\n',
    );
    const repeated = await post(mock, [
      ['content', 'record'],
      ['format', 'csv'],
      ['records', '1'],
      ['records', '3'],
      ['fields', 'record_id,sex'],
      ['events', 'baseline_arm_1'],
    ]);
    assert.equal(repeated.body, 'record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,sex\n3,baseline_arm_1,,,1\n');
    const multipart = await postMultipart(mock, {
      content: 'record',
      format: 'csv',
      'records[0]': '2',
      'fields[0]': 'sex',
      'events[0]': 'baseline_arm_1',
    });
    assert.equal(await multipart.text(), 'sex\n1\n');
  });
});

describe('record export', () => {
  it('exports flat JSON with string values and a numeric redcap_repeat_instance', async () => {
    const mock = createMockRedcap();
    const { status, type, body } = await post(mock, {
      content: 'record',
      format: 'json',
      'records[0]': '1',
      fields: 'record_id,age,weight,consent_file,visits_complete',
    });
    assert.equal(status, 200);
    assert.equal(type, 'application/json; charset=utf-8');
    assert.equal(
      body,
      '[{"record_id":"1","redcap_event_name":"baseline_arm_1","redcap_repeat_instrument":"","redcap_repeat_instance":"","age":"44","weight":"","consent_file":"","visits_complete":""},' +
        '{"record_id":"1","redcap_event_name":"visit_1_arm_1","redcap_repeat_instrument":"","redcap_repeat_instance":"","age":"","weight":"","consent_file":"","visits_complete":""},' +
        '{"record_id":"1","redcap_event_name":"visit_1_arm_1","redcap_repeat_instrument":"visits","redcap_repeat_instance":1,"age":"","weight":"61.5","consent_file":"consent-1.pdf","visits_complete":"2"},' +
        '{"record_id":"1","redcap_event_name":"visit_1_arm_1","redcap_repeat_instrument":"visits","redcap_repeat_instance":2,"age":"","weight":"60.9","consent_file":"","visits_complete":"1"}]',
    );
    const rows = JSON.parse(body) as Record<string, unknown>[];
    assert.equal(typeof rows[0]?.record_id, 'string');
    assert.equal(rows[2]?.redcap_repeat_instance, 1);
  });

  it('exports CSV with fputcsv quoting, label headers and a chosen delimiter', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const raw = await post(mock, { content: 'record', format: 'csv', fields: 'record_id,name,med_name', records: '1,2' });
    assert.equal(raw.type, 'text/csv; charset=utf-8');
    assert.equal(
      raw.body,
      'record_id,redcap_repeat_instrument,redcap_repeat_instance,name,med_name\n' +
        '1,,,"Ann Lee",\n1,medications,1,,Lisinopril\n1,medications,2,,Metformin\n' +
        '2,,,"Bo Chen",\n2,medications,1,,Albuterol\n',
    );
    const labels = await post(mock, {
      content: 'record',
      format: 'csv',
      fields: 'record_id,sex',
      records: '3',
      rawOrLabel: 'label',
      rawOrLabelHeaders: 'label',
      csvDelimiter: 'tab',
    });
    assert.equal(labels.body, '"Record ID"\t"Repeat Instrument"\t"Repeat Instance"\tSex\n3\t\t\tOther\n');
    const empty = await post(mock, { content: 'record', format: 'csv', records: 'nobody' });
    assert.equal(empty.body, '\n');
    assert.equal((await post(mock, { content: 'record', format: 'json', records: 'nobody' })).body, '[]');
  });

  it('expands checkboxes into one column per choice, with labels and combined options', async () => {
    const mock = createMockRedcap();
    const base = { content: 'record', format: 'csv', 'records[0]': '1', 'fields[0]': 'race', 'events[0]': 'baseline_arm_1' };
    assert.equal((await post(mock, base)).body, 'race___1,race___2,race___3,race___4,race___5\n0,1,0,1,0\n');
    assert.equal(
      (await post(mock, { ...base, rawOrLabel: 'label' })).body,
      'race___1,race___2,race___3,race___4,race___5\nUnchecked,Checked,Unchecked,Checked,Unchecked\n',
    );
    assert.equal(
      (await post(mock, { ...base, rawOrLabel: 'label', exportCheckboxLabel: 'true' })).body,
      'race___1,race___2,race___3,race___4,race___5\n,Asian,,White,\n',
    );
    assert.equal((await post(mock, { ...base, combineCheckboxOptions: '1' })).body, 'race\n"2,4"\n');
    assert.equal(
      (await post(mock, { ...base, rawOrLabelHeaders: 'label' })).body,
      '"Race (Select all that apply) (choice=American Indian/Alaska Native)","Race (Select all that apply) (choice=Asian)","Race (Select all that apply) (choice=Black or African American)","Race (Select all that apply) (choice=White)","Race (Select all that apply) (choice=Other)"\n0,1,0,1,0\n',
    );
    // Checkbox codes are formatted for column names: `-1` becomes `___1` after the separator.
    const classic = createMockRedcap({ project: 'classic' });
    assert.equal(
      (await post(classic, { content: 'record', format: 'csv', records: '3', fields: 'conditions' })).body,
      'conditions___1,conditions___2,conditions___3,conditions____1\n0,0,0,1\n',
    );
  });

  it('validates fields, forms and events with REDCap messages', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (
        await post(mock, {
          content: 'record',
          format: 'json',
          'fields[0]': 'record_id',
          'fields[1]': 'redcap_event_name',
          'fields[2]': 'race___1',
        })
      ).body,
      `{"error":"The following values in the parameter \\"fields\\" are not valid: 'redcap_event_name', 'race___1'"}`,
    );
    assert.equal(
      (await post(mock, { content: 'record', format: 'json', 'events[0]': 'nope', 'events[1]': 'other' })).body,
      `{"error":"The following values in the parameter \\"events\\" are not valid: 'nope', 'other'"}`,
    );
    assert.equal(
      (await post(mock, { content: 'record', format: 'json', 'forms[0]': 'nope' })).body,
      `{"error":"The following values in the parameter \\"forms\\" are not valid: 'nope'"}`,
    );
    // A comma list of forms is not validated.
    assert.equal((await post(mock, { content: 'record', format: 'json', forms: 'nope', records: 'none' })).body, '[]');
  });

  it('applies simple filterLogic per row, and ignores logic it cannot parse', async () => {
    const mock = createMockRedcap();
    const ids = async (logic: string): Promise<string[]> => {
      const { body } = await post(mock, { content: 'record', format: 'json', fields: 'record_id', filterLogic: logic });
      return (JSON.parse(body) as { record_id: string; redcap_event_name: string }[]).map(
        (row) => `${row.record_id}/${row.redcap_event_name}`,
      );
    };
    assert.deepEqual(await ids("[age] > 40 and [sex] = '0'"), ['1/baseline_arm_1']);
    assert.deepEqual(await ids("[baseline_arm_1][race(3)] = '1'"), ['2/baseline_arm_1', '2/visit_1_arm_1']);
    // Only rows with data in the requested fields: instance rows without a record id value are left out.
    assert.equal((await ids('[age] >')).length, 6);
    assert.equal((await ids('datediff([dob], "today", "y") > 1')).length, 6);
  });

  it('exports EAV JSON with one item per stored value', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const { body } = await post(mock, {
      content: 'record',
      format: 'json',
      type: 'eav',
      records: '2',
      fields: 'record_id,conditions,med_name',
    });
    assert.equal(
      body,
      '[{"record":"2","redcap_repeat_instrument":"","redcap_repeat_instance":"","field_name":"record_id","value":"2"},' +
        '{"record":"2","redcap_repeat_instrument":"","redcap_repeat_instance":"","field_name":"conditions","value":"1"},' +
        '{"record":"2","redcap_repeat_instrument":"","redcap_repeat_instance":"","field_name":"conditions","value":"3"},' +
        '{"record":"2","redcap_repeat_instrument":"medications","redcap_repeat_instance":1,"field_name":"med_name","value":"Albuterol"}]',
    );
  });
});

describe('record import', () => {
  it('reports every invalid value as a CSV line, all-or-nothing', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([
      { record_id: '1', redcap_event_name: 'baseline_arm_1', age: 'abc', sex: '7' },
      { record_id: '9', redcap_event_name: 'baseline_arm_1', dob: '2020-02-30', race___2: 'yes', email: 'a"b' },
    ]);
    const result = await post(mock, { content: 'record', format: 'json', data });
    assert.equal(result.status, 400);
    assert.equal(result.type, 'application/json; charset=utf-8');
    const message = [
      '"1","age","abc","The value of age must be an integer."',
      '"1","sex","7","The value is not a valid category for sex"',
      '"9","dob","2020-02-30","Invalid date format. (NOTE: Dates must be imported here only in Y-M-D format, regardless of the specific date format designated for this field.)"',
      `"9","race___2","yes","race___2 is a checkbox field and thus can only have a value of '1' (checked) or '0' (unchecked)."`,
      '"9","email","a""b","Email address is not properly formatted."',
    ].join('\n');
    assert.deepEqual(JSON.parse(result.body), { error: message });
    assert.ok(result.body.includes('\\"1\\",\\"age\\"'));
    assert.equal(mock.project.records.has('9'), false);
    // PHP escapes slashes.
    const mdy = await post(mock, {
      content: 'record',
      format: 'json',
      dateFormat: 'MDY',
      data: '[{"record_id":"1","redcap_event_name":"baseline_arm_1","dob":"13/01/2000"}]',
    });
    assert.ok(mdy.body.includes('M\\/D\\/Y format or Y-M-D format'));
  });

  it('rejects unknown fields and events', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', data: 'record_id,redcap_event_name,foo,race\n1,baseline_arm_1,x,1' })).body,
      'ERROR: The following fields were not found in the project as real data fields: foo, race',
    );
    assert.equal(
      (await post(mock, { content: 'record', format: 'json', data: '[{"record_id":"1","redcap_event_name":"nope"}]' })).body,
      '{"error":"The following values of redcap_event_name are invalid: nope"}',
    );
  });

  it('counts distinct records, matches names case-insensitively and appends new instances', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const data = JSON.stringify([
      { record_id: 'a7', name: 'Ann Seven' },
      { record_id: 'A7', redcap_repeat_instrument: 'medications', redcap_repeat_instance: 'new', med_name: 'One' },
      { record_id: 'a7', redcap_repeat_instrument: 'medications', redcap_repeat_instance: 'new', med_name: 'Two', med_dose: 5 },
    ]);
    assert.deepEqual(await post(mock, { content: 'record', format: 'json', data }), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"count": 1}',
    });
    assert.equal(
      (await post(mock, { content: 'record', format: 'json', returnFormat: 'csv', data: '[{"record_id":"A7","age":"30"}]' })).body,
      '1',
    );
    assert.deepEqual(
      [...mock.project.records.keys()].filter((name) => name.toLowerCase() === 'a7'),
      ['a7'],
    );
    const rows = await post(mock, { content: 'record', format: 'csv', records: 'a7', fields: 'record_id,age,med_name,med_dose' });
    assert.equal(
      rows.body,
      'record_id,redcap_repeat_instrument,redcap_repeat_instance,age,med_name,med_dose\na7,,,30,,\na7,medications,1,,One,\na7,medications,2,,Two,5\n',
    );
    const ids = await post(mock, { content: 'record', format: 'csv', returnContent: 'ids', data: 'record_id,age\n1,40\nnew1,2\n1,41' });
    assert.deepEqual(ids, { status: 200, type: 'text/csv; charset=utf-8', body: 'id\n1\nnew1' });
  });

  it('auto-numbers, honours overwrite, and answers backgroundProcess at once', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const auto = await post(mock, {
      content: 'record',
      format: 'json',
      forceAutoNumber: 'true',
      returnContent: 'auto_ids',
      data: '[{"record_id":"x","age":"1"},{"record_id":"y"},{"record_id":"x","smoker":"1"}]',
    });
    assert.equal(auto.body, '["4,x","5,y"]');
    await post(mock, {
      content: 'record',
      format: 'json',
      overwriteBehavior: 'overwrite',
      data: '[{"record_id":"1","age":"","conditions___2":""}]',
    });
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', records: '1', fields: 'age,conditions', forms: 'demographics' })).body.split(
        '\n',
      )[1],
      '1,,,"Ann Lee",1980-04-12,,0,0,0,0,0,0,2',
    );
    assert.equal(
      (await post(mock, { content: 'record', format: 'json', backgroundProcess: 'true', data: '[{"record_id":"1","age":"x"}]' })).body,
      '{"success":true}',
    );
    assert.equal(
      (await post(mock, { content: 'record', format: 'json', data: 'not json' })).body,
      '{"error":"The data being imported is not formatted correctly. PHP error from JSON decoder: Syntax error. The JSON must be in an array, as in [{ ... }]."}',
    );
    assert.equal(mock.project.log.filter((entry) => entry.action === 'Create record (API)').length, 2);
  });
});

describe('CSV imports', () => {
  it("reads quoted text as PHP's fgetcsv: text after a closing quote is kept, an unclosed quote runs to the end", async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const data = 'record_id,name\n1,"Lee, "Ann\n2,"Kim\n3\n';
    assert.equal((await post(mock, { content: 'record', format: 'csv', data })).body, '2');
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', records: '1,2', fields: 'record_id,name' })).body,
      'record_id,redcap_repeat_instrument,redcap_repeat_instance,name\n1,,,"Lee, Ann"\n2,,,"Kim\n3\n"\n',
    );
  });
});

describe('XML imports', () => {
  it('reads CDATA, entities and character references, and answers 400 for XML that is not well-formed', async () => {
    const mock = createMockRedcap({ project: 'classic' });
    const data = `${XML}\n<records>\n<item><record_id>1</record_id><name><![CDATA[Ann &amp; <b>]]]]><![CDATA[>]]> O&apos;Neil &amp; Lee&#10;&#x41;</name></item>\n</records>`;
    assert.equal((await post(mock, { content: 'record', format: 'xml', data })).body, `${XML}<count>1</count>`);
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', records: '1', fields: 'record_id,name' })).body,
      'record_id,redcap_repeat_instrument,redcap_repeat_instance,name\n1,,,"Ann &amp; <b>]]> O\'Neil & Lee\nA"\n',
    );
    const broken = await post(mock, { content: 'record', format: 'xml', data: '<records><item><record_id>1</item></records>' });
    assert.equal(broken.status, 400);
    assert.match(
      broken.body,
      /^<\?xml version="1.0" encoding="UTF-8" \?><hash><error>The data being imported is not formatted correctly\. Error: .+<\/error><\/hash>$/,
    );
  });
});

describe('record delete and next record name', () => {
  it('requires an array and refuses unknown records without deleting anything', async () => {
    const mock = createMockRedcap();
    assert.equal(
      (await post(mock, { content: 'record', action: 'delete', format: 'json', records: '1' })).body,
      `{"error":"Incorrect format for 'records' parameter. It must be passed as an array, even if it only contains a single record name."}`,
    );
    assert.deepEqual(
      await post(mock, { content: 'record', action: 'delete', format: 'json', 'records[0]': '1', 'records[1]': '7', 'records[2]': '8' }),
      {
        status: 400,
        type: 'application/json; charset=utf-8',
        body: '{"error":"One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: 7, 8"}',
      },
    );
    assert.equal(mock.project.records.has('1'), true);
    assert.deepEqual(await post(mock, { content: 'record', action: 'delete', format: 'json', 'records[0]': '1', 'records[1]': '3' }), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '2',
    });
    assert.equal(mock.project.records.has('1'), false);
    assert.equal(mock.project.log.at(-1)?.action, 'Delete record (API)');
  });

  it('generates the next record name as plain text', async () => {
    const mock = createMockRedcap();
    assert.deepEqual(await post(mock, { content: 'generateNextRecordName', format: 'csv' }), {
      status: 200,
      type: 'text/csv; charset=utf-8',
      body: '5',
    });
    assert.deepEqual(await post(mock, { content: 'generateNextRecordName', format: 'json' }), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '5',
    });
  });
});

describe('files', () => {
  it('imports, exports and deletes a file, creating the missing repeating instance', async () => {
    const mock = createMockRedcap();
    const where = { record: '2', field: 'consent_file', event: 'visit_1_arm_1', repeat_instance: '3' };
    const upload = await postMultipart(
      mock,
      { content: 'file', action: 'import', returnFormat: 'json', ...where },
      new File(['Signed, sealed.'], "bo's consent.txt", { type: 'text/plain' }),
    );
    assert.equal(upload.status, 200);
    assert.equal(upload.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(await upload.text(), '');

    const download = await postMultipart(mock, { content: 'file', action: 'export', ...where });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'text/plain; name="bos consent.txt";charset=UTF-8');
    assert.equal(await download.text(), 'Signed, sealed.');
    const row = await post(mock, {
      content: 'record',
      format: 'json',
      records: '2',
      fields: 'consent_file,visits_complete',
      events: 'visit_1_arm_1',
    });
    assert.equal(
      row.body,
      '[{"consent_file":"","visits_complete":""},{"consent_file":"","visits_complete":"0"},{"consent_file":"bos consent.txt","visits_complete":"0"}]',
    );

    const binary = await postMultipart(mock, {
      content: 'file',
      action: 'export',
      record: '1',
      field: 'consent_file',
      event: 'visit_1_arm_1',
    });
    assert.equal(binary.headers.get('content-type'), 'application/pdf; name="consent-1.pdf"');

    assert.equal((await post(mock, { content: 'file', action: 'delete', ...where })).body, '');
    assert.equal(
      (await post(mock, { content: 'file', action: 'delete', format: 'json', ...where })).body,
      '{"error":"There is no file to delete for this record"}',
    );
  });

  it('answers the documented file errors', async () => {
    const mock = createMockRedcap();
    const file = new File(['x'], 'x.txt', { type: 'text/plain' });
    const error = async (params: Record<string, string>, withFile = true): Promise<string> =>
      (
        (await (await postMultipart(mock, { content: 'file', format: 'json', ...params }, withFile ? file : undefined)).json()) as {
          error: string;
        }
      ).error;
    assert.equal(
      await error({ action: 'import', record: '1', field: 'consent_file', event: 'visit_1_arm_1' }, false),
      'No valid file was uploaded',
    );
    assert.equal(await error({ action: 'import', record: '1', field: 'consent_file' }), 'invalid event');
    assert.equal(
      await error({ action: 'import', record: '99', field: 'consent_file', event: 'visit_1_arm_1' }),
      "The record '99' does not exist. It must exist to upload a file",
    );
    assert.equal(
      await error({ action: 'import', record: '1', field: 'age', event: 'visit_1_arm_1' }),
      "The field 'age' does not exist or is not a 'file' field",
    );
    assert.equal(
      await error({ action: 'export', record: '3', field: 'consent_file', event: 'visit_1_arm_1' }),
      'The record "3" does not exist',
    );
    assert.equal(
      await error({ action: 'export', record: '2', field: 'consent_file', event: 'visit_1_arm_1' }),
      'There is no file to download for this record',
    );
  });
});

describe('metadata, events, project info, survey link', () => {
  it('exports metadata as 18 string columns, JSON items separated by a comma and a newline', async () => {
    const mock = createMockRedcap();
    const { body, type } = await post(mock, { content: 'metadata', format: 'json', 'fields[0]': 'sex', 'forms[0]': 'survey_form' });
    assert.equal(type, 'application/json; charset=utf-8');
    const items = body.slice(1, -1).split('},\n{');
    assert.equal(items.length, 4);
    assert.ok(
      body.startsWith(
        '[{"field_name":"sex","form_name":"demographics","section_header":"","field_type":"radio","field_label":"Sex","select_choices_or_calculations":"0, Female | 1, Male"',
      ),
    );
    const rows = JSON.parse(body) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((row) => row.field_name),
      ['sex', 'satisfaction', 'recommend', 'comments'],
    );
    for (const row of rows) {
      assert.equal(Object.keys(row).length, 18);
      assert.ok(Object.values(row).every((value) => typeof value === 'string'));
    }
  });

  it('exports events of longitudinal projects and refuses classic ones', async () => {
    assert.equal(
      (await post(createMockRedcap(), { content: 'event', format: 'json', arms: '2' })).body,
      '[{"event_name":"Baseline","arm_num":2,"unique_event_name":"baseline_arm_2","custom_event_label":"","event_id":43}]',
    );
    assert.equal(
      (await post(createMockRedcap({ project: 'classic' }), { content: 'event', format: 'json' })).body,
      '{"error":"You cannot export events for classic projects"}',
    );
  });

  it('exports project info as one object with the 26 keys in order and numeric flags', async () => {
    const { body } = await post(createMockRedcap(), { content: 'project', format: 'json' });
    const info = JSON.parse(body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), [...PROJECT_INFO_KEYS]);
    assert.equal(Object.keys(info).length, 26);
    assert.equal(info.project_id, 101);
    assert.equal(info.in_production, 0);
    assert.equal(info.is_longitudinal, 1);
    assert.equal(info.project_title, 'SDK Longitudinal Demo');
    assert.ok(body.includes('"project_notes":"Fixture of @redcap-sdk\\/mock"'));
  });

  it('exports deterministic survey links and the survey errors', async () => {
    const first = createMockRedcap();
    const params = { content: 'surveyLink', record: '1', instrument: 'survey_form', event: 'baseline_arm_1' };
    const link = await post(first, params);
    assert.equal(link.status, 200);
    assert.equal(link.type, 'text/html; charset=UTF-8');
    assert.match(link.body, /^https:\/\/redcap\.example\.test\/surveys\/\?s=[0-9A-Z]{10}$/);
    assert.equal((await post(createMockRedcap(), params)).body, link.body);
    assert.notEqual((await post(first, { ...params, event: 'visit_1_arm_1' })).body, link.body);
    assert.equal(
      (await post(createMockRedcap({ baseUrl: 'https://redcap.site.edu/redcap' }), params)).body.split('?')[0],
      'https://redcap.site.edu/redcap/surveys/',
    );
    const error = async (extra: Record<string, string>): Promise<string> =>
      (await post(first, { ...params, format: 'json', ...extra })).body;
    assert.equal(await error({ record: '' }), `{"error":"The parameter 'record' is missing"}`);
    assert.equal(await error({ record: '42' }), '{"error":"The record \\"42\\" does not exist"}');
    assert.equal(await error({ instrument: 'nope' }), '{"error":"Invalid instrument"}');
    assert.equal(await error({ instrument: 'demographics' }), `{"error":"The instrument 'demographics' has not been enabled as a survey"}`);
    assert.equal(await error({ event: '' }), `{"error":"The parameter 'event' is missing"}`);
    assert.equal(
      await error({ event: 'baseline_arm_2' }),
      '{"error":"The instrument \\"survey_form\\" has not been designated for the event \\"baseline_arm_2\\""}',
    );
  });
});

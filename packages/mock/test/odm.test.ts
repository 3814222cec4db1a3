/**
 * Create Project with `odm` and Export Project XML in REDCap's own dialect (issue 9 §1;
 * reference §2.15, CDISC ODM 1.3.1). The fixtures are hand-written after REDCap 11-15
 * project XML exports; REDCap's ODM export puts the pseudo-fields in the first item group
 * (ODM::getOdmItemGroups) and table rows with unprefixed attributes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockRedcap } from '../src/index.ts';
import type { MockRedcap } from '../src/index.ts';
import { CLASSIC_ODM } from './fixtures/odm-classic.ts';
import { LONGITUDINAL_ODM } from './fixtures/odm-longitudinal.ts';
import { post } from './support/post.ts';

async function create(mock: MockRedcap, odm: string, title = 'Copy'): Promise<string> {
  const answer = await post(
    mock,
    { content: 'project', format: 'json', data: JSON.stringify([{ project_title: title, purpose: 0 }]), odm },
    mock.superToken,
  );
  assert.equal(answer.status, 200, answer.body);
  return answer.body;
}

const json = async (mock: MockRedcap, token: string, params: Record<string, string>): Promise<unknown> => {
  const answer = await post(mock, { format: 'json', ...params }, token);
  assert.equal(answer.status, 200, answer.body);
  return JSON.parse(answer.body);
};

/** Everything a project exports that the XML describes. */
async function snapshot(mock: MockRedcap, token: string, longitudinal: boolean): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    metadata: await json(mock, token, { content: 'metadata' }),
    instruments: await json(mock, token, { content: 'instrument' }),
    records: await json(mock, token, { content: 'record', exportDataAccessGroups: 'true', exportSurveyFields: 'true' }),
    dags: await json(mock, token, { content: 'dag' }),
    roles: await json(mock, token, { content: 'userRole' }),
  };
  if (longitudinal) {
    out.arms = await json(mock, token, { content: 'arm' });
    // Event ids are the new project's own.
    out.events = ((await json(mock, token, { content: 'event' })) as Record<string, unknown>[]).map(({ event_id: _, ...rest }) => rest);
    out.mapping = await json(mock, token, { content: 'formEventMapping' });
    out.repeating = await json(mock, token, { content: 'repeatingFormsEvents' });
  }
  return out;
}

describe('project XML in REDCap dialect (issue 9 §1, reference §2.15)', () => {
  it('classic: FormData directly under SubjectData are records (no StudyEventData in classic exports)', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, CLASSIC_ODM);
    const records = (await json(mock, token, { content: 'record', fields: 'record_id,name,race' })) as Record<string, string>[];
    assert.deepEqual(
      records.map((row) => [row.record_id, row.name, row.race___1, row.race___2]),
      [
        ['1', 'Ada', '0', '1'],
        ['2', 'Bo', '1', '0'],
        ['3', 'Cy', '0', '0'],
      ],
    );
  });

  it('pseudo-fields (redcap_data_access_group, redcap_survey_identifier, <form>_timestamp) are not metadata', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, CLASSIC_ODM);
    const metadata = (await json(mock, token, { content: 'metadata' })) as { field_name: string }[];
    assert.deepEqual(
      metadata.map((field) => field.field_name),
      ['record_id', 'name', 'dob', 'sex', 'race', 'consent', 'feeling'],
    );
    // A metadata import of the export is accepted (it used to fail with "reserved name").
    const again = await post(mock, { content: 'metadata', format: 'json', data: JSON.stringify(metadata) }, token);
    assert.equal(again.status, 200, again.body);
  });

  it('DataAccessGroups with an unprefixed group_name get REDCap-derived unique names; ItemData assigns records', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, CLASSIC_ODM);
    const dags = (await json(mock, token, { content: 'dag' })) as { data_access_group_id: number }[];
    assert.deepEqual(
      dags.sort((a, b) => a.data_access_group_id - b.data_access_group_id),
      [
        { data_access_group_name: 'Test DAG', unique_group_name: 'test_dag', data_access_group_id: 1 },
        { data_access_group_name: 'Site B', unique_group_name: 'site_b', data_access_group_id: 2 },
      ],
    );
    const records = (await json(mock, token, {
      content: 'record',
      fields: 'record_id',
      exportDataAccessGroups: 'true',
    })) as Record<string, string>[];
    assert.deepEqual(
      records.map((row) => row.redcap_data_access_group),
      ['test_dag', 'site_b', ''],
    );
  });

  it('Surveys (unprefixed form_name, save_and_return), SurveysQueue and UserRoles are applied', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, CLASSIC_ODM);
    const project = mock.projects.at(-1)!;
    assert.deepEqual(
      project.forms.map((form) => [form.name, form.survey]),
      [
        ['demographics', false],
        ['followup', true],
      ],
    );
    assert.equal(project.surveys.queue, true);
    assert.deepEqual([...project.surveys.saveAndReturn], ['followup']);
    const roles = (await json(mock, token, { content: 'userRole' })) as Record<string, unknown>[];
    assert.equal(roles.length, 1);
    assert.equal(roles[0]?.role_label, 'Data Manager');
    assert.equal(roles[0]?.api_export, '1');
    assert.equal(roles[0]?.design, '0');
    assert.equal(roles[0]?.logging, '1');
    assert.equal(roles[0]?.stats_and_charts, '1');
  });

  it('ItemDataBase64Binary restores the file of a file-upload field (redcap:DocName, redcap:MimeType)', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, CLASSIC_ODM);
    const answer = await mock.handle(
      new Request('https://redcap.example.test/api/', {
        method: 'POST',
        body: new URLSearchParams({ token, content: 'file', action: 'export', record: '1', field: 'consent' }),
      }),
    );
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), 'signed by Ada');
    assert.match(answer.headers.get('content-type') ?? '', /name="consent\.txt"/);
  });

  it('events keep the XML order and offsets; a DayOffset of "0" is zero', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, LONGITUDINAL_ODM);
    const events = mock.projects.at(-1)!.events;
    assert.deepEqual(
      events.map((event) => [event.uniqueName, event.dayOffset, event.offsetMin, event.offsetMax]),
      // The XML lists week_1 (offset 7) before baseline (offset 0); REDCap orders an arm's
      // events by day offset, so the offsets decide (and "0" must stay 0 for that).
      [
        ['baseline_arm_1', 0, 0, 0],
        ['week_1_arm_1', 7, 1, 2],
        ['screening_arm_2', 0, 0, 0],
      ],
    );
    assert.deepEqual(await json(mock, token, { content: 'arm' }), [
      { arm_num: 1, name: 'Drug' },
      { arm_num: 2, name: 'Placebo' },
    ]);
  });

  for (const [name, xml, longitudinal] of [
    ['classic', CLASSIC_ODM, false],
    ['longitudinal', LONGITUDINAL_ODM, true],
  ] as const) {
    it(`round-trips the ${name} XML: create, export XML, create again, every export equal`, async () => {
      const mock = createMockRedcap();
      const first = await create(mock, xml, `First ${name}`);
      const before = await snapshot(mock, first, longitudinal);
      const exported = await post(
        mock,
        { content: 'project_xml', exportDataAccessGroups: 'true', exportSurveyFields: 'true', exportFiles: 'true' },
        first,
      );
      assert.equal(exported.status, 200);
      if (!longitudinal) {
        assert.equal(exported.body.includes('<StudyEventData'), false, 'classic exports have no StudyEventData');
        assert.ok(exported.body.includes('<redcap:DataAccessGroups group_name="Test DAG"'));
        assert.ok(exported.body.includes('<redcap:Surveys form_name="followup"'));
        assert.ok(exported.body.includes('<redcap:SurveysQueue'));
        assert.ok(exported.body.includes('<redcap:UserRoles role_name="Data Manager"'));
        assert.ok(exported.body.includes('<ItemData ItemOID="redcap_data_access_group" Value="test_dag"/>'));
      }
      const second = await create(mock, exported.body, `Second ${name}`);
      const after = await snapshot(mock, second, longitudinal);
      for (const key of Object.keys(before)) assert.deepEqual(after[key], before[key], key);
      const project = mock.projects.at(-1)!;
      const original = mock.projects.at(-2)!;
      assert.deepEqual([...project.surveys.saveAndReturn], [...original.surveys.saveAndReturn]);
      assert.equal(project.surveys.queue, original.surveys.queue);
      assert.deepEqual(
        [...project.files.values()].map((file) => [file.name, file.type, new TextDecoder().decode(file.bytes)]),
        [...original.files.values()].map((file) => [file.name, file.type, new TextDecoder().decode(file.bytes)]),
      );
    });
  }

  it('exports records in format=odm as ClinicalData only, classic without StudyEventData (§3.14)', async () => {
    const mock = createMockRedcap();
    const token = await create(mock, CLASSIC_ODM);
    const answer = await post(mock, { content: 'record', format: 'odm', 'records[0]': '2' }, token);
    assert.equal(answer.status, 200);
    assert.ok(answer.body.includes('<ClinicalData'));
    assert.equal(answer.body.includes('<Study '), false);
    assert.equal(answer.body.includes('<StudyEventData'), false);
    assert.ok(answer.body.includes('<SubjectData SubjectKey="2" redcap:RecordIdField="record_id">'));
    assert.equal(answer.body.includes('SubjectKey="1"'), false);
    assert.ok(answer.body.includes('<ItemData ItemOID="name" Value="Bo"/>'));
  });

  it('imports records in format=odm: the export of one project imports into its copy (§4.1 "ODM")', async () => {
    const mock = createMockRedcap();
    const first = await create(mock, LONGITUDINAL_ODM, 'One');
    const second = await create(mock, LONGITUDINAL_ODM.replace(/<ClinicalData[\s\S]*<\/ClinicalData>/, ''), 'Two');
    assert.deepEqual(await json(mock, second, { content: 'record' }), []);
    const odm = (await post(mock, { content: 'record', format: 'odm' }, first)).body;
    const imported = await post(mock, { content: 'record', action: 'import', format: 'odm', returnFormat: 'json', data: odm }, second);
    assert.deepEqual([imported.status, imported.body], [200, '{"count": 2}']);
    assert.deepEqual(await json(mock, second, { content: 'record' }), await json(mock, first, { content: 'record' }));
  });
});

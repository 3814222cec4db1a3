/**
 * Behaviours where the simulator must match real REDCap servers (issue 9, section 2).
 * Each test cites the reference section (`redcap-api.md`) or the public evidence it rests on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockRedcap, longitudinalFixture } from '../src/index.ts';
import { post } from './support/post.ts';

describe('record import (§4)', () => {
  it('§4.2, PyCap issue #142: a longitudinal row without redcap_event_name goes into the first event of the first arm', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([{ record_id: '90', first_name: 'Noe' }]);
    const imported = await post(mock, { content: 'record', format: 'json', data });
    assert.deepEqual([imported.status, imported.body], [200, '{"count": 1}']);
    const exported = await post(mock, { content: 'record', format: 'json', 'records[0]': '90', fields: 'record_id,first_name' });
    assert.equal(
      exported.body,
      '[{"record_id":"90","redcap_event_name":"baseline_arm_1","redcap_repeat_instrument":"","redcap_repeat_instance":"","first_name":"Noe"}]',
    );
  });

  it('§4.2: such a row still gets the "not designated for the event" check against that first event', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([{ record_id: '90', weight: '70' }]);
    const answer = await post(mock, { content: 'record', format: 'json', data });
    assert.equal(answer.status, 400);
    assert.equal(
      answer.body,
      `{"error":"\\"90\\",\\"weight\\",\\"70\\",\\"This field ('weight') exists on an instrument that is not designated for the event named 'Baseline (Arm 1: Drug A)'. You are not allowed to import data for this field into this event.\\""}`,
    );
  });

  it('§4.3: forceAutoNumber with returnContent=auto_ids answers new,original pairs on a project without auto-numbering', async () => {
    const mock = createMockRedcap({
      project: { ...longitudinalFixture, info: { ...longitudinalFixture.info, record_autonumbering_enabled: 0 } },
    });
    const data = JSON.stringify([{ record_id: 'abc', redcap_event_name: 'baseline_arm_1', first_name: 'Zed' }]);
    const answer = await post(mock, { content: 'record', format: 'json', data, forceAutoNumber: 'true', returnContent: 'auto_ids' });
    // Auto-numbering is off, so the supplied id is used (§4.1) and is both the new and the original id.
    assert.deepEqual([answer.status, answer.body], [200, '["abc,abc"]']);
  });
});

describe('design imports (§2.4, §2.7)', () => {
  it('§2.7: Import Events with override=1 accepts exported rows carrying unique_event_name and recomputes it', async () => {
    const mock = createMockRedcap();
    const exported = await post(mock, { content: 'event', format: 'json' });
    const answer = await post(mock, { content: 'event', action: 'import', format: 'json', override: '1', data: exported.body });
    assert.deepEqual([answer.status, answer.body], [200, '3']);
    const names = JSON.parse((await post(mock, { content: 'event', format: 'json' })).body).map(
      (event: { unique_event_name: string }) => event.unique_event_name,
    );
    assert.deepEqual(names, ['baseline_arm_1', 'visit_1_arm_1', 'baseline_arm_2']);
  });

  it('§2.4: Import Arms with override=1 accepts its own export again', async () => {
    const mock = createMockRedcap();
    const exported = await post(mock, { content: 'arm', format: 'json' });
    const answer = await post(mock, { content: 'arm', action: 'import', format: 'json', override: '1', data: exported.body });
    assert.deepEqual([answer.status, answer.body], [200, '2']);
    assert.equal((await post(mock, { content: 'arm', format: 'json' })).body, exported.body);
  });
});

describe('File Repository files belong to the project (§2.10)', () => {
  const listing = async (mock: ReturnType<typeof createMockRedcap>): Promise<string> =>
    (await post(mock, { content: 'fileRepository', action: 'list', format: 'json' })).body;

  it('deleting a record, an arm or an event, or importing arms/events with override, keeps repository files', async () => {
    const operations: Record<string, string>[] = [
      { content: 'record', action: 'delete', 'records[0]': '1' },
      { content: 'arm', action: 'delete', 'arms[0]': '2' },
      { content: 'event', action: 'delete', 'events[0]': 'visit_1_arm_1' },
      { content: 'arm', action: 'import', format: 'json', override: '1', data: '[{"arm_num":"1","name":"Only"}]' },
      { content: 'event', action: 'import', format: 'json', override: '1', data: '[{"event_name":"Only","arm_num":"1"}]' },
    ];
    for (const operation of operations) {
      const mock = createMockRedcap();
      const before = await listing(mock);
      assert.match(before, /study-overview\.pdf/);
      assert.equal((await post(mock, operation)).status, 200, JSON.stringify(operation));
      assert.equal(await listing(mock), before, JSON.stringify(operation));
    }
  });
});

describe('partial record deletion (§2.16)', () => {
  it('deleting the only instrument with data in an event leaves no row for that event: REDCap exports nothing for an empty event', async () => {
    const mock = createMockRedcap();
    const deleted = await post(mock, {
      content: 'record',
      action: 'delete',
      'records[0]': '2',
      instrument: 'visits',
      event: 'visit_1_arm_1',
    });
    assert.deepEqual([deleted.status, deleted.body], [200, '1']);
    const exported = await post(mock, { content: 'record', format: 'json', 'records[0]': '2', fields: 'record_id' });
    assert.equal(
      exported.body,
      '[{"record_id":"2","redcap_event_name":"baseline_arm_1","redcap_repeat_instrument":"","redcap_repeat_instance":""}]',
    );
  });
});

describe('records export dateRangeBegin/dateRangeEnd (§3.10)', () => {
  it("selects records by their last change in the simulator's logging, with REDCap's date parsing", async () => {
    let now = new Date('2025-01-02T10:00:00');
    const mock = createMockRedcap({ now: () => now });
    const save = (record: string): Promise<unknown> =>
      post(mock, {
        content: 'record',
        format: 'json',
        data: JSON.stringify([{ record_id: record, redcap_event_name: 'baseline_arm_1', age: '50' }]),
      });
    await save('2');
    now = new Date('2025-01-03T09:30:00');
    await save('3');
    await save('8');
    const ids = async (range: Record<string, string>): Promise<string[]> => {
      const body = (await post(mock, { content: 'record', format: 'json', fields: 'record_id', ...range })).body;
      return [...new Set(JSON.parse(body).map((row: { record_id: string }) => row.record_id))] as string[];
    };
    assert.deepEqual(await ids({ dateRangeBegin: '2025-01-02 12:00:00' }), ['3', '8']);
    // A date alone ends at 23:59:59; `/` separates Y/M/D; `T` may separate date and time.
    assert.deepEqual(await ids({ dateRangeBegin: '2025/01/02', dateRangeEnd: '2025-01-02' }), ['2']);
    assert.deepEqual(await ids({ dateRangeBegin: '2025-01-02T09:00', dateRangeEnd: '2025-01-03 09:30:00' }), ['2', '3', '8']);
    assert.deepEqual(await ids({ dateRangeBegin: '2025-01-04' }), []);
    // End only: from 2004-08-01. The fixture's records count as created with the project (2024-01-15), record 8 was not.
    assert.deepEqual(await ids({ dateRangeEnd: '2025-01-02 23:00' }), ['1', '2', '3', '4']);
    // Unparseable bounds are unbounded.
    assert.deepEqual(await ids({ dateRangeBegin: 'soon' }), ['1', '2', '3', '4', '8']);
  });
});

describe('logging (§2.13, §6.4)', () => {
  it("shows an API record export as 'Data export (API) ' (PHPCap's integration test LoggingTest expects it)", async () => {
    const mock = createMockRedcap();
    await post(mock, { content: 'record', format: 'json' });
    const logs = JSON.parse((await post(mock, { content: 'log', format: 'json', logtype: 'export' })).body);
    assert.equal(logs[0].action, 'Data export (API) ');
  });
});

describe('repeating instruments and events export (§2.17)', () => {
  it('quotes a CSV custom label only when CSV needs it', async () => {
    const mock = createMockRedcap();
    const data = JSON.stringify([
      { event_name: 'visit_1_arm_1', form_name: 'visits', custom_form_label: 'Visit on [visit_date]' },
      { event_name: 'baseline_arm_2', form_name: 'visits', custom_form_label: 'Visit, "early"' },
    ]);
    assert.equal((await post(mock, { content: 'repeatingFormsEvents', action: 'import', format: 'json', data })).status, 200);
    const csv = await post(mock, { content: 'repeatingFormsEvents', format: 'csv' });
    assert.equal(
      csv.body,
      'event_name,form_name,custom_form_label\nvisit_1_arm_1,visits,Visit on [visit_date]\nbaseline_arm_2,visits,"Visit, ""early"""\n',
    );
  });
});

describe('survey participant list (§2.20)', () => {
  it("lists every record of the survey's event, with or without a response or invitation", async () => {
    const mock = createMockRedcap();
    await post(mock, {
      content: 'record',
      format: 'json',
      data: '[{"record_id":"7","redcap_event_name":"baseline_arm_1","first_name":"Ed"}]',
    });
    const body = (await post(mock, { content: 'participantList', format: 'json', instrument: 'survey_form', event: 'baseline_arm_1' }))
      .body;
    const rows = JSON.parse(body) as { record: string; response_status: number; invitation_sent_status: number }[];
    assert.deepEqual(
      rows.map((row) => row.record),
      ['1', '2', '3', '7'],
    );
    const seven = rows.find((row) => row.record === '7');
    assert.deepEqual([seven?.response_status, seven?.invitation_sent_status], [0, 0]);
  });
});

import { RedcapApiError, RedcapValidationError, exportFile, exportMetadata } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { setup } from '../support/setup.ts';

const metadataColumns = [
  'field_name',
  'form_name',
  'section_header',
  'field_type',
  'field_label',
  'select_choices_or_calculations',
  'field_note',
  'text_validation_type_or_show_slider_number',
  'text_validation_min',
  'text_validation_max',
  'identifier',
  'branching_logic',
  'required_field',
  'custom_alignment',
  'question_number',
  'matrix_group_name',
  'matrix_ranking',
  'field_annotation',
];

export const projectScenarios = group('project', {
  async 'export the data dictionary with its 18 columns, filtered by form'(env) {
    const { redcap, client } = setup(env);
    const all = await redcap.metadata.export();
    deepEqual(Object.keys(all[0]!), metadataColumns);
    equal(all[0]!.field_name, 'record_id');
    const demographics = await exportMetadata(client, { forms: ['demographics'] });
    deepEqual(
      demographics.map((field) => [field.field_name, field.form_name]),
      ['record_id', 'first_name', 'last_name', 'dob', 'age', 'sex', 'race', 'email', 'rand_group', 'demographics_note'].map((name) => [
        name,
        'demographics',
      ]),
    );
    match(await redcap.metadata.export({ format: 'csv' }), /^field_name,form_name,section_header,/);
  },

  async "export events of a longitudinal project, and REDCap's error for a classic one"(env) {
    const { redcap } = setup(env);
    const events = await redcap.events.export();
    ok(events.some((event) => event.unique_event_name === 'baseline_arm_1' && event.arm_num === 1 && typeof event.event_id === 'number'));
    const arm2 = await redcap.events.export({ arms: [2] });
    deepEqual(
      arm2.map((event) => [event.unique_event_name, event.arm_num]),
      [['baseline_arm_2', 2]],
    );
    const classic = setup(env, { project: 'classic' });
    await rejects(classic.redcap.events.export(), RedcapApiError, (error) => {
      equal(error.status, 400);
      equal(error.redcapMessage, 'You cannot export events for classic projects');
    });
  },

  async 'export project info with numeric flags'(env) {
    const { redcap } = setup(env);
    const info = await redcap.project.exportInfo();
    equal(typeof info.project_id, 'number');
    equal(info.is_longitudinal, 1);
    equal(typeof info.project_title, 'string');
    const classic = setup(env, { project: 'classic' });
    equal((await classic.redcap.project.exportInfo()).is_longitudinal, 0);
  },

  async "export a survey link, and REDCap's error for a non-survey instrument"(env) {
    const { redcap } = setup(env);
    const link = await redcap.surveys.exportLink({ record: '1', instrument: 'survey_form', event: 'baseline_arm_1' });
    match(link, /^https:\/\/\S+\/surveys\/\?s=\w+$/);
    equal(await redcap.surveys.exportLink({ record: 1, instrument: 'survey_form', event: 'baseline_arm_1' }), link);
    await rejects(
      redcap.surveys.exportLink({ record: '1', instrument: 'demographics', event: 'baseline_arm_1' }),
      RedcapApiError,
      (error) => {
        match(error.redcapMessage, /has not been enabled as a survey/);
      },
    );
  },

  async 'version is remembered and gates methods the server is too old for'(env) {
    const { redcap } = setup(env, { version: '10.9.2' });
    await redcap.records.delete({ records: ['4'] }); // before version() the client does not know
    equal(await redcap.version(), '10.9.2');
    await rejects(redcap.records.delete({ records: ['3'] }), RedcapValidationError, (error) => {
      match(error.message, /needs REDCap 11\.3\.0 or newer, and this server runs REDCap 10\.9\.2/);
    });
  },

  async 'files: upload into a repeating instance, download it named, delete it'(env) {
    const { redcap, client } = setup(env);
    const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 2 };
    const upload = new File(['%PDF-1.4 consent of record 1'], 'consent.pdf', { type: 'application/pdf' });
    equal(await redcap.files.import({ ...target, file: upload }), undefined);
    const file = await exportFile(client, target);
    equal(file.name, 'consent.pdf');
    equal(await file.text(), '%PDF-1.4 consent of record 1');
    match(file.type, /^application\/pdf/);
    await redcap.files.delete(target);
    await rejects(redcap.files.export(target), RedcapApiError, (error) => {
      equal(error.status, 400);
      equal(error.redcapMessage, 'There is no file to download for this record');
    });
  },

  async 'files: a stored name that is a path comes back as a safe base name, the stored one kept as storedName'(env) {
    // REDCap stores whatever name an uploader sent (issue 13, section 4).
    const { redcap } = setup(env);
    const target = { record: '2', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
    for (const [stored, safe] of [
      ['../escaped.pdf', 'escaped.pdf'],
      ['..\\..\\x.pdf', 'x.pdf'],
      ['CON', '_CON'],
    ] as const) {
      await redcap.files.import({ ...target, file: new Blob(['%PDF-1.4']), fileName: stored });
      const file = await redcap.files.export(target);
      equal(file.name, safe, `the name of a file stored as ${JSON.stringify(stored)}`);
      equal(file.storedName, stored);
    }
  },

  async 'files: a Blob needs a file name, given separately'(env) {
    const { redcap } = setup(env);
    const target = { record: '2', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
    await rejects(redcap.files.import({ ...target, file: new Blob(['x']) }), RedcapValidationError, (error) =>
      match(error.message, /fileName/),
    );
    await redcap.files.import({ ...target, file: new Blob(['hello']), fileName: 'hello.txt' });
    equal((await redcap.files.export(target)).name, 'hello.txt');
  },

  async "files: REDCap's errors for a missing record and a non-file field"(env) {
    const { redcap } = setup(env);
    await rejects(
      redcap.files.import({ record: '999', field: 'consent_file', event: 'visit_1_arm_1', file: new File(['x'], 'x.txt') }),
      RedcapApiError,
      (error) => {
        match(error.redcapMessage, /does not exist/);
      },
    );
    await rejects(redcap.files.export({ record: '1', field: 'age', event: 'baseline_arm_1' }), RedcapApiError, (error) => {
      equal(error.redcapMessage, "The field 'age' does not exist or is not a 'file' field");
    });
  },

  async "a bad token is REDCap's 403"(env) {
    const { mock } = setup(env);
    const { redcap } = setup(env, { token: '0123456789ABCDEF0123456789ABCDEF' });
    void mock;
    await rejects(redcap.records.export(), RedcapApiError, (error) => {
      equal(error.status, 403);
      equal(error.redcapMessage, 'You do not have permissions to use the API');
    });
  },
});

import { createRedcap, RedcapApiError } from '@redcap-sdk/core';
import type { MockRedcap } from '@redcap-sdk/mock';
import { deepEqual, equal, match, ok, rejects } from '../../support/assert.ts';
import { restrict, type Samples } from './sample.ts';

const apiError =
  (status: number, pattern: RegExp) =>
  (error: RedcapApiError): void => {
    equal(error.status, status);
    match(error.redcapMessage, pattern);
  };

const DESIGN_RIGHT = /You must have 'API Import\/Update' privileges and 'Project Design and Setup' privileges/;
const PRODUCTION = /^This method cannot be used while the project is in Production status\.$/;

/** A client holding the simulator's super token (Create Project), talking to it directly. */
function superClient(mock: MockRedcap): ReturnType<typeof createRedcap> {
  return createRedcap({
    url: 'https://redcap.example.test/api/',
    token: mock.superToken,
    fetch: mock.fetch,
    dangerouslyAllowBrowser: true,
  });
}

/** Samples of the design methods (issue 3). */
export const designSamples: Samples = {
  renameRecord: {
    success: async (redcap) => {
      equal(await redcap.records.rename({ record: '3', newRecordName: '1003' }), undefined);
      deepEqual(
        (await redcap.records.export({ records: ['1003'], fields: ['record_id', 'first_name'] })).map((row) => [
          row.record_id,
          row.first_name,
        ]),
        [['1003', 'Cy']],
      );
    },
    // REDCap answers HTTP 200 with its text.
    failure: (redcap) =>
      rejects(
        redcap.records.rename({ record: '404', newRecordName: '405' }),
        RedcapApiError,
        apiError(200, /^Current Record does not exists\.$/),
      ).then(() => undefined),
  },
  exportArms: {
    failureProject: 'classic',
    success: async (redcap) => deepEqual(await redcap.arms.export({ arms: [2] }), [{ arm_num: 2, name: 'Drug B' }]),
    failure: (redcap) =>
      rejects(redcap.arms.export(), RedcapApiError, apiError(400, /^You cannot export arms for classic projects$/)).then(() => undefined),
  },
  importArms: {
    success: async (redcap) => {
      equal(await redcap.arms.import([{ arm_num: 1, name: 'Only arm' }], { override: true }), 1);
      deepEqual(await redcap.arms.export(), [{ arm_num: 1, name: 'Only arm' }]);
      deepEqual(await redcap.events.export(), []);
    },
    failure: (redcap) =>
      rejects(
        redcap.arms.import([{ arm_num: 100, name: 'Too far' }]),
        RedcapApiError,
        apiError(400, /^Arm number "100" must be a value of 99 or less\.$/),
      ).then(() => undefined),
  },
  deleteArms: {
    success: async (redcap) => {
      equal(await redcap.arms.delete({ arms: [2] }), 1);
      deepEqual(
        (await redcap.events.export()).map((event) => event.unique_event_name),
        ['baseline_arm_1', 'visit_1_arm_1'],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.arms.delete({ arms: [7] }),
        RedcapApiError,
        apiError(400, /do not exist in this project\. Note: No arms were deleted\. Arm numbers that do not exist: 7$/),
      ).then(() => undefined),
  },
  importEvents: {
    success: async (redcap) => {
      equal(
        await redcap.events.import([
          { event_name: 'Week 4', arm_num: 1, day_offset: 28 },
          { event_name: 'Baseline visit', arm_num: 1, unique_event_name: 'baseline_arm_1' },
        ]),
        2,
      );
      const events = await redcap.events.export({ arms: [1] });
      deepEqual(
        events.map((event) => [event.unique_event_name, event.event_name]),
        [
          ['baseline_arm_1', 'Baseline visit'],
          ['visit_1_arm_1', 'Visit 1'],
          ['week_4_arm_1', 'Week 4'],
        ],
      );
      equal(typeof events[2]?.event_id, 'number');
    },
    failure: async (redcap, mock) => {
      mock.project.info.in_production = 1;
      await rejects(redcap.events.import([{ event_name: 'Week 4', arm_num: 1 }]), RedcapApiError, apiError(400, PRODUCTION));
    },
  },
  deleteEvents: {
    success: async (redcap) => {
      equal(await redcap.events.delete({ events: ['visit_1_arm_1', 'not_an_event'] }), 1);
      equal((await redcap.events.export()).length, 2);
    },
    // The router wants the Delete Record right for deleting events (15.7.6 quirk).
    failure: async (redcap, mock) => {
      restrict(mock, { recordDelete: false });
      await rejects(
        redcap.events.delete({ events: ['visit_1_arm_1'] }),
        RedcapApiError,
        apiError(403, /^You do not have Delete Record privileges$/),
      );
    },
  },
  exportFieldNames: {
    success: async (redcap) =>
      deepEqual((await redcap.fieldNames.export({ field: 'race' })).slice(0, 2), [
        { original_field_name: 'race', choice_value: '1', export_field_name: 'race___1' },
        { original_field_name: 'race', choice_value: '2', export_field_name: 'race___2' },
      ]),
    failure: (redcap) =>
      rejects(redcap.fieldNames.export({ field: 'nope' }), RedcapApiError, apiError(400, /^Invalid field$/)).then(() => undefined),
  },
  exportInstruments: {
    project: 'classic',
    success: async (redcap) =>
      deepEqual(await redcap.instruments.export(), [
        { instrument_name: 'demographics', instrument_label: 'Demographics' },
        { instrument_name: 'medications', instrument_label: 'Medications' },
      ]),
    failure: async (redcap, mock) => {
      restrict(mock, { apiExport: false });
      await rejects(redcap.instruments.export(), RedcapApiError, apiError(403, /^You do not have API Export privileges$/));
    },
  },
  exportPdf: {
    success: async (redcap) => {
      const pdf = await redcap.instruments.exportPdf({ record: '1', event: 'baseline_arm_1', instrument: 'demographics' });
      equal(pdf.type, 'application/pdf');
      const text = await pdf.text();
      ok(text.startsWith('%PDF-1.3'), 'a PDF 1.3 document');
      ok(text.includes('Record ID 1') && text.includes('(demographics\\)'), 'names the record and the instrument');
    },
    failure: (redcap) =>
      rejects(redcap.instruments.exportPdf({ record: '404' }), RedcapApiError, apiError(400, /^The record '404' does not exist$/)).then(
        () => undefined,
      ),
  },
  exportInstrumentEventMappings: {
    failureProject: 'classic',
    success: async (redcap) =>
      deepEqual(await redcap.formEventMappings.export({ arms: [2] }), [
        { arm_num: 2, unique_event_name: 'baseline_arm_2', form: 'demographics' },
        { arm_num: 2, unique_event_name: 'baseline_arm_2', form: 'visits' },
      ]),
    failure: (redcap) =>
      rejects(
        redcap.formEventMappings.export(),
        RedcapApiError,
        apiError(400, /^You cannot export form\/event mappings for classic projects$/),
      ).then(() => undefined),
  },
  importInstrumentEventMappings: {
    success: async (redcap) => {
      equal(
        await redcap.formEventMappings.import([
          { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'visits' },
          { arm_num: 1, unique_event_name: 'no_such_event', form: 'visits' },
        ]),
        1,
      );
      deepEqual(await redcap.formEventMappings.export(), [{ arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'visits' }]);
    },
    failure: async (redcap, mock) => {
      restrict(mock, { design: false });
      await rejects(
        redcap.formEventMappings.import([{ arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'visits' }]),
        RedcapApiError,
        apiError(400, DESIGN_RIGHT),
      );
    },
  },
  exportRepeatingFormsEvents: {
    project: 'classic',
    success: async (redcap) =>
      deepEqual(await redcap.repeatingFormsEvents.export(), [{ form_name: 'medications', custom_form_label: '[med_name]' }]),
    failure: async (redcap, mock) => {
      restrict(mock, { design: false });
      await rejects(
        redcap.repeatingFormsEvents.export(),
        RedcapApiError,
        apiError(400, /You must have 'API Export' privileges and 'Project Setup\/Design' privileges/),
      );
    },
  },
  importRepeatingFormsEvents: {
    success: async (redcap) => {
      equal(
        await redcap.repeatingFormsEvents.import([
          { event_name: 'visit_1_arm_1', form_name: 'visits', custom_form_label: '[weight] kg' },
          { event_name: 'baseline_arm_2', form_name: '' },
        ]),
        2,
      );
      deepEqual(await redcap.repeatingFormsEvents.export(), [
        { event_name: 'visit_1_arm_1', form_name: 'visits', custom_form_label: '[weight] kg' },
        { event_name: 'baseline_arm_2', form_name: '', custom_form_label: '' },
      ]);
    },
    failure: async (redcap, mock) => {
      restrict(mock, { design: false });
      await rejects(
        redcap.repeatingFormsEvents.import([{ event_name: 'visit_1_arm_1', form_name: 'visits' }]),
        RedcapApiError,
        apiError(400, /Project Setup\/Design/),
      );
    },
  },
  importMetadata: {
    failureProject: 'classic',
    success: async (redcap) => {
      const fields = await redcap.metadata.export();
      const count = await redcap.metadata.import([
        ...fields,
        { field_name: 'height_cm', form_name: 'survey_form', field_type: 'text', field_label: 'Height (cm)' },
      ]);
      equal(count, fields.length + 1);
      equal((await redcap.metadata.export({ fields: ['height_cm'] }))[0]?.field_label, 'Height (cm)');
    },
    // The classic fixture is in production.
    failure: async (redcap) => {
      const fields = await redcap.metadata.export();
      await rejects(redcap.metadata.import(fields), RedcapApiError, apiError(400, PRODUCTION));
    },
  },
  importProjectInfo: {
    success: async (redcap) => {
      equal(await redcap.project.importInfo({ project_title: 'Heart study (closed)', project_irb_number: 'IRB-2025-114' }), 2);
      const info = await redcap.project.exportInfo();
      deepEqual([info.project_title, info.project_irb_number], ['Heart study (closed)', 'IRB-2025-114']);
    },
    failure: async (redcap, mock) => {
      restrict(mock, { design: false });
      await rejects(redcap.project.importInfo({ project_title: 'x' }), RedcapApiError, apiError(400, /'Project Setup\/Design' privileges/));
    },
  },
  createProject: {
    success: async (_redcap, mock) => {
      const admin = superClient(mock);
      const token = await admin.project.create({ project_title: 'Pilot', purpose: 1, purpose_other: 'Teaching', is_longitudinal: 1 });
      match(token, /^[0-9A-F]{32}$/);
      const pilot = createRedcap({ url: 'https://redcap.example.test/api/', token, fetch: mock.fetch, dangerouslyAllowBrowser: true });
      const info = await pilot.project.exportInfo();
      deepEqual([info.project_title, info.purpose, info.is_longitudinal], ['Pilot', 1, 1]);
      deepEqual(
        (await pilot.events.export()).map((event) => event.unique_event_name),
        ['event_1_arm_1'],
      );
      // The first project is untouched.
      equal(await admin.version(), '15.7.6');
    },
    // A project token is not a super token.
    failure: (redcap) =>
      rejects(
        redcap.project.create({ project_title: 'Pilot', purpose: 0 }),
        RedcapApiError,
        apiError(
          403,
          /^You do not have permissions to use the API 'Create Project' method\. You must have been granted a 64-character Super API Token/,
        ),
      ).then(() => undefined),
  },
  exportProjectXml: {
    success: async (redcap, mock) => {
      const xml = await redcap.project.exportXml({ records: ['4'], fields: ['record_id', 'age'] });
      ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8" ?>\n<ODM '), 'an ODM document');
      ok(
        xml.includes('ODMVersion="1.3.1"') && xml.includes('<ItemData ItemOID="age" Value="34"/>'),
        'with the metadata and the data asked for',
      );
      equal(xml.match(/<SubjectData /g)?.length, 1);
      // The XML copies the project.
      const token = await superClient(mock).project.create(
        { project_title: 'Copy', purpose: 0 },
        { odm: await redcap.project.exportXml({ returnMetadataOnly: true }) },
      );
      const copy = createRedcap({ url: 'https://redcap.example.test/api/', token, fetch: mock.fetch, dangerouslyAllowBrowser: true });
      deepEqual(await copy.metadata.export(), await redcap.metadata.export());
    },
    failure: async (redcap, mock) => {
      restrict(mock, { dataExport: 0 });
      await rejects(redcap.project.exportXml(), RedcapApiError, apiError(403, /"No Access" data export rights/));
    },
  },
};

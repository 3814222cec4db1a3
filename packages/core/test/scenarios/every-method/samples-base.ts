import { RedcapApiError } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../../support/assert.ts';
import { restrict, type Samples } from './sample.ts';

const apiError =
  (status: number, pattern: RegExp) =>
  (error: RedcapApiError): void => {
    equal(error.status, status);
    match(error.redcapMessage, pattern);
  };

/** The seed's operations (issue 2). */
export const baseSamples: Samples = {
  exportRecords: {
    success: async (redcap) =>
      deepEqual(
        (await redcap.records.export({ records: ['1'] })).map((row) => [row.record_id, row.redcap_event_name, row.redcap_repeat_instance]),
        [
          ['1', 'baseline_arm_1', ''],
          ['1', 'visit_1_arm_1', ''],
          ['1', 'visit_1_arm_1', 1],
          ['1', 'visit_1_arm_1', 2],
        ],
      ),
    failure: (redcap) =>
      rejects(redcap.records.export({ forms: ['nope'] }), RedcapApiError, apiError(400, /parameter "forms" are not valid: 'nope'/)).then(
        () => undefined,
      ),
  },
  importRecords: {
    success: async (redcap) => equal(await redcap.records.import([{ record_id: '90', redcap_event_name: 'baseline_arm_1', age: 5 }]), 1),
    failure: (redcap) =>
      rejects(
        redcap.records.import([{ record_id: '90', redcap_event_name: 'no_event' }]),
        RedcapApiError,
        apiError(400, /redcap_event_name are invalid: no_event/),
      ).then(() => undefined),
  },
  deleteRecords: {
    success: async (redcap) => equal(await redcap.records.delete({ records: ['1'] }), 1),
    failure: (redcap) =>
      rejects(redcap.records.delete({ records: ['404'] }), RedcapApiError, apiError(400, /do not exist: 404/)).then(() => undefined),
  },
  generateNextRecordName: {
    success: async (redcap) => match(await redcap.records.generateNextName(), /^\d+$/),
    failure: async (redcap, mock) => {
      restrict(mock, { dataExport: 0 });
      await rejects(redcap.records.generateNextName(), RedcapApiError, apiError(403, /"No Access" data export rights/));
    },
  },
  exportMetadata: {
    success: async (redcap) => equal((await redcap.metadata.export({ fields: ['age'] }))[0]?.field_name, 'age'),
    failure: async (redcap, mock) => {
      restrict(mock, { apiExport: false });
      await rejects(redcap.metadata.export(), RedcapApiError, apiError(403, /You do not have API Export privileges/));
    },
  },
  exportEvents: {
    failureProject: 'classic',
    success: async (redcap) => ok((await redcap.events.export()).length >= 3),
    failure: (redcap) => rejects(redcap.events.export(), RedcapApiError, apiError(400, /classic projects/)).then(() => undefined),
  },
  exportSurveyLink: {
    success: async (redcap) =>
      match(await redcap.surveys.exportLink({ record: '1', instrument: 'survey_form', event: 'baseline_arm_1' }), /\?s=/),
    failure: (redcap) =>
      rejects(
        redcap.surveys.exportLink({ record: '1', instrument: 'nope', event: 'baseline_arm_1' }),
        RedcapApiError,
        apiError(400, /Invalid instrument/),
      ).then(() => undefined),
  },
  exportFile: {
    success: async (redcap) => {
      await redcap.files.import({
        record: '1',
        field: 'consent_file',
        event: 'visit_1_arm_1',
        repeatInstance: 1,
        file: new File(['a'], 'a.txt'),
      });
      equal((await redcap.files.export({ record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 })).name, 'a.txt');
    },
    failure: (redcap) =>
      rejects(
        redcap.files.export({ record: '1', field: 'consent_file', event: 'nope' }),
        RedcapApiError,
        apiError(400, /invalid event/i),
      ).then(() => undefined),
  },
  importFile: {
    success: async (redcap) =>
      equal(
        await redcap.files.import({ record: '1', field: 'consent_file', event: 'visit_1_arm_1', file: new File(['b'], 'b.txt') }),
        undefined,
      ),
    failure: (redcap) =>
      rejects(
        redcap.files.import({ record: '1', field: 'age', event: 'baseline_arm_1', file: new File(['b'], 'b.txt') }),
        RedcapApiError,
        apiError(400, /is not a 'file' field/),
      ).then(() => undefined),
  },
  deleteFile: {
    success: async (redcap) => {
      const target = { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 1 };
      await redcap.files.import({ ...target, file: new File(['c'], 'c.txt') });
      equal(await redcap.files.delete(target), undefined);
    },
    failure: (redcap) =>
      rejects(
        redcap.files.delete({ record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 9 }),
        RedcapApiError,
        apiError(400, /no file to delete/),
      ).then(() => undefined),
  },
  exportVersion: {
    success: async (redcap) => equal(await redcap.version(), '15.7.6'),
    failure: async (redcap, mock) => {
      restrict(mock, { apiExport: false });
      await rejects(redcap.version(), RedcapApiError, apiError(403, /API Export privileges/));
    },
  },
  exportProjectInfo: {
    success: async (redcap) => equal((await redcap.project.exportInfo()).is_longitudinal, 1),
    failure: async (redcap, mock) => {
      restrict(mock, { apiExport: false });
      await rejects(redcap.project.exportInfo(), RedcapApiError, apiError(403, /API Export privileges/));
    },
  },
};

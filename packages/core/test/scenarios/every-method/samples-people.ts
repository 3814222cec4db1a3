import { RedcapApiError } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../../support/assert.ts';
import { restrict, type Samples } from './sample.ts';

const apiError =
  (status: number, pattern: RegExp) =>
  (error: RedcapApiError): void => {
    equal(error.status, status);
    match(error.redcapMessage, pattern);
  };

const baseline = { record: '3', instrument: 'survey_form', event: 'baseline_arm_1' };

/** Samples of the people methods (issue 3). */
export const peopleSamples: Samples = {
  exportDags: {
    success: async (redcap) => {
      const dags = await redcap.dags.export();
      deepEqual(
        dags.map((dag) => [dag.unique_group_name, dag.data_access_group_id]),
        [
          ['site_a', 301],
          ['site_b', 302],
        ],
      );
    },
    failure: async (redcap, mock) => {
      restrict(mock, { dataAccessGroups: false });
      await rejects(redcap.dags.export(), RedcapApiError, apiError(400, /'API Export' privileges and 'Data Access Groups' privileges/));
    },
  },
  importDags: {
    success: async (redcap) => {
      equal(
        await redcap.dags.import([
          { data_access_group_name: 'New Site', unique_group_name: '' },
          { data_access_group_name: 'Site B (closed)', unique_group_name: 'site_b' },
        ]),
        2,
      );
      deepEqual(
        (await redcap.dags.export()).map((dag) => dag.unique_group_name),
        ['new_site', 'site_a', 'site_b'],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.dags.import([{ data_access_group_name: 'X', unique_group_name: 'nope' }]),
        RedcapApiError,
        apiError(400, /unique_group_name "nope" does not exist/),
      ).then(() => undefined),
  },
  deleteDags: {
    success: async (redcap, mock) => {
      equal(await redcap.dags.delete({ dags: ['site_b'] }), 1);
      equal(mock.project.records.get('2')?.dag, '');
    },
    failure: (redcap) =>
      rejects(
        redcap.dags.delete({ dags: ['site_a', 'nope'] }),
        RedcapApiError,
        apiError(400, /No dags were deleted. DAGs that do not exist: nope/),
      ).then(() => undefined),
  },
  switchDag: {
    success: async (redcap) => {
      equal(await redcap.dags.switch({ dag: 'site_b' }), undefined);
      deepEqual([...new Set((await redcap.records.export({ fields: ['record_id'] })).map((row) => row.record_id))], ['2']);
      await redcap.dags.switch({ dag: '' });
    },
    // REDCap answers HTTP 200 with `ERROR: Invalid DAG`.
    failure: (redcap) => rejects(redcap.dags.switch({ dag: 'nope' }), RedcapApiError, apiError(200, /^Invalid DAG$/)).then(() => undefined),
  },
  exportUserDagMappings: {
    success: async (redcap) =>
      deepEqual(await redcap.userDagMappings.export(), [
        { username: 'alice', redcap_data_access_group: '' },
        { username: 'bob', redcap_data_access_group: 'site_a' },
        { username: 'carol', redcap_data_access_group: '' },
      ]),
    failure: async (redcap, mock) => {
      restrict(mock, { apiExport: false });
      await rejects(redcap.userDagMappings.export(), RedcapApiError, apiError(403, /You do not have API Export privileges/));
    },
  },
  importUserDagMappings: {
    success: async (redcap) => {
      equal(
        await redcap.userDagMappings.import([
          { username: 'carol', redcap_data_access_group: 'site_b' },
          { username: 'bob', redcap_data_access_group: '' },
        ]),
        2,
      );
      deepEqual(
        (await redcap.userDagMappings.export()).map((row) => row.redcap_data_access_group),
        ['', '', 'site_b'],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.userDagMappings.import([{ username: 'zed', redcap_data_access_group: 'site_a' }]),
        RedcapApiError,
        apiError(400, /User "zed" does not exist/),
      ).then(() => undefined),
  },
  exportUsers: {
    success: async (redcap) => {
      const users = await redcap.users.export();
      deepEqual(
        users.map((user) => user.username),
        ['alice', 'bob', 'carol'],
      );
      const bob = users[1]!;
      deepEqual([bob.data_access_group, bob.data_access_group_id, bob.design, bob.api_export], ['site_a', 301, 0, 1]);
      deepEqual(bob.forms, { demographics: 130, visits: 130, survey_form: 129 });
    },
    failure: async (redcap, mock) => {
      restrict(mock, { userRights: 0 });
      await rejects(redcap.users.export(), RedcapApiError, apiError(400, /'User Rights' privileges \(Full Access or Read Only\)/));
    },
  },
  importUsers: {
    success: async (redcap) => {
      equal(await redcap.users.import([{ username: 'dan', api_export: 1, data_access_group: 'site_b', forms: { demographics: 129 } }]), 1);
      const dan = (await redcap.users.export()).find((user) => user.username === 'dan')!;
      deepEqual(
        [dan.api_export, dan.api_import, dan.data_access_group, dan.forms.demographics, dan.forms.visits],
        [1, 0, 'site_b', 129, 128],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.users.import([{ username: 'carol', design: 1 }]),
        RedcapApiError,
        apiError(400, /^The user "carol" cannot have their user privileges modified because the user belongs to a user role/),
      ).then(() => undefined),
  },
  deleteUsers: {
    success: async (redcap) => {
      equal(await redcap.users.delete({ users: ['bob'] }), 1);
      deepEqual(
        (await redcap.users.export()).map((user) => user.username),
        ['alice', 'carol'],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.users.delete({ users: ['nobody'] }),
        RedcapApiError,
        apiError(400, /No users were deleted. Users that do not exist: nobody/),
      ).then(() => undefined),
  },
  exportUserRoles: {
    success: async (redcap) => {
      const roles = await redcap.userRoles.export();
      deepEqual(
        roles.map((role) => [role.unique_role_name, role.role_label, role.api_export, role.logging]),
        [
          ['U-3F7K2Q9XWD', 'Data Entry', '1', '0'],
          ['U-8M4R6T1ZPA', 'Monitor', '1', '1'],
        ],
      );
    },
    failure: async (redcap, mock) => {
      restrict(mock, { userRights: 0 });
      await rejects(redcap.userRoles.export(), RedcapApiError, apiError(400, /'User Rights' privileges/));
    },
  },
  importUserRoles: {
    success: async (redcap) => {
      equal(await redcap.userRoles.import([{ role_label: 'Statistician', api_export: 1, forms_export: { demographics: 2 } }]), 1);
      const role = (await redcap.userRoles.export()).find((candidate) => candidate.role_label === 'Statistician')!;
      match(role.unique_role_name, /^U-[0-9A-Z]{10}$/);
      deepEqual([role.api_export, role.design, role.forms_export.demographics], ['1', '0', '2']);
    },
    failure: (redcap) =>
      rejects(
        redcap.userRoles.import([{ role_label: 'X', unique_role_name: 'U-NOPE' }]),
        RedcapApiError,
        apiError(400, /"U-NOPE" is not a valid unique role name/),
      ).then(() => undefined),
  },
  deleteUserRoles: {
    success: async (redcap) => {
      equal(await redcap.userRoles.delete({ roles: ['U-8M4R6T1ZPA'] }), 1);
      deepEqual(
        (await redcap.userRoles.export()).map((role) => role.role_label),
        ['Data Entry'],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.userRoles.delete({ roles: ['U-NOPE'] }),
        RedcapApiError,
        apiError(400, /No roles were deleted. Roles that do not exist: U-NOPE/),
      ).then(() => undefined),
  },
  exportUserRoleMappings: {
    success: async (redcap) =>
      deepEqual(await redcap.userRoleMappings.export(), [
        { username: 'alice', unique_role_name: '', data_access_group: '' },
        { username: 'bob', unique_role_name: '', data_access_group: 'site_a' },
        { username: 'carol', unique_role_name: 'U-3F7K2Q9XWD', data_access_group: '' },
      ]),
    failure: async (redcap, mock) => {
      restrict(mock, { userRights: 0 });
      await rejects(redcap.userRoleMappings.export(), RedcapApiError, apiError(400, /'User Rights' privileges/));
    },
  },
  importUserRoleMappings: {
    success: async (redcap) => {
      equal(await redcap.userRoleMappings.import([{ username: 'bob', unique_role_name: 'U-8M4R6T1ZPA' }]), 1);
      const bob = (await redcap.users.export()).find((user) => user.username === 'bob')!;
      deepEqual([bob.logging, bob.api_import], [1, 0]);
    },
    failure: (redcap) =>
      rejects(
        redcap.userRoleMappings.import([{ username: 'bob', unique_role_name: 'U-NOPE' }]),
        RedcapApiError,
        apiError(400, /"U-NOPE" is not a valid unique role name/),
      ).then(() => undefined),
  },
  createRepositoryFolder: {
    success: async (redcap) => {
      const id = await redcap.fileRepository.createFolder({ name: 'Consents', folderId: 11 });
      equal(id, 13);
      deepEqual(await redcap.fileRepository.list({ folderId: 11 }), [
        { folder_id: 13, name: 'Consents' },
        { doc_id: 4, name: 'protocol-v1.txt' },
      ]);
    },
    failure: (redcap) =>
      rejects(
        redcap.fileRepository.createFolder({ name: 'Protocols' }),
        RedcapApiError,
        apiError(400, /^ERROR: The folder name "Protocols" could not be created because a folder with that same name already exists/),
      ).then(() => undefined),
  },
  listRepository: {
    success: async (redcap) =>
      deepEqual(await redcap.fileRepository.list(), [
        { folder_id: 11, name: 'Protocols' },
        { folder_id: 12, name: 'Site A' },
        { doc_id: 3, name: 'study-overview.pdf' },
      ]),
    failure: async (redcap, mock) => {
      restrict(mock, { fileRepository: false });
      await rejects(redcap.fileRepository.list(), RedcapApiError, apiError(403, /you do not have "File Repository" rights/));
    },
  },
  exportRepositoryFile: {
    success: async (redcap) => {
      const file = await redcap.fileRepository.export({ docId: 4 });
      equal(file.name, 'protocol-v1.txt');
      equal(await file.text(), 'Protocol, version 1.\n');
    },
    failure: (redcap) =>
      rejects(redcap.fileRepository.export({ docId: 1 }), RedcapApiError, apiError(400, /^Invalid or missing doc_id$/)).then(
        () => undefined,
      ),
  },
  importRepositoryFile: {
    success: async (redcap) => {
      equal(
        await redcap.fileRepository.import({ file: new File(['Amendment 1.'], 'amendment-1.txt', { type: 'text/plain' }), folderId: 11 }),
        undefined,
      );
      deepEqual(
        (await redcap.fileRepository.list({ folderId: 11 })).map((item) => item.name),
        ['amendment-1.txt', 'protocol-v1.txt'],
      );
    },
    failure: (redcap) =>
      rejects(
        redcap.fileRepository.import({ file: new File(['x'], 'x.txt'), folderId: 99 }),
        RedcapApiError,
        apiError(400, /folder_id=99 does not exist or else you do not have permission/),
      ).then(() => undefined),
  },
  deleteRepositoryFile: {
    success: async (redcap) => {
      equal(await redcap.fileRepository.delete({ docId: 3 }), undefined);
      deepEqual(
        (await redcap.fileRepository.list()).map((item) => item.name),
        ['Protocols', 'Site A'],
      );
    },
    failure: (redcap) =>
      rejects(redcap.fileRepository.delete({ docId: 999 }), RedcapApiError, apiError(400, /^Invalid or missing doc_id$/)).then(
        () => undefined,
      ),
  },
  exportLogging: {
    success: async (redcap) => {
      await redcap.records.import([{ record_id: '90', redcap_event_name: 'baseline_arm_1', age: 5 }]);
      await redcap.users.import([{ username: 'bob', design: 1 }]);
      const records = await redcap.logs.export({ logtype: 'record' });
      deepEqual(
        records.map((entry) => [entry.username, entry.action, entry.details, entry.record]),
        [['alice', 'Create record (API) 90', "age = '5'", '90']],
      );
      deepEqual(
        (await redcap.logs.export({ logtype: 'user' })).map((entry) => entry.action),
        ['Update user bob'],
      );
      ok((await redcap.logs.export()).some((entry) => entry.action === 'Manage/Design ' && entry.details === 'Import users (API)'));
      match((await redcap.logs.export({ record: '90' }))[0]!.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    },
    failure: async (redcap, mock) => {
      restrict(mock, { logging: false });
      await rejects(redcap.logs.export(), RedcapApiError, apiError(403, /you do not have "Logging" privileges/));
    },
  },
  exportReport: {
    success: async (redcap) =>
      deepEqual(await redcap.reports.export({ reportId: 8 }), [
        {
          record_id: '1',
          redcap_event_name: 'baseline_arm_1',
          redcap_repeat_instrument: '',
          redcap_repeat_instance: '',
          age: '44',
          sex: '0',
        },
      ]),
    failure: (redcap) =>
      rejects(
        redcap.reports.export({ reportId: 99 }),
        RedcapApiError,
        apiError(403, /^The API request cannot complete because report_id=99 does not belong to this project\.$/),
      ).then(() => undefined),
  },
  exportSurveyAccessCode: {
    success: async (redcap) => {
      const code = await redcap.surveys.exportAccessCode(baseline);
      match(code, /^[0-9A-Z]{9}$/);
      const participants = await redcap.surveys.exportParticipants({ instrument: 'survey_form', event: 'baseline_arm_1' });
      equal(participants.find((participant) => participant.record === '3')?.survey_access_code, code);
    },
    failure: (redcap) =>
      rejects(
        redcap.surveys.exportAccessCode({ ...baseline, instrument: 'visits' }),
        RedcapApiError,
        apiError(400, /^The instrument 'visits' has not been enabled as a survey$/),
      ).then(() => undefined),
  },
  exportSurveyParticipants: {
    success: async (redcap) => {
      const participants = await redcap.surveys.exportParticipants({ instrument: 'survey_form', event: 'baseline_arm_1' });
      deepEqual(
        participants.map((participant) => [
          participant.record,
          participant.email,
          participant.response_status,
          participant.invitation_sent_status,
        ]),
        [
          // Every record of the survey's event is listed, responded or invited or not (issue 9).
          ['1', 'ann.lee@example.org', 2, 0],
          ['2', 'bo@example.org', 0, 0],
          ['3', 'cy@example.org', 0, 1],
        ],
      );
      equal(participants[0]!.survey_link, '');
      match(participants[1]!.survey_link, /\/surveys\/\?s=[0-9A-Z]{10}$/);
    },
    failure: (redcap) =>
      rejects(
        redcap.surveys.exportParticipants({ instrument: 'survey_form' }),
        RedcapApiError,
        apiError(400, /^The parameter 'event' is missing$/),
      ).then(() => undefined),
  },
  exportSurveyQueueLink: {
    failureProject: 'classic',
    success: async (redcap) =>
      match(await redcap.surveys.exportQueueLink({ record: '3' }), /^https:\/\/redcap\.example\.test\/surveys\/\?sq=[0-9A-Z]{10}$/),
    failure: (redcap) =>
      rejects(
        redcap.surveys.exportQueueLink({ record: '1' }),
        RedcapApiError,
        apiError(400, /^The Survey Queue has not been enabled in this project\./),
      ).then(() => undefined),
  },
  exportSurveyReturnCode: {
    success: async (redcap) => match(await redcap.surveys.exportReturnCode(baseline), /^[0-9A-Z]{8}$/),
    failure: async (redcap, mock) => {
      mock.project.surveys.saveAndReturn.clear();
      await rejects(
        redcap.surveys.exportReturnCode(baseline),
        RedcapApiError,
        apiError(400, /^The 'Save & Return Later' feature has not been enabled for this survey$/),
      );
    },
  },
  randomizeRecord: {
    success: async (redcap) => {
      deepEqual(await redcap.records.randomize({ record: '3', randomizationId: 5, returnAlt: true }), {
        randomization_id: 5,
        record: '3',
        target_field: '2',
        target_field_name: 'rand_group',
        target_field_alt: 'R-1002',
      });
      equal((await redcap.records.export({ records: ['3'], fields: ['rand_group'], events: ['baseline_arm_1'] }))[0]?.rand_group, '2');
    },
    // REDCap answers HTTP 200 with the refusal text.
    failure: async (redcap) => {
      await redcap.records.randomize({ record: '1', randomizationId: 5 });
      await rejects(
        redcap.records.randomize({ record: '1', randomizationId: 5 }),
        RedcapApiError,
        apiError(200, /^Cannot randomize\. Randomization already completed for record\.$/),
      );
    },
  },
};

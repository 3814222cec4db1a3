/** Writes that create something are never sent twice, even when the caller asks for retries. */
import { RedcapNetworkError } from '@redcap-sdk/core';
import { equal, rejects } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { setup } from '../support/setup.ts';

export const noDuplicateScenarios = group('no duplicates', {
  async 'a repeat instance "new" is never sent twice, even with retries asked for'(env) {
    const { redcap, mock } = setup(env, { project: 'classic' });
    const before = (await redcap.records.export({ records: ['1'] })).filter((row) => row.redcap_repeat_instrument === 'medications').length;
    mock.inject({ kind: 'reset', processed: true }, { times: 1, match: { content: 'record', action: 'import' } });
    await rejects(
      redcap.records.import(
        [{ record_id: '1', redcap_repeat_instrument: 'medications', redcap_repeat_instance: 'new', med_name: 'Aspirin' }],
        {
          retry: { limit: 2, delay: 1 },
        },
      ),
      RedcapNetworkError,
    );
    const after = (await redcap.records.export({ records: ['1'] })).filter((row) => row.redcap_repeat_instrument === 'medications');
    equal(after.length, before + 1, 'one new instance');
    equal(after.filter((row) => row.med_name === 'Aspirin').length, 1);
  },

  async 'a DAG created by a blank unique name is never created twice'(env) {
    const { redcap, mock } = setup(env, { project: 'longitudinal' });
    const before = (await redcap.dags.export()).length;
    mock.inject({ kind: 'reset', processed: true }, { times: 1, match: { content: 'dag', action: 'import' } });
    await rejects(
      redcap.dags.import([{ data_access_group_name: 'Night Site', unique_group_name: '' }], { retry: { limit: 2, delay: 1 } }),
      RedcapNetworkError,
    );
    const after = await redcap.dags.export();
    equal(after.length, before + 1);
    equal(after.filter((dag) => dag.data_access_group_name === 'Night Site').length, 1);
  },

  async 'a repository folder is created once, and the call says its answer was lost (not "already exists")'(env) {
    const { redcap, mock } = setup(env, { project: 'longitudinal' });
    mock.inject({ kind: 'reset', processed: true }, { times: 1, match: { content: 'fileRepository', action: 'createFolder' } });
    await rejects(redcap.fileRepository.createFolder({ name: 'Consents 2026' }, { retry: { limit: 2, delay: 1 } }), RedcapNetworkError);
    const folders = (await redcap.fileRepository.list()).filter((item) => 'folder_id' in item && item.name === 'Consents 2026');
    equal(folders.length, 1);
  },
});

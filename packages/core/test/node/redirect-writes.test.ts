/**
 * Writes that must never be sent twice (auto-numbered imports, new repeat
 * instances, uploads, new groups, roles, folders and projects) must not be re-POSTed
 * after a redirect either, even to the same origin: a 303 or 307 after the write
 * may come after REDCap ran it. The call fails with the redirect instead, and the
 * target receives nothing. Retries asked for change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedcap, RedcapError, type Redcap } from '@redcap-sdk/core';
import { methodDescriptors } from '../support/methods.ts';

const token = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';
const url = 'https://redcap.example.test/api/';

/** A server that redirects every POST to `/api/` onwards to `/moved/`, counting what reaches `/moved/`. */
function redirecting(status: 301 | 302 | 303 | 307 | 308): { fetch: typeof globalThis.fetch; moved: () => number } {
  let moved = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname === '/moved/') {
      moved++;
      return new Response('{"count":1}', { headers: { 'content-type': 'application/json' } });
    }
    return new Response(null, { status, headers: { location: '/moved/' } });
  };
  return { fetch, moved: () => moved };
}

const writes: [string, (redcap: Redcap) => Promise<unknown>][] = [
  ['an auto-numbered import', (redcap) => redcap.records.import([{ record_id: '1', age: 3 }], { forceAutoNumber: true })],
  [
    'a new repeat instance',
    (redcap) => redcap.records.import([{ record_id: '1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 'new', weight: 70 }]),
  ],
  ['a file upload', (redcap) => redcap.files.import({ record: '1', field: 'consent', file: new File(['pdf'], 'consent.pdf') })],
  ['a new data access group', (redcap) => redcap.dags.import([{ data_access_group_name: 'Site', unique_group_name: '' }])],
  ['a new repository folder', (redcap) => redcap.fileRepository.createFolder({ name: 'Consents' })],
];

for (const status of [303, 307] as const) {
  for (const [name, call] of writes) {
    test(`${name} is not re-sent after a same-origin ${status}`, async () => {
      const server = redirecting(status);
      const redcap = createRedcap({ url, token, fetch: server.fetch, retry: { limit: 2, delay: 1 } });
      await assert.rejects(call(redcap), (error: unknown) => error instanceof RedcapError && !error.message.includes(token));
      assert.equal(server.moved(), 0, 'the write never reached the redirect target');
    });
  }
}

test('the descriptors of these writes say they are never retried', () => {
  const byName = new Map(methodDescriptors.map((method) => [method.name, method]));
  const kind = (name: string, params: object, data: unknown): string => {
    const { retry } = byName.get(name)!;
    return typeof retry === 'function' ? retry(params, data) : retry;
  };
  assert.equal(kind('importRecords', { forceAutoNumber: true }, [{ record_id: '1' }]), 'never');
  assert.equal(kind('importRecords', {}, [{ record_id: '1', redcap_repeat_instance: 'new' }]), 'never');
  assert.equal(kind('importRecords', {}, 'record_id,redcap_repeat_instrument,redcap_repeat_instance\n1,visits,new\n'), 'never');
  assert.equal(kind('importRecords', {}, [{ record_id: '1', redcap_repeat_instance: 2 }]), 'write');
  assert.equal(kind('importDags', {}, [{ data_access_group_name: 'Site', unique_group_name: '' }]), 'never');
  assert.equal(kind('importDags', {}, [{ data_access_group_name: 'Site', unique_group_name: 'site' }]), 'write');
  assert.equal(kind('importUserRoles', {}, [{ role_label: 'Monitor' }]), 'never');
  assert.equal(kind('importUserRoles', {}, [{ role_label: 'Monitor', unique_role_name: 'U-1' }]), 'write');
  assert.equal(kind('createRepositoryFolder', { name: 'x' }, undefined), 'never');
  assert.equal(kind('importFile', {}, undefined), 'never');
  assert.equal(kind('createProject', {}, undefined), 'never');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockRedcap } from '../src/index.ts';
import type { MockRedcap, UserRights } from '../src/index.ts';
import { post, postMultipart, XML, type Answer } from './support/post.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** A simulator whose clock reads 2025-03-04 05:06 (local time). */
function mockAt(project: 'longitudinal' | 'classic' = 'longitudinal'): MockRedcap {
  return createMockRedcap({ project, now: () => new Date(2025, 2, 4, 5, 6) });
}

const json = (body: string): unknown => JSON.parse(body);
const error = (message: string): string => JSON.stringify({ error: message }).replace(/\//g, '\\/');
const rights = (mock: MockRedcap, change: Partial<Record<keyof UserRights, unknown>>): void => {
  Object.assign(mock.project.users[0]!.rights, change);
};

describe('data access groups', () => {
  it('exports DAGs with numeric ids in json, csv and xml', async () => {
    const mock = mockAt();
    assert.deepEqual(await post(mock, { content: 'dag', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"data_access_group_name":"Site A","unique_group_name":"site_a","data_access_group_id":301},{"data_access_group_name":"Site B","unique_group_name":"site_b","data_access_group_id":302}]',
    });
    assert.equal(
      (await post(mock, { content: 'dag', format: 'csv' })).body,
      'data_access_group_name,unique_group_name,data_access_group_id\n"Site A",site_a,301\n"Site B",site_b,302\n',
    );
    assert.equal(
      (await post(mock, { content: 'dag' })).body,
      `${XML}\n<dags>\n<item><data_access_group_name><![CDATA[Site A]]></data_access_group_name><unique_group_name><![CDATA[site_a]]></unique_group_name><data_access_group_id><![CDATA[301]]></data_access_group_id></item>\n` +
        `<item><data_access_group_name><![CDATA[Site B]]></data_access_group_name><unique_group_name><![CDATA[site_b]]></unique_group_name><data_access_group_id><![CDATA[302]]></data_access_group_id></item>\n</dags>\n`,
    );
    const classic = mockAt('classic');
    assert.deepEqual(await post(classic, { content: 'dag', format: 'csv' }), {
      status: 200,
      type: 'text/csv; charset=utf-8',
      body: 'data_access_group_name,unique_group_name,data_access_group_id',
    });
    assert.equal((await post(classic, { content: 'dag', format: 'json' })).body, '[]');
  });

  it('refuses users in a DAG (403) and users without the DAG right (400)', async () => {
    const mock = mockAt();
    rights(mock, { dataAccessGroups: false });
    assert.deepEqual(await post(mock, { content: 'dag', format: 'json' }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        "Insufficient user privileges: You must have 'API Export' privileges and 'Data Access Groups' privileges in the project.",
      ),
    });
    assert.equal(
      (
        await post(mock, {
          content: 'dag',
          action: 'import',
          format: 'json',
          data: '[{"data_access_group_name":"X","unique_group_name":""}]',
        })
      ).body,
      error(
        "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Data Access Groups' privileges in the project.",
      ),
    );
    mock.project.users[0]!.dag = 'site_a';
    assert.deepEqual(await post(mock, { content: 'dag', action: 'delete', format: 'json', 'dags[0]': 'site_b' }), {
      status: 403,
      type: JSON_TYPE,
      body: error(
        'You do not have permission to export/import/delete Data Access Groups because you have been assigned to a Data Access Group.',
      ),
    });
  });

  it('imports DAGs: a blank unique name creates, a known one renames; all or nothing', async () => {
    const mock = mockAt();
    const data = JSON.stringify([
      { data_access_group_name: 'New Site', unique_group_name: '' },
      { data_access_group_name: 'Site A (closed)', unique_group_name: 'site_a' },
    ]);
    assert.deepEqual(await post(mock, { content: 'dag', action: 'import', format: 'json', data }), {
      status: 200,
      type: JSON_TYPE,
      body: '2',
    });
    assert.deepEqual(
      (
        json((await post(mock, { content: 'dag', format: 'json' })).body) as {
          unique_group_name: string;
          data_access_group_id: number;
          data_access_group_name: string;
        }[]
      ).map((dag) => `${dag.data_access_group_id} ${dag.unique_group_name} ${dag.data_access_group_name}`),
      ['303 new_site New Site', '301 site_a Site A (closed)', '302 site_b Site B'],
    );
    assert.equal(
      (
        await post(mock, {
          content: 'dag',
          action: 'import',
          format: 'csv',
          data: 'data_access_group_name,unique_group_name\n"New Site",\n',
        })
      ).body,
      '1',
    );
    assert.equal(mock.project.dags.at(-1)?.uniqueName, 'new_site_2');
    // Errors: missing columns, unknown unique names; nothing is imported.
    assert.deepEqual(await post(mock, { content: 'dag', action: 'import', format: 'json', data: '[{"data_access_group_name":"X"}]' }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        'One or more components are missing in your input data. The following attributes are required: data_access_group_name, unique_group_name',
      ),
    });
    const bad = await post(mock, {
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"Y","unique_group_name":""},{"data_access_group_name":"Z","unique_group_name":"nope"}]',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /unique_group_name \\"nope\\" does not exist/);
    assert.equal(mock.project.dags.length, 4);
    // Undecodable data: HTTP 200 with REDCap's text.
    assert.deepEqual(await post(mock, { content: 'dag', action: 'import', format: 'xml', data: '<items><item></item></items>' }), {
      status: 200,
      type: 'text/xml; charset=utf-8',
      body: 'The data is not in the specified format.',
    });
    // An import needs action=import explicitly.
    assert.equal((await post(mock, { content: 'dag', format: 'json', data: '[]' })).status, 200);
  });

  it('deletes DAGs given as an array, all or nothing; records and users lose the group', async () => {
    const mock = mockAt();
    assert.equal(
      (await post(mock, { content: 'dag', action: 'delete', format: 'json', dags: 'site_a' })).body,
      error(
        "The 'dags' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
      ),
    );
    assert.deepEqual(
      await post(mock, { content: 'dag', action: 'delete', format: 'json', 'dags[0]': 'site_a', 'dags[1]': 'x', 'dags[2]': 'y' }),
      {
        status: 400,
        type: JSON_TYPE,
        body: error(
          'One or more of the dags provided are not valid unique group names that do not exist in this project. Note: No dags were deleted. DAGs that do not exist: x, y',
        ),
      },
    );
    assert.equal(mock.project.dags.length, 2);
    assert.deepEqual(await post(mock, { content: 'dag', action: 'delete', format: 'json', 'dags[0]': 'site_a' }), {
      status: 200,
      type: JSON_TYPE,
      body: '1',
    });
    assert.deepEqual(
      mock.project.dags.map((dag) => dag.uniqueName),
      ['site_b'],
    );
    assert.equal(mock.project.records.get('1')?.dag, '');
    assert.equal(mock.project.users.find((user) => user.username === 'bob')?.dag, '');
    assert.equal(mock.project.log.at(-1)?.action, 'Delete DAGs (API)');
  });

  it('switches DAG with 200 answers, 1 or ERROR texts, and exports only the DAG’s records', async () => {
    const mock = mockAt();
    const ids = async (): Promise<string[]> => [
      ...new Set(
        (json((await post(mock, { content: 'record', format: 'json', fields: 'record_id' })).body) as { record_id: string }[]).map(
          (row) => row.record_id,
        ),
      ),
    ];
    assert.deepEqual(await post(mock, { content: 'dag', action: 'switch', format: 'json', dag: 'site_b' }), {
      status: 200,
      type: JSON_TYPE,
      body: '1',
    });
    assert.deepEqual(await ids(), ['2']);
    assert.equal((await post(mock, { content: 'dag', action: 'switch', format: 'csv', dag: 'site_a' })).body, '1');
    assert.deepEqual(await ids(), ['1', '4']);
    assert.equal((await post(mock, { content: 'dag', action: 'switch', format: 'json', dag: 'nope' })).body, 'ERROR: Invalid DAG');
    assert.equal((await post(mock, { content: 'dag', action: 'switch', format: 'json', dag: '' })).body, '1');
    assert.deepEqual(await ids(), ['1', '2', '3', '4']);
    mock.project.users[0]!.dagSwitcher = ['', 'site_a'];
    assert.deepEqual(await post(mock, { content: 'dag', action: 'switch', format: 'json', dag: 'site_b' }), {
      status: 200,
      type: JSON_TYPE,
      body: 'ERROR: User/DAG assignment not permitted',
    });
    mock.project.users[0]!.dagSwitcher = [];
    assert.equal((await post(mock, { content: 'dag', action: 'switch', format: 'json', dag: 'site_a' })).body, 'ERROR: Invalid user');
    assert.deepEqual(
      mock.project.log.filter((entry) => entry.action.includes('data access group')).map((entry) => entry.details),
      ["user = 'alice',\ngroup = 'Site B'", "user = 'alice',\ngroup = 'Site A'", "user = 'alice',\ngroup = 'Site A'"],
    );
  });

  it('exports and imports user-DAG assignments', async () => {
    const mock = mockAt();
    assert.deepEqual(await post(mock, { content: 'userDagMapping', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"username":"alice","redcap_data_access_group":""},{"username":"bob","redcap_data_access_group":"site_a"},{"username":"carol","redcap_data_access_group":""}]',
    });
    assert.equal(
      (await post(mock, { content: 'userDagMapping', format: 'csv' })).body,
      'username,redcap_data_access_group\nalice,\nbob,site_a\ncarol,\n',
    );
    const data = 'username,redcap_data_access_group\nbob,\ncarol,site_b\n';
    assert.deepEqual(await post(mock, { content: 'userDagMapping', format: 'csv', data }), {
      status: 200,
      type: 'text/csv; charset=utf-8',
      body: '2',
    });
    assert.deepEqual(
      mock.project.users.map((user) => user.dag),
      ['', '', 'site_b'],
    );
    const bad = await post(mock, {
      content: 'userDagMapping',
      action: 'import',
      format: 'json',
      data: '[{"username":"zed","redcap_data_access_group":"site_a"},{"username":"bob","redcap_data_access_group":"nope"}]',
    });
    assert.deepEqual(bad, {
      status: 400,
      type: JSON_TYPE,
      body: error('User "zed" does not exist in the project.\nUnique group name "nope" does not exist in the project.'),
    });
    assert.equal(
      (await post(mock, { content: 'userDagMapping', format: 'json', data: '[{"username":"bob"}]' })).body,
      error(
        'One or more components are missing in your input data. The following attributes are required: username, redcap_data_access_group',
      ),
    );
    // A user in a DAG sees only the users of that DAG.
    mock.project.users[0]!.dag = 'site_b';
    assert.equal(
      (await post(mock, { content: 'userDagMapping', format: 'json' })).body,
      '[{"username":"alice","redcap_data_access_group":"site_b"},{"username":"carol","redcap_data_access_group":"site_b"}]',
    );
  });
});

describe('users', () => {
  it('exports users in REDCap 15.7.6 key order, rights as numbers, a role member with the role’s rights', async () => {
    const mock = mockAt();
    const { status, type, body } = await post(mock, { content: 'user', format: 'json' });
    assert.equal(status, 200);
    assert.equal(type, JSON_TYPE);
    const users = json(body) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(users[0]!), [
      'username',
      'email',
      'firstname',
      'lastname',
      'expiration',
      'data_access_group',
      'data_access_group_id',
      'design',
      'alerts',
      'user_rights',
      'data_access_groups',
      'reports',
      'stats_and_charts',
      'manage_survey_participants',
      'calendar',
      'data_import_tool',
      'data_comparison_tool',
      'logging',
      'email_logging',
      'file_repository',
      'data_quality_create',
      'data_quality_execute',
      'api_export',
      'api_import',
      'api_modules',
      'mobile_app',
      'mobile_app_download_data',
      'record_create',
      'record_rename',
      'record_delete',
      'lock_records_all_forms',
      'lock_records',
      'lock_records_customization',
      'random_setup',
      'random_dashboard',
      'random_perform',
      'forms',
      'forms_export',
    ]);
    assert.ok(
      body.startsWith(
        '[{"username":"alice","email":"alice@example.org","firstname":"Alice","lastname":"Admin","expiration":"","data_access_group":"","data_access_group_id":"","design":1,',
      ),
    );
    assert.deepEqual(
      users.map((user) => [user.username, user.data_access_group_id, user.design, user.api_export, user.user_rights]),
      [
        ['alice', '', 1, 1, 1],
        ['bob', 301, 0, 1, 0],
        ['carol', '', 0, 1, 0],
      ],
    );
    assert.deepEqual(users[0]!.forms, { demographics: 130, visits: 130, survey_form: 138 });
    assert.deepEqual(users[2]!.forms_export, { demographics: 2, visits: 1, survey_form: 1 });
    // Without randomization the random_* rights are absent.
    const classic = json((await post(mockAt('classic'), { content: 'user', format: 'json' })).body) as Record<string, unknown>[];
    assert.equal(Object.keys(classic[0]!).at(-3), 'lock_records_customization');
    const csv = (await post(mock, { content: 'user', format: 'csv' })).body.split('\n');
    assert.ok(csv[1]!.endsWith(',"demographics:130,visits:130,survey_form:138","demographics:1,visits:1,survey_form:1"'));
    const xml = (await post(mock, { content: 'user' })).body;
    assert.ok(xml.startsWith(`${XML}\n<users>\n<item><username><![CDATA[alice]]></username>`));
    assert.ok(xml.includes('<forms><![CDATA[demographics:130,visits:130,survey_form:138]]></forms>'));
  });

  it('needs the User Rights right: read-only may export, only full access may import', async () => {
    const mock = mockAt();
    rights(mock, { userRights: 0 });
    assert.deepEqual(await post(mock, { content: 'user', format: 'json' }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        "Insufficient user privileges: You must have 'API Export' privileges and 'User Rights' privileges (Full Access or Read Only) in the project.",
      ),
    });
    rights(mock, { userRights: 2 });
    assert.equal((await post(mock, { content: 'user', format: 'json' })).status, 200);
    assert.equal(
      (await post(mock, { content: 'user', format: 'json', data: '[{"username":"dan"}]' })).body,
      error(
        "Insufficient user privileges: You must have 'API Import/Update' privileges and 'User Rights' privileges in the project in order to import/update users via the API Import Users method.",
      ),
    );
    rights(mock, { apiExport: false });
    assert.equal((await post(mock, { content: 'user', format: 'json' })).body, error('You do not have API Export privileges'));
  });

  it('imports users: new ones with minimum rights, existing ones changed only in what is given', async () => {
    const mock = mockAt();
    const data = JSON.stringify([
      {
        username: 'Dan',
        email: 'ignored@example.org',
        api_export: 1,
        data_access_group: 'site_b',
        forms: { demographics: 2 },
        forms_export: { demographics: '1' },
      },
      { username: 'bob', design: '1', expiration: '', forms: { visits: 0 } },
    ]);
    assert.deepEqual(await post(mock, { content: 'user', format: 'json', data }), { status: 200, type: JSON_TYPE, body: '2' });
    const users = json((await post(mock, { content: 'user', format: 'json' })).body) as Record<string, unknown>[];
    const dan = users.find((user) => user.username === 'dan')!;
    assert.deepEqual(
      [dan.email, dan.data_access_group, dan.data_access_group_id, dan.api_export, dan.api_import, dan.design, dan.record_create],
      ['', 'site_b', 302, 1, 0, 0, 0],
    );
    assert.deepEqual(dan.forms, { demographics: 129, visits: 128, survey_form: 128 });
    assert.deepEqual(dan.forms_export, { demographics: 1, visits: 0, survey_form: 0 });
    const bob = users.find((user) => user.username === 'bob')!;
    assert.deepEqual([bob.design, bob.expiration, bob.api_import, bob.data_access_group], [1, '', 1, 'site_a']);
    assert.deepEqual(bob.forms, { demographics: 130, visits: 128, survey_form: 129 });
    // CSV carries forms as form:right pairs; the new user has no token, so no API access.
    assert.equal(
      (await post(mock, { content: 'user', format: 'csv', data: 'username,forms,lock_records\neve,"demographics:146,visits:1",2\n' })).body,
      '1',
    );
    const eve = mock.project.users.find((user) => user.username === 'eve')!;
    assert.deepEqual([eve.token, eve.forms.demographics, eve.forms.visits, eve.otherRights.lock_records], ['', 146, 130, 2]);
    // XML carries forms as nested elements, one per instrument.
    assert.equal(
      (
        await post(mock, {
          content: 'user',
          format: 'xml',
          data: `${XML}<users><item><username>fay</username><forms><demographics>2</demographics><visits>0</visits></forms></item></users>`,
        })
      ).body,
      '1',
    );
    const fay = mock.project.users.find((user) => user.username === 'fay')!;
    assert.deepEqual([fay.forms.demographics, fay.forms.visits], [129, 128]);
    assert.deepEqual(
      mock.project.log.filter((entry) => /user/.test(entry.action)).map((entry) => `${entry.action}|${entry.record}`),
      [
        'Import users (API)|',
        'Add user|dan',
        'Update user|bob',
        'Export users (API)|',
        'Import users (API)|',
        'Add user|eve',
        'Import users (API)|',
        'Add user|fay',
      ],
    );
  });

  it('reports every invalid user row, all or nothing', async () => {
    const mock = mockAt();
    const data = JSON.stringify([
      { username: '', design: 1 },
      { username: 'zoe', data_access_group: 'nope', design: 3, forms: { nope: 1, visits: 9 } },
      { username: 'carol', api_export: 0 },
    ]);
    const answer = await post(mock, { content: 'user', format: 'json', data });
    assert.equal(answer.status, 400);
    assert.deepEqual((json(answer.body) as { error: string }).error.split('\n'), [
      'The username is missing for user #1 in the list of users provided.',
      'data_access_group "nope" is not a valid unique Data Access Group name for this project.',
      'The value "3" of "design" for "zoe" is not valid. It must be 0 or 1.',
      'The form named "nope" is incorrect for the user "zoe" The form does not exist in this project.',
      'The form named "visits" with value "9" is not a valid form-level rights value. It must be 0, 1, 2 or 3.',
      `The user "carol" cannot have their user privileges modified because the user belongs to a user role. Users in roles cannot have their privileges modified via the 'Import User' API method.`,
    ]);
    assert.equal(mock.project.users.length, 3);
    assert.deepEqual(await post(mock, { content: 'user', format: 'xml', data: '<records><item><username>x</username></item></records>' }), {
      status: 200,
      type: 'text/xml; charset=utf-8',
      body: 'The data is not in the specified format.',
    });
    assert.equal(
      (
        await post(mock, {
          content: 'user',
          format: 'xml',
          data: '<users><item><username>xavier</username><forms><visits>2</visits></forms></item></users>',
        })
      ).body,
      '1',
    );
    assert.equal(mock.project.users.at(-1)?.forms.visits, 129);
  });

  it('deletes users given as an array, all or nothing', async () => {
    const mock = mockAt();
    assert.equal(
      (await post(mock, { content: 'user', action: 'delete', format: 'json', users: 'bob' })).body,
      error(
        "The 'users' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
      ),
    );
    assert.deepEqual(await post(mock, { content: 'user', action: 'delete', format: 'json', 'users[0]': 'bob', 'users[1]': 'nobody' }), {
      status: 400,
      type: JSON_TYPE,
      body: error(
        'One or more of the users provided are not valid usernames that do not exist in this project. Note: No users were deleted. Users that do not exist: nobody',
      ),
    });
    assert.deepEqual(await post(mock, { content: 'user', action: 'delete', format: 'json', 'users[0]': 'BOB', 'users[1]': 'carol' }), {
      status: 200,
      type: JSON_TYPE,
      body: '2',
    });
    assert.deepEqual(
      mock.project.users.map((user) => user.username),
      ['alice'],
    );
    // The 15.7.6 router also wants the Delete Record right here.
    rights(mock, { recordDelete: false });
    assert.deepEqual(await post(mock, { content: 'user', action: 'delete', format: 'json', 'users[0]': 'alice' }), {
      status: 403,
      type: JSON_TYPE,
      body: error('You do not have Delete Record privileges'),
    });
  });
});

describe('user roles and role assignments', () => {
  it('exports roles with rights as strings', async () => {
    const mock = mockAt();
    const roles = json((await post(mock, { content: 'userRole', format: 'json' })).body) as Record<string, unknown>[];
    assert.deepEqual(
      roles.map((role) => [role.unique_role_name, role.role_label, role.api_export, role.api_import, role.logging]),
      [
        ['U-3F7K2Q9XWD', 'Data Entry', '1', '1', '0'],
        ['U-8M4R6T1ZPA', 'Monitor', '1', '0', '1'],
      ],
    );
    assert.deepEqual(Object.keys(roles[0]!).slice(0, 3), ['unique_role_name', 'role_label', 'design']);
    assert.equal(Object.keys(roles[0]!).includes('lock_records'), false);
    assert.deepEqual(roles[1]!.forms, { demographics: '129', visits: '129', survey_form: '129' });
    assert.ok(
      (await post(mock, { content: 'userRole' })).body.startsWith(
        `${XML}\n<userRoles>\n<item><unique_role_name><![CDATA[U-3F7K2Q9XWD]]></unique_role_name>`,
      ),
    );
    assert.equal((await post(mockAt('classic'), { content: 'userRole', format: 'json' })).body, '[]');
  });

  it('imports roles (create and update), and members follow their role’s rights', async () => {
    const mock = mockAt();
    const data = JSON.stringify([
      { role_label: 'Statistician', api_export: 1, forms_export: { demographics: 2 } },
      { unique_role_name: 'U-3F7K2Q9XWD', role_label: 'Data Entry', api_import: 0, design: 1 },
    ]);
    assert.deepEqual(await post(mock, { content: 'userRole', format: 'json', data }), { status: 200, type: JSON_TYPE, body: '2' });
    const created = mock.project.roles.at(-1)!;
    assert.match(created.uniqueName, /^U-[0-9A-Z]{10}$/);
    assert.equal(created.id, 503);
    const carol = mock.project.users.find((user) => user.username === 'carol')!;
    assert.deepEqual([carol.rights.apiImport, carol.rights.design], [false, true]);
    assert.equal(
      (await post(mock, { content: 'userRole', format: 'json', data: '[{"role_label":"X","unique_role_name":"U-NOPE"}]' })).body,
      error('The unique_role_name "U-NOPE" is not a valid unique role name for this project.'),
    );
    assert.equal(
      (await post(mock, { content: 'userRole', format: 'json', data: '[{"design":1}]' })).body,
      error('One or more components are missing in your input data. The following attributes are required: role_label'),
    );
    // Deleting the role gives carol her own rights back.
    assert.deepEqual(await post(mock, { content: 'userRole', action: 'delete', format: 'json', 'roles[0]': 'U-3F7K2Q9XWD' }), {
      status: 200,
      type: JSON_TYPE,
      body: '1',
    });
    assert.deepEqual([carol.role, carol.rights.apiImport, carol.rights.design], ['', true, true]);
    assert.equal(
      (await post(mock, { content: 'userRole', action: 'delete', format: 'json', 'roles[0]': 'U-3F7K2Q9XWD' })).body,
      error(
        'One or more of the roles provided are not valid rolenames that do not exist in this project. Note: No roles were deleted. Roles that do not exist: U-3F7K2Q9XWD',
      ),
    );
    assert.equal(
      (await post(mock, { content: 'userRole', action: 'delete', format: 'json', roles: 'U-8M4R6T1ZPA' })).body,
      error(
        "The 'roles' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
      ),
    );
  });

  it('exports and imports user-role assignments (with data_access_group when the project has DAGs)', async () => {
    const mock = mockAt();
    assert.deepEqual(await post(mock, { content: 'userRoleMapping', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"username":"alice","unique_role_name":"","data_access_group":""},{"username":"bob","unique_role_name":"","data_access_group":"site_a"},{"username":"carol","unique_role_name":"U-3F7K2Q9XWD","data_access_group":""}]',
    });
    assert.equal(
      (await post(mockAt('classic'), { content: 'userRoleMapping', format: 'csv' })).body,
      'username,unique_role_name\ngrace,\n',
    );
    const data = JSON.stringify([
      { username: 'bob', unique_role_name: 'U-8M4R6T1ZPA' },
      { username: 'carol', unique_role_name: '' },
    ]);
    assert.deepEqual(await post(mock, { content: 'userRoleMapping', action: 'import', format: 'json', data }), {
      status: 200,
      type: JSON_TYPE,
      body: '2',
    });
    const users = json((await post(mock, { content: 'user', format: 'json' })).body) as Record<string, unknown>[];
    const bob = users.find((user) => user.username === 'bob')!;
    assert.deepEqual([bob.logging, bob.api_import, bob.record_create], [1, 0, 0]);
    assert.deepEqual(bob.forms, { demographics: 129, visits: 129, survey_form: 129 });
    assert.equal(users.find((user) => user.username === 'carol')!.api_import, 1);
    assert.equal(
      (
        await post(mock, {
          content: 'userRoleMapping',
          format: 'json',
          data: '[{"username":"bob","unique_role_name":"U-NOPE"},{"username":"zed","unique_role_name":""}]',
        })
      ).body,
      error('The unique_role_name "U-NOPE" is not a valid unique role name for this project.\nUser "zed" does not exist in the project.'),
    );
  });
});

describe('file repository', () => {
  it('lists folders (natural order) then files, as json, csv and xml', async () => {
    const mock = mockAt();
    assert.deepEqual(await post(mock, { content: 'fileRepository', action: 'list', format: 'json' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"folder_id":11,"name":"Protocols"},{"folder_id":12,"name":"Site A"},{"doc_id":3,"name":"study-overview.pdf"}]',
    });
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'csv' })).body,
      'folder_id,doc_id,name\n11,,Protocols\n12,,"Site A"\n,3,study-overview.pdf\n',
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', folder_id: '11' })).body,
      `${XML}\n<items>\n<item><doc_id><![CDATA[4]]></doc_id><name><![CDATA[protocol-v1.txt]]></name></item>\n</items>\n`,
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'json', folder_id: 'x' })).body,
      error('folder_id is not valid'),
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'json', folder_id: '99' })).body,
      error(
        'The File Repository folder folder_id=99 does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.',
      ),
    );
  });

  it('creates folders, uploads, downloads and soft-deletes files', async () => {
    const mock = mockAt();
    assert.deepEqual(
      await post(mock, {
        content: 'fileRepository',
        action: 'createFolder',
        format: 'json',
        name: 'Consents',
        folder_id: '11',
        dag_id: '302',
        role_id: '999',
      }),
      {
        status: 200,
        type: JSON_TYPE,
        body: '[{"folder_id":13}]',
      },
    );
    assert.deepEqual(mock.project.repository.folders.at(-1), { id: 13, name: 'Consents', parent: 11, dagId: 302, roleId: null });
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'createFolder', format: 'csv', name: 'Top' })).body,
      'folder_id\n14\n',
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'createFolder', format: 'json', name: 'consents', folder_id: '11' })).body,
      error(
        'ERROR: The folder name "consents" could not be created because a folder with that same name already exists in this directory.',
      ),
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'createFolder', format: 'json' })).body,
      error("new folder 'name' not provided"),
    );

    const upload = await postMultipart(
      mock,
      { content: 'fileRepository', action: 'import', folder_id: '13', returnFormat: 'json' },
      new File(['Signed.'], 'consent.txt', { type: 'text/plain' }),
    );
    assert.deepEqual([upload.status, upload.headers.get('content-type'), await upload.text()], [200, JSON_TYPE, '']);
    await postMultipart(
      mock,
      { content: 'fileRepository', action: 'import', folder_id: '13' },
      new File(['Again.'], 'consent.txt', { type: 'text/plain' }),
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'json', folder_id: '13' })).body,
      '[{"doc_id":6,"name":"consent (2).txt"},{"doc_id":5,"name":"consent.txt"}]',
    );

    const download = await post(mock, { content: 'fileRepository', action: 'export', doc_id: '5' });
    assert.deepEqual(download, { status: 200, type: 'text/plain; name="consent.txt";charset=UTF-8', body: 'Signed.' });
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'export', format: 'json', doc_id: '1' })).body,
      error('Invalid or missing doc_id'),
    );

    assert.deepEqual(await post(mock, { content: 'fileRepository', action: 'delete', format: 'json', doc_id: '5' }), {
      status: 200,
      type: JSON_TYPE,
      body: '',
    });
    assert.equal(mock.project.files.get(5)?.deleted, true);
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'json', folder_id: '13' })).body,
      '[{"doc_id":6,"name":"consent (2).txt"}]',
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'delete', format: 'json', doc_id: '5' })).body,
      error('Invalid or missing doc_id'),
    );
    const noFile = await postMultipart(mock, { content: 'fileRepository', action: 'import', format: 'json' });
    assert.equal(await noFile.text(), error('No valid file was uploaded'));
    assert.deepEqual(
      mock.project.log.filter((entry) => entry.action.includes('File Repository')).map((entry) => entry.action),
      [
        'Create folder in File Repository (API)',
        'Create folder in File Repository (API)',
        'Upload file to File Repository (API)',
        'Upload file to File Repository (API)',
        'Export list of files/folders from File Repository (API)',
        'Download file from File Repository (API)',
        'Delete file from File Repository (API)',
        'Export list of files/folders from File Repository (API)',
      ],
    );
  });

  it('needs the File Repository right, API Import for writes, and access to DAG-restricted folders', async () => {
    const mock = mockAt();
    mock.project.users[0]!.dag = 'site_b';
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'json' })).body,
      '[{"folder_id":11,"name":"Protocols"},{"doc_id":3,"name":"study-overview.pdf"}]',
    );
    assert.equal(
      (await post(mock, { content: 'fileRepository', action: 'list', format: 'json', folder_id: '12' })).body,
      error(
        'The File Repository folder folder_id=12 does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.',
      ),
    );
    rights(mock, { apiImport: false });
    assert.deepEqual(await post(mock, { content: 'fileRepository', action: 'createFolder', format: 'json', name: 'X' }), {
      status: 403,
      type: JSON_TYPE,
      body: error('You do not have API Import/Update privileges'),
    });
    assert.equal((await post(mock, { content: 'fileRepository', action: 'list', format: 'json' })).status, 200);
    rights(mock, { fileRepository: false });
    assert.deepEqual(await post(mock, { content: 'fileRepository', action: 'list', format: 'json' }), {
      status: 403,
      type: JSON_TYPE,
      body: error(
        'The API request cannot complete because currently you do not have "File Repository" rights, which are required for this operation.',
      ),
    });
  });
});

describe('logging', () => {
  it('exports the simulator’s log newest first, rendered as REDCap’s logging page', async () => {
    const mock = mockAt();
    await post(mock, { content: 'record', format: 'json', data: '[{"record_id":"9","redcap_event_name":"baseline_arm_1","age":"30"}]' });
    await post(mock, { content: 'record', format: 'json', data: '[{"record_id":"1","redcap_event_name":"baseline_arm_1","age":"45"}]' });
    await post(mock, { content: 'user', format: 'json', data: '[{"username":"bob","design":1}]' });
    await post(mock, { content: 'record', format: 'json', records: '1', fields: 'age' });
    const { status, type, body } = await post(mock, { content: 'log', format: 'json' });
    assert.equal(status, 200);
    assert.equal(type, JSON_TYPE);
    assert.deepEqual(json(body), [
      {
        timestamp: '2025-03-04 05:06',
        username: 'alice',
        action: 'Data export (API) ',
        details: 'format = json, type = flat, rawOrLabel = raw',
        record: '',
      },
      { timestamp: '2025-03-04 05:06', username: 'alice', action: 'Update user bob', details: "user = 'bob'", record: 'bob' },
      { timestamp: '2025-03-04 05:06', username: 'alice', action: 'Manage/Design ', details: 'Import users (API)', record: '' },
      { timestamp: '2025-03-04 05:06', username: 'alice', action: 'Update record (API) 1', details: "age = '45'", record: '1' },
      { timestamp: '2025-03-04 05:06', username: 'alice', action: 'Create record (API) 9', details: "age = '30'", record: '9' },
    ]);
    const actions = async (params: Record<string, string>): Promise<string[]> =>
      (json((await post(mock, { content: 'log', format: 'json', ...params })).body) as { action: string }[]).map((entry) => entry.action);
    assert.deepEqual(await actions({ logtype: 'record' }), ['Update record (API) 1', 'Create record (API) 9']);
    assert.deepEqual(await actions({ logtype: 'record_add' }), ['Create record (API) 9']);
    assert.deepEqual(await actions({ logtype: 'user' }), ['Update user bob']);
    assert.deepEqual(await actions({ logtype: 'export' }), ['Data export (API) ']);
    assert.deepEqual(await actions({ logtype: 'page_view' }), []);
    assert.deepEqual(await actions({ record: '9' }), ['Create record (API) 9']);
    assert.deepEqual(await actions({ dag: '301', logtype: 'record' }), ['Update record (API) 1']);
    assert.deepEqual(await actions({ user: 'ALICE', logtype: 'manage' }), [
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
      'Manage/Design ',
    ]);
    assert.deepEqual(await actions({ user: 'bob' }), []);
    assert.equal((await actions({ beginTime: '2025-03-04 05:07' })).length, 0);
    assert.equal((await actions({ endTime: '2025-03-04 05:05:59' })).length, 0);
    assert.equal((await actions({ beginTime: '2025-03-04 05:06:30', endTime: '2025-03-04 05:06', logtype: 'record' })).length, 2);
    const xml = (await post(mock, { content: 'log', logtype: 'user' })).body;
    assert.equal(
      xml,
      `${XML}\n<logs>\n<log><timestamp><![CDATA[2025-03-04 05:06]]></timestamp><username><![CDATA[alice]]></username><action><![CDATA[Update user bob]]></action><details><![CDATA[user = 'bob']]></details><record><![CDATA[bob]]></record></log>\n</logs>\n`,
    );
    assert.equal(
      (await post(mock, { content: 'log', format: 'csv', logtype: 'page_view' })).body,
      'timestamp,username,action,details,record',
    );
  });

  it('needs the Logging right and export rights', async () => {
    const mock = mockAt();
    rights(mock, { logging: false });
    assert.deepEqual(await post(mock, { content: 'log', format: 'json' }), {
      status: 403,
      type: JSON_TYPE,
      body: error(
        'The API request cannot complete because currently you do not have "Logging" privileges, which are required for this operation.',
      ),
    });
    rights(mock, { dataExport: 0 });
    assert.equal(
      (await post(mock, { content: 'log', format: 'json' })).body,
      error(
        'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.',
      ),
    );
  });
});

describe('reports', () => {
  it('exports a report’s fields and filter like a flat record export', async () => {
    const mock = mockAt();
    assert.deepEqual(await post(mock, { content: 'report', format: 'json', report_id: '8' }), {
      status: 200,
      type: JSON_TYPE,
      body: '[{"record_id":"1","redcap_event_name":"baseline_arm_1","redcap_repeat_instrument":"","redcap_repeat_instance":"","age":"44","sex":"0"}]',
    });
    assert.equal(
      (await post(mock, { content: 'report', format: 'csv', report_id: '7', rawOrLabel: 'label' })).body.split('\n').slice(0, 3).join('\n'),
      'record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,first_name,last_name,age,sex\n1,"Baseline (Arm 1: Drug A)",,,Ann,Lee,44,Female\n1,"Visit 1 (Arm 1: Drug A)",,,,,,',
    );
    assert.equal(
      (await post(mockAt('classic'), { content: 'report', format: 'csv', report_id: '11' })).body.split('\n')[0],
      'record_id,redcap_repeat_instrument,redcap_repeat_instance,med_name,med_dose',
    );
    assert.deepEqual(await post(mock, { content: 'report', format: 'json', report_id: '11' }), {
      status: 403,
      type: JSON_TYPE,
      body: error('The API request cannot complete because report_id=11 does not belong to this project.'),
    });
    assert.equal(
      mock.project.log.at(-1)?.details,
      'report_id: 7, export_format: CSV, rawOrLabel: label, fields: "record_id, first_name, last_name, age, sex"',
    );
  });
});

describe('surveys', () => {
  it('exports the participant list: responses and invitations, completed ones without codes', async () => {
    const mock = mockAt();
    const baseline = json(
      (await post(mock, { content: 'participantList', format: 'json', instrument: 'survey_form', event: 'baseline_arm_1' })).body,
    ) as Record<string, unknown>[];
    const code = (await post(mock, { content: 'surveyAccessCode', record: '3', instrument: 'survey_form', event: 'baseline_arm_1' })).body;
    const link = (await post(mock, { content: 'surveyLink', record: '3', instrument: 'survey_form', event: 'baseline_arm_1' })).body;
    const queue = (await post(mock, { content: 'surveyQueueLink', record: '3' })).body;
    // Every record of the event is listed, responded or invited or not (record 2 neither).
    assert.deepEqual(baseline[2], {
      email: 'cy@example.org',
      email_occurrence: 1,
      identifier: '',
      record: '3',
      invitation_sent_status: 1,
      invitation_send_time: '2024-02-03 09:00:00',
      response_status: 0,
      survey_access_code: code,
      survey_link: link,
      survey_queue_link: queue,
    });
    assert.deepEqual(
      baseline.map((row) => [row.record, row.email, row.response_status, row.survey_access_code, row.survey_link]),
      [
        ['1', 'ann.lee@example.org', 2, '', ''],
        ['2', 'bo@example.org', 0, baseline[1]?.survey_access_code, baseline[1]?.survey_link],
        ['3', 'cy@example.org', 0, code, link],
      ],
    );
    const visit = await post(mock, { content: 'participantList', format: 'csv', instrument: 'survey_form', event: 'visit_1_arm_1' });
    assert.equal(
      visit.body.split('\n')[0],
      'email,email_occurrence,identifier,record,invitation_sent_status,invitation_send_time,response_status,survey_access_code,survey_link,survey_queue_link',
    );
    assert.match(
      visit.body.split('\n')[2]!,
      /^bo@example\.org,1,,2,1,"2024-02-12 08:30:00",0,[0-9A-Z]{9},https:\/\/redcap\.example\.test\/surveys\/\?s=[0-9A-Z]{10},https:/,
    );
    // A survey response given by import shows up as completed.
    await post(mock, {
      content: 'record',
      format: 'json',
      data: '[{"record_id":"2","redcap_event_name":"visit_1_arm_1","satisfaction":"5"}]',
    });
    const xml = (await post(mock, { content: 'participantList', instrument: 'survey_form', event: 'visit_1_arm_1' })).body;
    assert.ok(xml.startsWith(`${XML}\n<participants>\n<participant><email><![CDATA[ann.lee@example.org]]></email>`));
    const error400 = async (params: Record<string, string>): Promise<string> =>
      (await post(mock, { content: 'participantList', format: 'json', ...params })).body;
    assert.equal(await error400({ instrument: 'survey_form' }), error("The parameter 'event' is missing"));
    assert.equal(await error400({ instrument: 'survey_form', event: 'nope' }), error('Invalid event'));
    assert.equal(
      await error400({ instrument: 'demographics', event: 'baseline_arm_1' }),
      error("The instrument 'demographics' has not been enabled as a survey"),
    );
    assert.equal(await error400({}), error("The parameter 'instrument' is missing"));
  });

  it('exports access codes, return codes and queue links as text, with their errors', async () => {
    const mock = mockAt();
    const params = { record: '3', instrument: 'survey_form', event: 'baseline_arm_1' };
    const access = await post(mock, { content: 'surveyAccessCode', ...params });
    assert.equal(access.status, 200);
    assert.equal(access.type, 'text/html; charset=UTF-8');
    assert.match(access.body, /^[0-9A-Z]{9}$/);
    assert.equal((await post(mockAt(), { content: 'surveyAccessCode', ...params })).body, access.body);
    assert.notEqual((await post(mock, { content: 'surveyAccessCode', ...params, record: '1' })).body, access.body);
    const ret = await post(mock, { content: 'surveyReturnCode', ...params });
    assert.equal(ret.type, 'text/html; charset=UTF-8');
    assert.match(ret.body, /^[0-9A-Z]{8}$/);
    assert.match(
      (await post(mock, { content: 'surveyQueueLink', record: '3' })).body,
      /^https:\/\/redcap\.example\.test\/surveys\/\?sq=[0-9A-Z]{10}$/,
    );

    assert.equal(
      (await post(mock, { content: 'surveyReturnCode', format: 'json', ...params, instrument: 'visits' })).body,
      error('The instrument "visits" has not been enabled as a survey'),
    );
    assert.equal(
      (await post(mock, { content: 'surveyAccessCode', format: 'json', ...params, instrument: 'visits' })).body,
      error("The instrument 'visits' has not been enabled as a survey"),
    );
    assert.equal(
      (await post(mock, { content: 'surveyQueueLink', format: 'json', record: '42' })).body,
      error('The record "42" does not exist'),
    );
    assert.equal((await post(mock, { content: 'surveyQueueLink', format: 'json' })).body, error("The parameter 'record' is missing"));
    mock.project.surveys.saveAndReturn.clear();
    assert.deepEqual(await post(mock, { content: 'surveyReturnCode', format: 'json', ...params }), {
      status: 400,
      type: JSON_TYPE,
      body: error("The 'Save & Return Later' feature has not been enabled for this survey"),
    });
    mock.project.surveys.queue = false;
    assert.equal(
      (await post(mock, { content: 'surveyQueueLink', format: 'json', record: '3' })).body,
      error('The Survey Queue has not been enabled in this project. You will need to enable the Survey Queue before using this method.'),
    );
    assert.equal(
      Object.keys(
        json(
          (await post(mock, { content: 'participantList', format: 'json', instrument: 'survey_form', event: 'baseline_arm_1' })).body,
        ) as object[],
      ).length,
      3,
    );
    rights(mock, { surveyParticipants: false });
    assert.deepEqual(await post(mock, { content: 'surveyAccessCode', format: 'json', ...params }), {
      status: 403,
      type: JSON_TYPE,
      body: error(
        'The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation.',
      ),
    });
  });
});

describe('randomization', () => {
  it('allocates by strata, writes the target field and answers json, csv or xml', async () => {
    const mock = mockAt();
    assert.deepEqual(
      await post(mock, { content: 'record', action: 'randomize', format: 'json', record: '3', randomization_id: '5', returnAlt: 'true' }),
      {
        status: 200,
        type: JSON_TYPE,
        body: '{"randomization_id":5,"record":"3","target_field":"2","target_field_name":"rand_group","target_field_alt":"R-1002"}',
      },
    );
    assert.equal(
      (await post(mock, { content: 'record', format: 'csv', records: '3', fields: 'rand_group', events: 'baseline_arm_1' })).body,
      'rand_group\n2\n',
    );
    assert.equal(
      (await post(mock, { content: 'record', action: 'randomize', format: 'csv', record: '1', randomization_id: '5' })).body,
      'randomization_id,record,target_field,target_field_name\n5,1,1,rand_group\n',
    );
    assert.equal(
      (await post(mock, { content: 'record', action: 'randomize', record: '2', randomization_id: '5', returnAlt: '1' })).body,
      `${XML}\n<items>\n<randomization_id><![CDATA[5]]></randomization_id><record><![CDATA[2]]></record><target_field><![CDATA[1]]></target_field><target_field_name><![CDATA[rand_group]]></target_field_name><target_field_alt><![CDATA[R-1004]]></target_field_alt>\n</items>\n`,
    );
    assert.deepEqual(
      mock.project.log.filter((entry) => entry.record === '3').map((entry) => `${entry.action}: ${entry.details}`),
      ['Randomize record (API): randomization_id = 5', "Update record (API): rand_group = '2'"],
    );
  });

  it('refuses with HTTP 200 texts', async () => {
    const mock = mockAt();
    const randomize = async (params: Record<string, string>): Promise<Answer> =>
      post(mock, { content: 'record', action: 'randomize', format: 'json', randomization_id: '5', ...params });
    assert.deepEqual(await randomize({ record: '1', randomization_id: '6' }), {
      status: 200,
      type: JSON_TYPE,
      body: 'Invalid data supplied',
    });
    assert.equal((await randomize({ record: '' })).body, 'Invalid data supplied');
    assert.equal((await randomize({ record: '42' })).body, 'Cannot randomize. Record does not exist.');
    await post(mock, { content: 'record', format: 'json', data: '[{"record_id":"9","redcap_event_name":"baseline_arm_1","age":"30"}]' });
    assert.equal((await randomize({ record: '9' })).body, 'Cannot randomize. Missing stratification data for fields: sex');
    assert.equal((await randomize({ record: '1' })).status, 200);
    assert.equal((await randomize({ record: '1' })).body, 'Cannot randomize. Randomization already completed for record.');
    assert.equal((await randomize({ record: '4' })).body.startsWith('{'), true);
    assert.equal((await randomize({ record: '2' })).body.startsWith('{'), true);
    assert.equal((await randomize({ record: '3' })).body.startsWith('{'), true);
    await post(mock, { content: 'record', format: 'json', data: '[{"record_id":"10","redcap_event_name":"baseline_arm_1","sex":"1"}]' });
    assert.equal((await randomize({ record: '10' })).body, 'Cannot randomize. No allocations available.');
    mock.project.randomizations[0] = { ...mock.project.randomizations[0]!, byDag: true };
    assert.equal((await randomize({ record: '10' })).body, 'Cannot randomize. Record not assigned to a DAG');
    rights(mock, { randomize: false });
    assert.deepEqual(await randomize({ record: '10' }), {
      status: 403,
      type: JSON_TYPE,
      body: error('You do not have Randomize privileges'),
    });
  });
});

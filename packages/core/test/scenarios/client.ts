import { createClient, createRedcap, exportVersion, maskToken, RedcapValidationError } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, throws } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { canaryToken, setup } from '../support/setup.ts';

const url = 'https://redcap.example.test/api/';

export const clientScenarios = group('client', {
  async 'prints its URL and a masked token of the same length'() {
    const redcap = createRedcap({ url, token: canaryToken, dangerouslyAllowBrowser: true });
    const expected = `REDCap client for ${url} with token C0F***************************EE`;
    equal(String(redcap), expected);
    equal(`${redcap}`, expected);
    equal(JSON.stringify({ redcap }), JSON.stringify({ redcap: expected }));
    equal(maskToken(canaryToken).length, canaryToken.length);
    ok(!Object.values(redcap).some((value) => typeof value === 'string' && value.includes(canaryToken)), 'no own property holds the token');
  },

  async 'a client without a token says so'() {
    const client = createClient({ url: 'https://example.edu/redcap-proxy/', token: null });
    equal(String(client), 'REDCap client for https://example.edu/redcap-proxy/ without a token');
  },

  async 'a token-less client must be asked for: a missing token key names the fix (issue 13)'() {
    // Forgetting the token and meaning a proxy look the same; `token: null` says which.
    const error = throws(() => createClient({ url: 'https://example.edu/redcap-proxy/' } as never), RedcapValidationError);
    match(error.message, /token: null/);
  },

  async 'rejects a relative or non-http URL before anything is sent'() {
    const relative = throws(
      () => createClient({ url: 'redcap.example.edu/api/', token: canaryToken, dangerouslyAllowBrowser: true }),
      RedcapValidationError,
    );
    equal(relative.path, 'url');
    match(relative.message, /absolute URL/);
    throws(
      () => createClient({ url: 'ftp://redcap.example.edu/api/', token: canaryToken, dangerouslyAllowBrowser: true }),
      RedcapValidationError,
    );
  },

  async 'requires https except on loopback hosts'() {
    const plain = throws(
      () => createClient({ url: 'http://redcap.example.edu/api/', token: canaryToken, dangerouslyAllowBrowser: true }),
      RedcapValidationError,
    );
    match(plain.message, /https/);
    equal(
      createClient({ url: 'http://127.0.0.1:8080/api/', token: canaryToken, dangerouslyAllowBrowser: true }).url,
      'http://127.0.0.1:8080/api/',
    );
    equal(createClient({ url: 'http://localhost/api/', token: canaryToken, dangerouslyAllowBrowser: true }).url, 'http://localhost/api/');
  },

  async 'checks the token shape without echoing it'() {
    const secretish = 'not-a-token-but-secret-0123456789';
    const error = throws(() => createClient({ url, token: secretish, dangerouslyAllowBrowser: true }), RedcapValidationError);
    equal(error.path, 'token');
    match(error.message, /32 hexadecimal characters/);
    ok(!error.message.includes(secretish) && !JSON.stringify(error).includes(secretish) && !String(error.stack).includes(secretish));
  },

  async 'accepts lower case, a trailing newline, a super token, and other shapes with tokenPattern'() {
    createClient({ url, token: canaryToken.toLowerCase(), dangerouslyAllowBrowser: true });
    createClient({ url, token: `${canaryToken}\n`, dangerouslyAllowBrowser: true });
    createClient({ url, token: canaryToken + canaryToken, dangerouslyAllowBrowser: true });
    createClient({ url, token: 'SITE-TOKEN-42', tokenPattern: /^SITE-TOKEN-\d+$/, dangerouslyAllowBrowser: true });
  },

  async 'validates timeout, retry, fetch and headers options'() {
    const base = { url, token: canaryToken, dangerouslyAllowBrowser: true };
    equal(throws(() => createClient({ ...base, timeout: -1 }), RedcapValidationError).path, 'timeout');
    equal(throws(() => createClient({ ...base, retry: { limit: 2, wait: 5 } as never }), RedcapValidationError).path, 'retry.wait');
    equal(throws(() => createClient({ ...base, retry: 1.5 }), RedcapValidationError).path, 'retry');
    equal(throws(() => createClient({ ...base, fetch: 'fetch' as never }), RedcapValidationError).path, 'fetch');
    equal(throws(() => createClient({ ...base, headers: { 'X-Trace': 1 as never } }), RedcapValidationError).path, 'headers.X-Trace');
  },

  async 'refuses a token in a browser unless dangerouslyAllowBrowser, and explains why'(env) {
    if (env.runtime !== 'browser') {
      createClient({ url, token: canaryToken });
      return;
    }
    const error = throws(() => createClient({ url, token: canaryToken }), RedcapValidationError);
    match(error.message, /anyone who opens the page/);
    match(error.message, /dangerouslyAllowBrowser/);
    createClient({ url: 'https://example.edu/proxy/', token: null });
  },

  async 'createRedcap has a namespace per content type and version()'(env) {
    const { redcap } = setup(env);
    deepEqual(typeof redcap.records.export, 'function');
    deepEqual(typeof redcap.files.import, 'function');
    deepEqual(typeof redcap.version, 'function');
    match(await redcap.version(), /^\d+\.\d+\.\d+$/);
  },

  async 'standalone functions and namespaces share one client type'(env) {
    const { redcap } = setup(env);
    match(await exportVersion(redcap), /^\d+\.\d+\.\d+$/);
  },

  async 'sends custom headers with every request'(env) {
    const { mock } = setup(env);
    let seen: string | null = null;
    env.use(async (request) => {
      seen = request.headers.get('x-study');
      return mock.handle(request);
    });
    const redcap = createRedcap({ url: env.url, token: mock.token, headers: { 'X-Study': 'ABC' }, dangerouslyAllowBrowser: true });
    await redcap.version();
    equal(seen, 'ABC');
  },
});

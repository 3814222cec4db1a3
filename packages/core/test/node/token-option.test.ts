/**
 * The `token` option: an unset environment variable is an error that says so, and a
 * token-less client (for a proxy that adds the token) is asked for with `token: null`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient, createRedcap, RedcapValidationError } from '@redcap-sdk/core';

const url = 'https://redcap.example.test/api/';

test('a token read from an unset environment variable is an error naming the likely cause', () => {
  const env: Record<string, string | undefined> = {};
  for (const token of [env.REDCAP_TOKEN, '', '  \n']) {
    assert.throws(
      () => createRedcap({ url, token }),
      (thrown: unknown) => thrown instanceof RedcapValidationError && thrown.path === 'token',
    );
    assert.throws(
      () => createClient({ url, token }),
      (thrown: unknown) =>
        thrown instanceof Error &&
        (token === undefined ? /is undefined/ : /is empty/).test(thrown.message) &&
        /environment variable .*REDCAP_TOKEN.* is not set/.test(thrown.message) &&
        /`token: null`/.test(thrown.message),
    );
  }
});

test('token: null makes a client without a token, for a proxy that adds it', () => {
  const client = createClient({ url: 'https://study.example.edu/redcap-proxy/', token: null });
  assert.equal(String(client), 'REDCap client for https://study.example.edu/redcap-proxy/ without a token');
});

test('a token that is not a string is refused with the null alternative named', () => {
  assert.throws(
    () => createClient({ url, token: 42 as never }),
    (thrown: unknown) => thrown instanceof RedcapValidationError && /or `null` for a proxy/.test(thrown.message),
  );
});

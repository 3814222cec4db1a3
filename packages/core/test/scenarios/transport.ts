import {
  RedcapApiError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapResponseError,
  RedcapTimeoutError,
  RedcapValidationError,
  isRedcapError,
} from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, rejects } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { canaryToken, clientFor, redcapError, serve } from '../support/setup.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const transportScenarios = group('transport', {
  async 'POSTs urlencoded with REDCap names, name[i] arrays and returnFormat=json'(env) {
    const { requests } = serve(env, () => new Response('[]', { headers: { 'content-type': 'application/json' } }));
    await clientFor(env).records.export({
      records: ['1', 2],
      fields: ['record_id', 'age'],
      rawOrLabel: 'label',
      exportCheckboxLabel: true,
    });
    const request = requests[0]!;
    equal(request.method, 'POST');
    match(request.headers.get('content-type') ?? '', /^application\/x-www-form-urlencoded/);
    const form = await request.formData();
    deepEqual(Object.fromEntries(form), {
      token: canaryToken,
      content: 'record',
      action: 'export',
      returnFormat: 'json',
      format: 'json',
      'records[0]': '1',
      'records[1]': '2',
      'fields[0]': 'record_id',
      'fields[1]': 'age',
      rawOrLabel: 'label',
      exportCheckboxLabel: 'true',
    });
  },

  async 'camelCase parameters go out under REDCap names'(env) {
    const { requests } = serve(env, () => new Response('1', { headers: { 'content-type': 'application/json' } }));
    await clientFor(env).records.delete({ records: ['7'], repeatInstance: 2, instrument: 'visits', deleteLogging: false });
    const form = await requests[0]!.formData();
    equal(form.get('repeat_instance'), '2');
    equal(form.get('delete_logging'), '0');
    equal(form.get('action'), 'delete');
  },

  async "a REDCap error keeps its status and REDCap's own message"(env) {
    serve(env, () => redcapError(400, 'The following values in the parameter "fields" are not valid: \'nope\''));
    await rejects(clientFor(env).records.export({ fields: ['nope'] }), RedcapApiError, (error) => {
      equal(error.status, 400);
      equal(error.redcapMessage, 'The following values in the parameter "fields" are not valid: \'nope\'');
      equal(error.content, 'record');
      equal(error.action, 'export');
      match(error.message, /^REDCap API error 400 \(record\/export\): /);
    });
  },

  async 'import validation lines become details'(env) {
    const text = '"1","age","abc","The value of age must be an integer."\n"2","dob","2024-13-01","Invalid date format."';
    serve(env, () => redcapError(400, text));
    await rejects(clientFor(env).records.import([{ record_id: '1', age: 'abc' }]), RedcapApiError, (error) => {
      deepEqual(error.details, [
        { record: '1', field: 'age', value: 'abc', message: 'The value of age must be an integer.' },
        { record: '2', field: 'dob', value: '2024-13-01', message: 'Invalid date format.' },
      ]);
    });
  },

  async "a 200 with REDCap's error text is an error, not data"(env) {
    serve(env, () => new Response('Current Record does not exists.', { headers: { 'content-type': 'application/json' } }));
    await rejects(clientFor(env).records.generateNextName(), RedcapApiError, (error) => equal(error.status, 200));
  },

  async 'ERROR: text and XML error envelopes are recognised'(env) {
    serve(env, (_request, attempt) =>
      attempt === 1
        ? new Response('ERROR: You do not have permissions to use the API', { status: 403 })
        : new Response('<?xml version="1.0" encoding="UTF-8" ?><hash><error>Invalid field</error></hash>', { status: 400 }),
    );
    const redcap = clientFor(env);
    await rejects(redcap.version(), RedcapApiError, (error) => equal(error.redcapMessage, 'You do not have permissions to use the API'));
    await rejects(redcap.version(), RedcapApiError, (error) => equal(error.redcapMessage, 'Invalid field'));
  },

  async 'a web server 404 page is an HTTP error that points at the URL'(env) {
    serve(
      env,
      () =>
        new Response('<html><title>404 Not Found</title><body>The requested URL was not found on this server.</body></html>', {
          status: 404,
          headers: { 'content-type': 'text/html' },
        }),
    );
    await rejects(clientFor(env).version(), RedcapHttpError, (error) => {
      equal(error.status, 404);
      match(error.message, /`url`/);
      match(error.bodySnippet, /404 Not Found/);
    });
  },

  async 'reads retry on 502 with backoff and then succeed'(env) {
    const { requests } = serve(env, (_request, attempt) =>
      attempt < 3
        ? new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } })
        : new Response('15.7.6', { headers: { 'content-type': 'text/csv' } }),
    );
    equal(await clientFor(env).version(), '15.7.6');
    equal(requests.length, 3);
  },

  async 'reads give up after the retry limit with the last error'(env) {
    const { requests } = serve(env, () => new Response('busy', { status: 503 }));
    await rejects(clientFor(env, { retry: { limit: 2, delay: 1 } }).version(), RedcapHttpError, (error) => equal(error.status, 503));
    equal(requests.length, 3);
  },

  async 'retry per call overrides the client, and false turns it off'(env) {
    const { requests } = serve(env, () => new Response('busy', { status: 503 }));
    const redcap = clientFor(env, { retry: { limit: 5, delay: 1 } });
    await rejects(redcap.version(undefined, { retry: false }), RedcapHttpError);
    equal(requests.length, 1);
    await rejects(redcap.metadata.export({}, { retry: { limit: 1, delay: 1 } }), RedcapHttpError);
    equal(requests.length, 3);
  },

  async 'Retry-After is honoured'(env) {
    const started = Date.now();
    serve(env, (_request, attempt) =>
      attempt === 1 ? new Response('slow down', { status: 429, headers: { 'retry-after': '1' } }) : new Response('15.7.6'),
    );
    equal(await clientFor(env).version(), '15.7.6');
    ok(Date.now() - started >= 900, 'waited about a second');
  },

  async 'a banned IP is not retried'(env) {
    const { requests } = serve(
      env,
      () => new Response('Your IP address (10.0.0.1) has been banned due to suspected abuse.', { status: 429 }),
    );
    await rejects(clientFor(env).version(), RedcapApiError, (error) => {
      equal(error.status, 429);
      match(error.redcapMessage, /banned/);
    });
    equal(requests.length, 1);
  },

  async 'writes are not retried unless the call asks'(env) {
    const { requests } = serve(env, () => new Response('busy', { status: 503 }));
    const redcap = clientFor(env);
    await rejects(redcap.records.import([{ record_id: '1' }]), RedcapHttpError);
    equal(requests.length, 1);
    await rejects(redcap.records.import([{ record_id: '1' }], { retry: { limit: 1, delay: 1 } }), RedcapHttpError);
    equal(requests.length, 3);
  },

  async 'auto-numbered imports and uploads are never retried'(env) {
    const { requests } = serve(env, () => new Response('busy', { status: 503 }));
    const redcap = clientFor(env);
    await rejects(redcap.records.import([{ record_id: '1' }], { forceAutoNumber: true, retry: 3 }), RedcapHttpError);
    equal(requests.length, 1);
    await rejects(redcap.files.import({ record: '1', field: 'f', file: new File(['x'], 'x.txt') }, { retry: 3 }), RedcapHttpError);
    equal(requests.length, 2);
  },

  async "a 200 HTML page with REDCap's error after it is retried, then reported with REDCap's message"(env) {
    const page =
      '<br />\n<b>Fatal error</b>: Allowed memory size exhausted in <b>/var/www/redcap/Records.php</b><br />\n{"error":"REDCap ran out of server memory. The request cannot be processed. Please try importing\\/exporting a smaller amount of data."}';
    const { requests } = serve(env, () => new Response(page, { headers: { 'content-type': 'text/html' } }));
    await rejects(clientFor(env).records.export(), RedcapApiError, (error) => {
      equal(error.status, 200);
      equal(
        error.redcapMessage,
        'REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data.',
      );
    });
    equal(requests.length, 3);
  },

  async 'truncated JSON is not returned as data'(env) {
    serve(env, () => new Response('[{"record_id":"1","age":"4', { headers: { 'content-type': 'application/json' } }));
    await rejects(clientFor(env, { retry: false }).records.export(), RedcapResponseError, (error) => {
      equal(error.status, 200);
      match(error.message, /not valid JSON/);
    });
  },

  async 'a network failure is a RedcapNetworkError after retries'(env) {
    const { requests } = serve(env, () => Response.error());
    await rejects(clientFor(env).version(), RedcapNetworkError);
    equal(requests.length, 3);
  },

  async 'a slow answer is a RedcapTimeoutError with the limit'(env) {
    serve(env, async () => {
      await delay(400);
      return new Response('15.7.6');
    });
    await rejects(clientFor(env, { timeout: 50, retry: false }).version(), RedcapTimeoutError, (error) => equal(error.timeout, 50));
  },

  async 'totalTimeout bounds retries and waits'(env) {
    serve(env, () => new Response('busy', { status: 503, headers: { 'retry-after': '5' } }));
    const started = Date.now();
    await rejects(clientFor(env, { retry: 5 }).version(undefined, { totalTimeout: 200 }), RedcapTimeoutError, (error) =>
      equal(error.timeout, 200),
    );
    ok(Date.now() - started < 3000, 'did not wait for Retry-After');
  },

  async "an abort rejects with the caller's reason"(env) {
    serve(env, async () => {
      await delay(300);
      return new Response('15.7.6');
    });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => controller.abort(reason), 20);
    let caught: unknown;
    try {
      await clientFor(env).version(undefined, { signal: controller.signal });
    } catch (error) {
      caught = error;
    }
    equal(caught, reason);
  },

  async 'a redirect within the origin is followed with the POST re-sent; elsewhere it is not followed'(env) {
    const { requests } = serve(env, (request) => {
      const url = new URL(request.url);
      if (url.searchParams.get('moved') === null) return new Response(null, { status: 302, headers: { location: '/api/?moved=here' } });
      return new Response('15.7.6');
    });
    const redcap = clientFor(env);
    if (env.runtime === 'browser') {
      // Browsers hide a redirect's target from scripts: the client says so instead of guessing.
      await rejects(redcap.version(), RedcapHttpError, (error) => match(error.message, /does not reveal where/));
      return;
    }
    equal(await redcap.version(), '15.7.6');
    equal(requests.length, 2);
    equal(requests[1]!.method, 'POST');
    equal((await requests[1]!.formData()).get('content'), 'version');

    const elsewhere = serve(env, () => new Response(null, { status: 301, headers: { location: 'https://other.example.org/api/' } }));
    await rejects(clientFor(env).version(), RedcapHttpError, (error) => {
      equal(error.status, 301);
      match(error.message, /moved to https:\/\/other\.example\.org\/api\/\. The request was not re-sent there/);
    });
    equal(elsewhere.requests.length, 1);
  },

  async 'unknown call options and parameters are refused before sending'(env) {
    const { requests } = serve(env, () => new Response('[]'));
    const redcap = clientFor(env);
    await rejects(redcap.records.export({ rawOrLable: 'label' } as never), RedcapValidationError, (error) => {
      equal(error.path, 'rawOrLable');
      match(error.message, /did you mean `rawOrLabel`/);
    });
    await rejects(redcap.records.export({}, { timout: 5 } as never), RedcapValidationError, (error) => equal(error.path, 'options.timout'));
    await rejects(redcap.records.delete({ records: [] }), RedcapValidationError, (error) => equal(error.path, 'records'));
    await rejects(redcap.records.import([]), RedcapValidationError, (error) => equal(error.path, 'data'));
    await rejects(redcap.records.export({ fields: 'age' } as never), RedcapValidationError);
    equal(requests.length, 0);
  },

  async 'input objects are not changed'(env) {
    serve(env, () => new Response('{"count": 1}', { headers: { 'content-type': 'application/json' } }));
    const rows = [{ record_id: 1, age: 40 }];
    const options = { overwriteBehavior: 'overwrite' as const, timeout: 1000 };
    const snapshot = JSON.stringify([rows, options]);
    equal(await clientFor(env).records.import(rows, options), 1);
    equal(JSON.stringify([rows, options]), snapshot);
  },

  async 'every error is a RedcapError with the operation'(env) {
    serve(env, () => new Response('nope', { status: 500 }));
    await rejects(clientFor(env, { retry: false }).metadata.export(), RedcapHttpError, (error) => {
      ok(isRedcapError(error));
      equal(error.content, 'metadata');
      equal(error.action, 'export');
    });
  },
});

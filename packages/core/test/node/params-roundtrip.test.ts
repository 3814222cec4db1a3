/**
 * Property: any parameters the schemas accept are encoded by the client and
 * decoded by the simulator's parser (PHP's `$_POST` rules, `decodeRequest`) to the
 * same values: unicode, commas, brackets, `&`, `=`, newlines, very long strings,
 * arrays of them, booleans, numbers, dates. The client's `fetch` decodes each
 * request and answers nothing useful: only what was sent matters here.
 * fast-check prints the seed and the smallest failing input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as v from 'valibot';
import { createRedcap, type Redcap } from '@redcap-sdk/core';
import { methodDescriptors, type MethodDescriptor } from '../support/methods.ts';
import { decodeRequest } from '@redcap-sdk/mock';
import { callMethod, validData, type AnySchema } from '../support/synthesize.ts';

// Not the secrecy canary: a failing case prints the decoded request, token included.
const token = '0123456789ABCDEF0123456789ABCDEF';
type Decoded = Record<string, string | string[]>;

/** A client whose every request is decoded as the simulator reads it, then refused. */
function capturing(): { redcap: Redcap; sent: Decoded[] } {
  const sent: Decoded[] = [];
  const redcap = createRedcap({
    url: 'https://redcap.example.test/api/',
    token,
    retry: false,
    rateLimit: false,
    fetch: async (input, init) => {
      sent.push(await decodeRequest(new Request(input, init)));
      return new Response('not looked at', { status: 418 });
    },
  });
  return { redcap, sent };
}

/** Sends one call and returns what the simulator decoded of it. */
async function sendAndDecode(redcap: Redcap, sent: Decoded[], call: (redcap: Redcap) => Promise<unknown>): Promise<Decoded> {
  const before = sent.length;
  await call(redcap).catch(() => undefined);
  assert.equal(sent.length, before + 1, 'one request');
  return sent[before]!;
}

/** Strings that break naive encoders: separators of the urlencoded and PHP syntaxes, line breaks, unicode, length. */
const awkward = fc.constantFrom(
  ',',
  '[',
  ']',
  '[]',
  '[0]',
  'a[b]',
  '&',
  '=',
  '&token=x',
  '%',
  '%20',
  '%zz',
  '+',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '"',
  "'",
  '\\',
  '\u0000',
  'é',
  'ß',
  '中文',
  '😀',
  '👩‍👩‍👧',
  '\u200b',
  '\ufeff',
  'records[0]',
  '; drop',
  '<b>x</b>',
);
const fragment = fc.oneof(
  { weight: 3, arbitrary: awkward },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 20_000 }) },
);
/** Any well-formed string (a lone surrogate cannot be sent as UTF-8: see the report). */
const anyText = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(''));
const nonEmptyText = anyText.filter((text) => text !== '');
const recordName = fc.oneof(nonEmptyText, fc.integer({ min: -1e9, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const list = <T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(item, { minLength: 1, maxLength: 6 });
const positive = fc.integer({ min: 1, max: 2_147_483_647 });

const runs = { numRuns: 300 };
const pad = (n: number): string => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:MM:SS` in local time, as REDCap reads dates: written here, not taken from the client. */
const dateText = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
const base = (content: string, action: string): Decoded => ({ token, content, action, returnFormat: 'json' });
const strings = (items: readonly (string | number)[]): string[] => items.map(String);

test('records.export: records, fields, forms, events, filterLogic, flags and dates arrive as given', async () => {
  const { redcap, sent } = capturing();
  const params = fc.record(
    {
      records: list(recordName),
      fields: list(nonEmptyText),
      forms: list(nonEmptyText),
      events: list(nonEmptyText),
      filterLogic: anyText,
      rawOrLabel: fc.constantFrom('raw', 'label'),
      exportCheckboxLabel: fc.boolean(),
      exportSurveyFields: fc.boolean(),
      csvDelimiter: fc.constantFrom(',', 'tab', ';', '|', '^'),
      dateRangeBegin: fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(params, async (given) => {
      const decoded = await sendAndDecode(redcap, sent, (r) => r.records.export(given));
      const expected: Decoded = { ...base('record', 'export'), format: 'json' };
      for (const [key, value] of Object.entries(given)) {
        expected[key] = Array.isArray(value) ? strings(value) : value instanceof Date ? dateText(value) : String(value);
      }
      assert.deepEqual(decoded, expected);
    }),
    runs,
  );
});

test('records.import: rows of any field names and values, and the import options, arrive as given', async () => {
  const { redcap, sent } = capturing();
  const value = fc.oneof(anyText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));
  // A blank record id is refused before sending (REDCap would refuse it too).
  const row = fc.tuple(
    nonEmptyText.filter((id) => id.trim() !== ''),
    fc.dictionary(
      nonEmptyText.filter((key) => !key.startsWith('redcap_') && key !== 'record_id'),
      value,
      { maxKeys: 5 },
    ),
  );
  const rows = fc
    .uniqueArray(row, { minLength: 1, maxLength: 5, selector: ([id]) => id })
    .map((items) => items.map(([id, fields]) => ({ record_id: id, ...fields })));
  const options = fc.record(
    {
      overwriteBehavior: fc.constantFrom('normal', 'overwrite'),
      forceAutoNumber: fc.boolean(),
      dateFormat: fc.constantFrom('YMD', 'MDY', 'DMY'),
      returnContent: fc.constantFrom('count', 'ids', 'auto_ids', 'nothing'),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(rows, options, async (data, given) => {
      const decoded = await sendAndDecode(redcap, sent, (r) => r.records.import(data, given as never));
      const { data: text, ...rest } = decoded;
      const expected: Decoded = { ...base('record', 'import'), format: 'json' };
      for (const [key, option] of Object.entries(given)) expected[key] = String(option);
      assert.deepEqual(rest, expected);
      assert.equal(typeof text, 'string');
      // Numbers stay numbers, -0 included as JSON writes it: compare with what JSON makes of the rows.
      assert.deepEqual(JSON.parse(text as string), JSON.parse(JSON.stringify(data)));
    }),
    runs,
  );
});

test('records.delete and the file methods: REDCap names, numbers and booleans as REDCap reads them', async () => {
  const { redcap, sent } = capturing();
  const deletion = fc.record(
    {
      records: list(recordName),
      arm: positive,
      instrument: nonEmptyText,
      event: nonEmptyText,
      repeatInstance: positive,
      deleteLogging: fc.boolean(),
    },
    { requiredKeys: ['records'] },
  );
  await fc.assert(
    fc.asyncProperty(deletion, async (given) => {
      const decoded = await sendAndDecode(redcap, sent, (r) => r.records.delete(given));
      const expected: Decoded = { ...base('record', 'delete'), format: 'json', records: strings(given.records) };
      if (given.arm !== undefined) expected.arm = String(given.arm);
      if (given.instrument !== undefined) expected.instrument = given.instrument;
      if (given.event !== undefined) expected.event = given.event;
      if (given.repeatInstance !== undefined) expected.repeat_instance = String(given.repeatInstance);
      if (given.deleteLogging !== undefined) expected.delete_logging = given.deleteLogging ? '1' : '0';
      assert.deepEqual(decoded, expected);
    }),
    runs,
  );

  const place = fc.record(
    { record: recordName, field: nonEmptyText, event: nonEmptyText, repeatInstance: positive },
    { requiredKeys: ['record', 'field'] },
  );
  const expectedPlace = (
    action: string,
    given: { record: string | number; field: string; event?: string; repeatInstance?: number },
  ): Decoded => {
    const expected: Decoded = { ...base('file', action), record: String(given.record), field: given.field };
    if (given.event !== undefined) expected.event = given.event;
    if (given.repeatInstance !== undefined) expected.repeat_instance = String(given.repeatInstance);
    return expected;
  };
  await fc.assert(
    fc.asyncProperty(place, async (given) => {
      assert.deepEqual(await sendAndDecode(redcap, sent, (r) => r.files.export(given)), expectedPlace('export', given));
      assert.deepEqual(await sendAndDecode(redcap, sent, (r) => r.files.delete(given)), expectedPlace('delete', given));
    }),
    runs,
  );

  // An upload is multipart: the same values travel as form parts (the file part is not a parameter).
  // Line breaks are left out here: multipart/form-data turns a lone \n or \r into \r\n (see the report).
  const noBreaks = nonEmptyText.filter((text) => !/[\r\n]/.test(text));
  const upload = fc.record(
    { record: fc.oneof(noBreaks, positive), field: noBreaks, event: noBreaks, repeatInstance: positive },
    { requiredKeys: ['record', 'field'] },
  );
  await fc.assert(
    fc.asyncProperty(upload, async (given) => {
      const decoded = await sendAndDecode(redcap, sent, (r) => r.files.import({ ...given, file: new File(['x'], 'x.txt') }));
      assert.deepEqual(decoded, expectedPlace('import', given));
    }),
    { numRuns: 100 },
  );
});

/** Values a schema accepts, built from its structure (then checked by the schema itself). */
function arbitraryOf(schema: AnySchema): fc.Arbitrary<unknown> {
  const pipe = (schema.pipe ?? []) as (AnySchema & { requirement?: unknown })[];
  switch (schema.type) {
    case 'optional':
      return arbitraryOf(schema.wrapped!);
    case 'string': {
      const regex = pipe.find((item) => item.type === 'regex')?.requirement;
      return regex instanceof RegExp ? fc.stringMatching(regex) : anyText;
    }
    case 'number': {
      const min = pipe.find((item) => item.type === 'min_value')?.requirement;
      return typeof min === 'number'
        ? fc.integer({ min, max: 2_147_483_647 })
        : fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'picklist':
      return fc.constantFrom(...(schema.options as unknown[]));
    case 'array':
      return list(arbitraryOf(schema.item!));
    case 'union':
      return fc.oneof(...(schema.options as AnySchema[]).map(arbitraryOf));
    case 'date':
      return fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true });
    case 'instance':
      return fc.constant(new File(['x'], 'x.txt'));
    default:
      throw new Error(`no arbitrary for a ${schema.type} schema`);
  }
}

/** Parameters of a method that go on the wire: every entry but the client's own knobs (batching, casting, checks) and callbacks. */
function paramsOf(method: MethodDescriptor): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(((method.params as AnySchema).entries ?? {}) as Record<string, AnySchema>).filter(
    ([key, schema]) =>
      !['batchSize', 'concurrency', 'onProgress', 'recordIdField', 'cast', 'labels', 'validate', 'continueOnError'].includes(key) &&
      schema.type !== 'function',
  );
  const shape = Object.fromEntries(entries.map(([key, schema]) => [key, arbitraryOf(schema)]));
  const required = entries.filter(([, schema]) => schema.type !== 'optional').map(([key]) => key);
  return fc.record(shape, { requiredKeys: required }).filter((params) => v.safeParse(method.params, params).success);
}

/** What the wire should hold: the method's own REDCap parameters, as text. */
function wireText(params: Record<string, unknown>): Decoded {
  const out: Decoded = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? strings(value) : String(value);
  }
  return out;
}

test('every method: whatever its schema accepts reaches the simulator as the method put it on the wire', async () => {
  const { redcap, sent } = capturing();
  const methods = methodDescriptors.filter((method) => method.name !== 'createProject');
  const call = fc.constantFrom(...methods).chain((method) => paramsOf(method).map((params) => ({ method, params })));
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(call, async ({ method, params }) => {
      const decoded = await sendAndDecode(redcap, sent, (r) => callMethod(r, method, params));
      const parsed = v.parse(method.params, params) as Record<string, unknown>;
      const data = method.data ? v.parse(method.data, validData(method)) : undefined;
      const wire = method.toWire(parsed, data);
      // Multipart normalises line breaks in form parts; uploads are covered above without them.
      const expected: Decoded = { ...base(method.content, method.action), ...wireText(wire.params as Record<string, unknown>) };
      if (wire.file) {
        for (const [key, value] of Object.entries(expected)) {
          expected[key] = Array.isArray(value) ? value.map(crlf) : crlf(value);
        }
      }
      assert.deepEqual(decoded, expected, method.name);
      checked++;
    }),
    { numRuns: 600 },
  );
  assert.ok(checked >= 600);
});

/** What multipart/form-data makes of line breaks in a text part. */
function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

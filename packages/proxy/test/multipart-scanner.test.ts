/**
 * The proxy's multipart scanner against the runtime's own parser (`Response.formData()`):
 * the same bodies, cut into chunks of many sizes, so delimiters, header ends and CRLFs
 * fall across chunk edges everywhere.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadMultipart, boundaryOf, MultipartScanner } from '../src/multipart-scanner.ts';
import { maxFieldBytes, readMultipartHead } from '../src/read-multipart.ts';
import { chunked, multipartBody, type TestPart } from './multipart.ts';

type Parsed = Array<[string, string | { filename: string; type: string; bytes: number[] }]>;

/** A small seeded generator, so a failure names the seed that shows it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

async function viaFormData(bytes: Uint8Array<ArrayBuffer>, boundary: string): Promise<Parsed> {
  const form = await new Response(bytes, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }).formData();
  const out: Parsed = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') out.push([name, value]);
    else out.push([name, { filename: value.name, type: value.type, bytes: [...new Uint8Array(await value.arrayBuffer())] }]);
  }
  return out;
}

function viaScanner(bytes: Uint8Array, boundary: string, sizes: readonly number[]): Parsed {
  const scanner = new MultipartScanner(boundary);
  const out: Parsed = [];
  let current: { name: string; filename?: string; type: string; bytes: number[] } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    if (current.filename === undefined) out.push([current.name, new TextDecoder().decode(new Uint8Array(current.bytes))]);
    else out.push([current.name, { filename: current.filename, type: current.type, bytes: current.bytes }]);
    current = undefined;
  };
  let offset = 0;
  let turn = 0;
  while (offset < bytes.length) {
    const size = sizes[turn++ % sizes.length] ?? 1;
    for (const event of scanner.push(bytes.subarray(offset, offset + size))) {
      if (event.kind === 'headers') {
        flush();
        const { name, filename, contentType } = event.headers;
        current = filename === undefined ? { name, type: '', bytes: [] } : { name, filename, type: contentType ?? '', bytes: [] };
      } else if (event.kind === 'body') current?.bytes.push(...event.bytes);
      else flush();
    }
    offset += size;
  }
  scanner.finish();
  return out;
}

/** Parts whose bodies are full of near-delimiters: CRLF, `--`, and prefixes of the boundary. */
function trickyParts(next: () => number, boundary: string): TestPart[] {
  const pieces = ['\r', '\n', '\r\n', '\r\n-', '\r\n--', `\r\n--${boundary.slice(0, 3)}`, `\r\n--${boundary.slice(0, -1)}`, '-', 'é', 'x'];
  const text = (): string =>
    Array.from({ length: Math.floor(next() * 40) }, () => pieces[Math.floor(next() * pieces.length)] ?? '').join('');
  const parts: TestPart[] = [];
  const count = 1 + Math.floor(next() * 5);
  for (let index = 0; index < count; index++) parts.push({ name: `field_${index}`, value: text() });
  parts.push({ name: 'file', filename: 'scan é.pdf', type: 'application/pdf', bytes: new TextEncoder().encode(text()) });
  if (next() < 0.3) parts.push({ name: 'after', value: text() });
  return parts;
}

describe('multipart scanner', () => {
  test('parses like FormData, with boundaries split across chunk edges (200 bodies x 8 chunkings)', async () => {
    const chunkings = [[1], [2], [3], [7], [13, 1, 64], [76], [77, 78], [4096]];
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const boundary = `----formdata-${seed}-${Math.floor(next() * 1e9)}`;
      const bytes = multipartBody(boundary, trickyParts(next, boundary));
      const expected = await viaFormData(bytes, boundary);
      for (const sizes of chunkings) {
        assert.deepEqual(viaScanner(bytes, boundary, sizes), expected, `seed ${seed}, chunks of ${sizes.join(',')}`);
      }
    }
  });

  test('a body the runtime encoded (FormData) parses back the same', async () => {
    const form = new FormData();
    form.append('content', 'file');
    form.append('records[0]', '1');
    form.append('file', new File([new Uint8Array(70_000).map((_, index) => index % 251)], 'a "quoted" scan.bin'));
    const encoded = new Response(form);
    const boundary = boundaryOf(encoded.headers.get('content-type') ?? '');
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    // The runtime's parser decodes the %22 the encoder wrote for each quote; the scanner keeps the
    // name as sent, so REDCap (PHP, which does not decode it) sees what it would see without the proxy.
    const expected = (await viaFormData(bytes, boundary)).map(([name, value]) =>
      typeof value === 'string'
        ? ([name, value] as const)
        : ([name, { ...value, filename: value.filename.replaceAll('"', '%22') }] as const),
    );
    for (const sizes of [[1000], [65_536], [3, 5000]]) {
      assert.deepEqual(viaScanner(bytes, boundary, sizes), expected, `chunks of ${sizes.join(',')}`);
    }
  });

  test('malformed bodies are refused with the problem named', () => {
    const boundary = 'b0undary';
    const scan = (text: string): void => {
      const scanner = new MultipartScanner(boundary, 100);
      scanner.push(new TextEncoder().encode(text));
      scanner.finish();
    };
    assert.throws(
      () => scan(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n`),
      /ended before its closing boundary/,
    );
    assert.throws(() => scan(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\n1\r\n--${boundary}--`), /has no name/);
    assert.throws(() => scan(`--${boundary}\r\nX-Pad: ${'x'.repeat(200)}\r\n\r\n1\r\n--${boundary}--`), /headers .* over 100 bytes/);
    assert.throws(() => scan(`--${boundary}\r\nX-Pad: ${'x'.repeat(200)}`), /headers .* over 100 bytes/);
    assert.throws(
      () => scan(`--${boundary}\r\nContent-Disposition: form-data; name="a"; name="token"\r\n\r\n1\r\n--${boundary}--`),
      /names its name twice/,
    );
    assert.throws(() => scan(`--${boundary}\r\nContent-Disposition: form-data; name="a\\"\r\n\r\n1\r\n--${boundary}--`), /backslash/);
    assert.throws(() => scan(`--${boundary}\r\nContent-Disposition: attachment; name="a"\r\n\r\n1\r\n--${boundary}--`), /not form-data/);
    assert.throws(() => scan(`--${boundary}junk\r\n`), /boundary line .* malformed/);
    assert.throws(() => boundaryOf('multipart/form-data'), BadMultipart);
    assert.throws(() => boundaryOf(`multipart/form-data; boundary=${'b'.repeat(71)}`), /1 to 70 characters/);
    assert.equal(boundaryOf('multipart/form-data; boundary="quoted boundary"'), 'quoted boundary');
  });

  test('the forwarded body is the checked fields, then the file as it came, whatever the chunking', async () => {
    const boundary = 'x-boundary-1';
    const file = new Uint8Array(5000).map((_, index) => (index * 13) % 256);
    const bytes = multipartBody(boundary, [
      { name: 'token', value: 'PAGE' },
      { name: 'content', value: 'fileRepository' },
      { name: 'file', filename: 'a.bin', bytes: file },
      { name: 'token', value: 'PAGE2' },
    ]);
    for (const sizes of [[1], [9], [100, 3], [65_536]]) {
      const head = await readMultipartHead(chunked(bytes, sizes), `multipart/form-data; boundary=${boundary}`);
      assert.deepEqual(head.fields, [
        ['token', 'PAGE'],
        ['content', 'fileRepository'],
      ]);
      const forwarded = head.forward([
        ['token', 'SERVER'],
        ['content', 'fileRepository'],
        ['action', 'import'],
      ]);
      const parsed = await new Response(forwarded, { headers: { 'content-type': head.contentType } }).formData();
      assert.deepEqual([...parsed.keys()], ['token', 'content', 'action', 'file'], `chunks of ${sizes.join(',')}`);
      assert.equal(parsed.get('token'), 'SERVER');
      assert.deepEqual(new Uint8Array(await (parsed.get('file') as File).arrayBuffer()), file);
      assert.equal(head.failure(), undefined);
    }
  });

  test('a boundary with spaces and colons is quoted in the forwarded Content-Type', async () => {
    const boundary = 'a b:c?d';
    const bytes = multipartBody(boundary, [
      { name: 'content', value: 'file' },
      { name: 'file', filename: 'a.bin', bytes: new Uint8Array([1, 2, 3]) },
    ]);
    const head = await readMultipartHead(chunked(bytes, [5]), `multipart/form-data; boundary="${boundary}"`);
    assert.equal(head.contentType, `multipart/form-data; boundary="${boundary}"`);
    const parsed = await new Response(head.forward([['content', 'file']]), { headers: { 'content-type': head.contentType } }).formData();
    assert.deepEqual(new Uint8Array(await (parsed.get('file') as File).arrayBuffer()), new Uint8Array([1, 2, 3]));
  });

  test('a field part over the bound is refused before anything is forwarded', async () => {
    const boundary = 'x-boundary-2';
    const bytes = multipartBody(boundary, [{ name: 'data', value: 'x'.repeat(maxFieldBytes + 1) }]);
    await assert.rejects(
      readMultipartHead(chunked(bytes, [512]), `multipart/form-data; boundary=${boundary}`),
      /field data is over 8192 bytes/,
    );
    const many = multipartBody(
      boundary,
      Array.from({ length: 20 }, (_, index) => ({ name: `f${index}`, value: 'x'.repeat(4000) })),
    );
    await assert.rejects(readMultipartHead(chunked(many, [512]), `multipart/form-data; boundary=${boundary}`), /over 65536 bytes in all/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClient, importFile } from '@redcap-sdk/core';
import { configFromEnv, fileFromPath, saveFile } from '../src/index.ts';

const token = '0123456789ABCDEF0123456789ABCDEF';
const url = 'https://redcap.example.test/api/';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redcap-sdk-node-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileFromPath', () => {
  test('gives a File with the size, name, type and content of the file', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'héllo, REDCap\n');
    const file = await fileFromPath(path);
    assert.ok(file instanceof File);
    assert.ok(file instanceof Blob);
    assert.equal(file.name, 'notes.txt');
    assert.equal(file.type, 'text/plain');
    assert.equal(file.size, Buffer.byteLength('héllo, REDCap\n'));
    assert.equal(await file.text(), 'héllo, REDCap\n');
  });

  test('guesses common MIME types, case-insensitively', async () => {
    const expected: Record<string, string> = {
      'a.pdf': 'application/pdf',
      'b.PNG': 'image/png',
      'c.jpg': 'image/jpeg',
      'd.jpeg': 'image/jpeg',
      'e.gif': 'image/gif',
      'f.csv': 'text/csv',
      'g.json': 'application/json',
      'h.xml': 'application/xml',
      'i.doc': 'application/msword',
      'j.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'k.xls': 'application/vnd.ms-excel',
      'l.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'm.zip': 'application/zip',
      'n.unknownext': '',
      noext: '',
    };
    for (const [name, type] of Object.entries(expected)) {
      const path = join(dir, name);
      await writeFile(path, 'x');
      assert.equal((await fileFromPath(path)).type, type, name);
    }
  });

  test('takes the name and type from the options', async () => {
    const path = join(dir, 'scan.bin');
    await writeFile(path, new Uint8Array([1, 2, 3]));
    const file = await fileFromPath(path, { name: 'consent.pdf', type: 'application/pdf' });
    assert.equal(file.name, 'consent.pdf');
    assert.equal(file.type, 'application/pdf');
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), new Uint8Array([1, 2, 3]));
  });

  test('rejects a missing path or a directory with the path in the message', async () => {
    const missing = join(dir, 'nope.pdf');
    await assert.rejects(fileFromPath(missing), (error: Error) => {
      assert.ok(error.message.includes(missing) && /does not exist/.test(error.message), error.message);
      return true;
    });
    const folder = join(dir, 'folder');
    await mkdir(folder);
    await assert.rejects(fileFromPath(folder), (error: Error) => {
      assert.ok(error.message.includes(folder) && /is a directory/.test(error.message), error.message);
      return true;
    });
  });

  test('does not read a large file into memory', async () => {
    const path = join(dir, 'large.bin');
    const size = 200 * 1024 * 1024;
    await writeFile(path, '');
    await truncate(path, size); // sparse: takes no disk space
    globalThis.gc?.();
    const before = process.memoryUsage();
    const file = await fileFromPath(path);
    const afterwards = process.memoryUsage();
    assert.equal(file.size, size);
    const limit = 20 * 1024 * 1024;
    assert.ok(
      afterwards.arrayBuffers - before.arrayBuffers < limit,
      `arrayBuffers grew by ${afterwards.arrayBuffers - before.arrayBuffers}`,
    );
    assert.ok(afterwards.rss - before.rss < limit, `rss grew by ${afterwards.rss - before.rss}`);
    // Reading a slice reads only that slice.
    assert.equal((await file.slice(size - 4).arrayBuffer()).byteLength, 4);
  });
});

describe('saveFile', () => {
  test('writes the bytes of a Blob to disk, replacing an existing file only when asked', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
    const path = join(dir, 'saved.bin');
    await writeFile(path, 'old content');
    await assert.rejects(saveFile(new File([bytes], 'saved.bin'), path), {
      code: 'EEXIST',
      message: `saveFile: ${path} already exists. Pass { overwrite: true } to replace it.`,
    });
    assert.equal(await readFile(path, 'utf8'), 'old content', 'the existing file is untouched');
    assert.equal(await saveFile(new File([bytes], 'saved.bin'), path, { overwrite: true }), path);
    assert.deepEqual(new Uint8Array(await readFile(path)), bytes);
  });

  test('saves into a folder under the safe name, whatever name REDCap stored', async () => {
    const downloads = join(dir, 'downloads');
    await mkdir(downloads);
    const hostile: [stored: string, saved: string][] = [
      ['../escaped.pdf', 'escaped.pdf'],
      ['/etc/x', 'x'],
      ['..\\win.txt', 'win.txt'],
      ['CON', '_CON'],
      ['two\nlines.pdf', 'twolines.pdf'],
      [`${'l'.repeat(300)}.pdf`, `${'l'.repeat(251)}.pdf`],
    ];
    for (const [stored, saved] of hostile) {
      // As exportFile gives it: the safe name, and the stored one as storedName.
      const file = Object.defineProperty(new File([stored], 'ignored-when-stored.bin'), 'storedName', { value: stored });
      assert.equal(await saveFile(file, downloads), join(downloads, saved), JSON.stringify(stored));
      assert.equal(await readFile(join(downloads, saved), 'utf8'), stored);
    }
    // A File from elsewhere is named safely too; a trailing slash means a folder.
    assert.equal(await saveFile(new File(['y'], '../../y.txt'), `${downloads}/`), join(downloads, 'y.txt'));
    const outside = await readdir(dir);
    for (const name of ['escaped.pdf', 'x', 'y.txt', 'win.txt'])
      assert.ok(!outside.includes(name), `${name} was written outside the folder`);
    await assert.rejects(saveFile(new File(['again'], 'x'), downloads), { code: 'EEXIST' });
    assert.equal(await saveFile(new File(['again'], 'x'), downloads, { overwrite: true }), join(downloads, 'x'));
    assert.equal(await readFile(join(downloads, 'x'), 'utf8'), 'again');
  });

  test('a folder path that does not exist is named in the error', async () => {
    const missing = `${join(dir, 'no-such-folder')}/`;
    await assert.rejects(saveFile(new Blob(['x']), missing), { code: 'ENOENT', message: /the folder .*no-such-folder\/ does not exist/ });
  });

  test('a failed write leaves no partial file', async () => {
    const path = join(dir, 'partial.bin');
    const failing = new Blob(['x']);
    Object.defineProperty(failing, 'stream', {
      value: () =>
        new ReadableStream({
          pull(controller) {
            controller.enqueue(new Uint8Array(1024));
            controller.error(new Error('connection lost'));
          },
        }),
    });
    await assert.rejects(saveFile(failing, path), /connection lost/);
    assert.ok(!(await readdir(dir)).includes('partial.bin'));
  });

  test('round-trips a fileFromPath File', async () => {
    const source = join(dir, 'source.csv');
    await writeFile(source, 'record_id,name\n1,Ada\n');
    const copy = join(dir, 'copy.csv');
    await saveFile(await fileFromPath(source), copy);
    assert.equal(await readFile(copy, 'utf8'), 'record_id,name\n1,Ada\n');
  });

  test('rejects when the folder does not exist', async () => {
    await assert.rejects(saveFile(new Blob(['x']), join(dir, 'missing-folder', 'x.txt')), { code: 'ENOENT' });
  });
});

describe('configFromEnv', () => {
  test('reads REDCAP_URL and REDCAP_TOKEN', () => {
    assert.deepEqual(configFromEnv({ REDCAP_URL: url, REDCAP_TOKEN: token }), { url, token });
  });

  test('names a missing variable and how to set it', () => {
    assert.throws(
      () => configFromEnv({ REDCAP_TOKEN: token }),
      (error: Error) => {
        assert.match(error.message, /REDCAP_URL is not set/);
        assert.match(error.message, /export REDCAP_URL=/);
        assert.ok(!error.message.includes(token), 'the token appears in the message');
        return true;
      },
    );
    assert.throws(() => configFromEnv({ REDCAP_URL: url, REDCAP_TOKEN: '  ' }), /REDCAP_TOKEN is not set.*export REDCAP_TOKEN=/s);
    assert.throws(() => configFromEnv({}), /REDCAP_URL is not set/);
  });

  test('defaults to process.env', () => {
    const saved = { url: process.env.REDCAP_URL, token: process.env.REDCAP_TOKEN };
    try {
      process.env.REDCAP_URL = url;
      process.env.REDCAP_TOKEN = token;
      assert.deepEqual(configFromEnv(), { url, token });
    } finally {
      if (saved.url === undefined) delete process.env.REDCAP_URL;
      else process.env.REDCAP_URL = saved.url;
      if (saved.token === undefined) delete process.env.REDCAP_TOKEN;
      else process.env.REDCAP_TOKEN = saved.token;
    }
  });
});

describe('uploading through core', () => {
  test('importFile sends a fileFromPath File as the multipart part `file`', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0xff]);
    const path = join(dir, 'consent.pdf');
    await writeFile(path, bytes);
    const seen: { fields: Record<string, string>; name: string; type: string; bytes: Uint8Array }[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = input instanceof Request ? input : new Request(input, init);
      assert.equal(request.method, 'POST');
      assert.equal(request.url, url);
      const form = await request.formData();
      const part = form.get('file');
      assert.ok(part instanceof File, 'the part `file` is a file');
      const fields: Record<string, string> = {};
      form.forEach((value, key) => {
        if (typeof value === 'string') fields[key] = value;
      });
      seen.push({ fields, name: part.name, type: part.type, bytes: new Uint8Array(await part.arrayBuffer()) });
      return new Response('', { status: 200 });
    };
    const client = createClient({ url, token, fetch });
    await importFile(client, { record: '1', field: 'consent_file', file: await fileFromPath(path) });
    assert.equal(seen.length, 1);
    const [upload] = seen;
    assert.ok(upload);
    assert.equal(upload.name, 'consent.pdf');
    assert.equal(upload.type, 'application/pdf');
    assert.deepEqual(upload.bytes, bytes);
    assert.equal(upload.fields.content, 'file');
    assert.equal(upload.fields.action, 'import');
    assert.equal(upload.fields.record, '1');
    assert.equal(upload.fields.field, 'consent_file');
  });
});

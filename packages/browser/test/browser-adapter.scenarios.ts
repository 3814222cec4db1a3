/**
 * Scenarios of @redcap-sdk/browser, run in Chromium by the Playwright harness.
 * Each one builds the DOM it needs and removes it, and restores what it spies on.
 */
import { createClient, importFile } from '@redcap-sdk/core';
import { deepEqual, equal, match, ok, throws } from '../../core/test/support/assert.ts';
import { group, type Scenario, type ScenarioEnv } from '../../core/test/support/scenario.ts';
import { downloadFile, fileFromInput } from '../src/index.ts';

const token = '0123456789ABCDEF0123456789ABCDEF';

/** An `<input type="file">` in the document with these files selected. */
function fileInput(files: readonly File[], multiple = files.length > 1): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = multiple;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  document.body.append(input);
  return input;
}

async function bytesOf(blob: Blob): Promise<number[]> {
  return Array.from(new Uint8Array(await blob.arrayBuffer()));
}

function nextTasks(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Download {
  readonly events: string[];
  readonly clicks: { href: string; download: string; connected: boolean }[];
  readonly created: string[];
  readonly revoked: string[];
}

/** Runs `body` with anchor clicks and object URLs spied on (clicks do not navigate), then restores them. */
async function withDownloadSpy(body: (seen: Download) => Promise<void>): Promise<void> {
  const seen: Download = { events: [], clicks: [], created: [], revoked: [] };
  const click = Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, 'click');
  const create = Object.getOwnPropertyDescriptor(URL, 'createObjectURL');
  const revoke = Object.getOwnPropertyDescriptor(URL, 'revokeObjectURL');
  const originalCreate = URL.createObjectURL.bind(URL);
  const originalRevoke = URL.revokeObjectURL.bind(URL);
  Object.defineProperty(HTMLAnchorElement.prototype, 'click', {
    configurable: true,
    writable: true,
    value(this: HTMLAnchorElement): void {
      seen.events.push('click');
      seen.clicks.push({ href: this.href, download: this.download, connected: this.isConnected });
    },
  });
  Object.defineProperty(URL, 'createObjectURL', {
    configurable: true,
    writable: true,
    value: (object: Blob | MediaSource): string => {
      const url = originalCreate(object);
      seen.events.push('create');
      seen.created.push(url);
      return url;
    },
  });
  Object.defineProperty(URL, 'revokeObjectURL', {
    configurable: true,
    writable: true,
    value: (url: string): void => {
      seen.events.push('revoke');
      seen.revoked.push(url);
      originalRevoke(url);
    },
  });
  try {
    await body(seen);
  } finally {
    // Let a pending revocation run against the spy before it goes.
    await nextTasks();
    if (click) Object.defineProperty(HTMLAnchorElement.prototype, 'click', click);
    else delete (HTMLAnchorElement.prototype as { click?: unknown }).click;
    if (create) Object.defineProperty(URL, 'createObjectURL', create);
    if (revoke) Object.defineProperty(URL, 'revokeObjectURL', revoke);
  }
}

export const browserAdapterScenarios: Scenario[] = group('browser adapter', {
  async 'fileFromInput returns the selected file'(): Promise<void> {
    const consent = new File(['%PDF-1.4 consent'], 'consent.pdf', { type: 'application/pdf' });
    const input = fileInput([consent]);
    try {
      const file = fileFromInput(input);
      ok(file instanceof File, 'a File');
      equal(file.name, 'consent.pdf');
      equal(file.type, 'application/pdf');
      equal(await file.text(), '%PDF-1.4 consent');
    } finally {
      input.remove();
    }
  },

  async 'fileFromInput picks one of several files by index'(): Promise<void> {
    const input = fileInput([new File(['a'], 'a.txt'), new File(['bb'], 'b.txt')]);
    try {
      equal(fileFromInput(input, 0).name, 'a.txt');
      equal(fileFromInput(input, 1).name, 'b.txt');
      match(throws(() => fileFromInput(input, 2), Error).message, /2 selected files; there is none at index 2/);
      match(throws(() => fileFromInput(input, -1), Error).message, /non-negative integer/);
    } finally {
      input.remove();
    }
  },

  async 'fileFromInput says when no file is selected'(): Promise<void> {
    const input = document.createElement('input');
    input.type = 'file';
    match(throws(() => fileFromInput(input), Error).message, /no file is selected/);
    const emptied = fileInput([]);
    try {
      match(throws(() => fileFromInput(emptied), Error).message, /no file is selected/);
    } finally {
      emptied.remove();
    }
  },

  async 'fileFromInput rejects what is not a file input'(): Promise<void> {
    const text = document.createElement('input');
    text.type = 'text';
    match(throws(() => fileFromInput(text), Error).message, /expected an <input type="file"> element, got <input type="text">/);
    const div = document.createElement('div') as unknown as HTMLInputElement;
    match(throws(() => fileFromInput(div), Error).message, /expected an <input type="file"> element, got <div>/);
    match(throws(() => fileFromInput(null as unknown as HTMLInputElement), Error).message, /got null/);
  },

  async 'downloadFile clicks a download link named after the File and revokes its URL'(): Promise<void> {
    await withDownloadSpy(async (seen) => {
      const links = document.querySelectorAll('a').length;
      downloadFile(new File(['record_id\n1\n'], 'records.csv', { type: 'text/csv' }));
      equal(seen.created.length, 1, 'object URLs created');
      const [url] = seen.created;
      ok(url?.startsWith('blob:'), `a blob: URL, got ${String(url)}`);
      deepEqual(seen.clicks, [{ href: url, download: 'records.csv', connected: true }]);
      equal(document.querySelectorAll('a').length, links, 'the link is removed after the click');
      await nextTasks();
      deepEqual(seen.revoked, [url], 'the URL is revoked');
      deepEqual(seen.events, ['create', 'click', 'revoke']);
    });
  },

  async 'downloadFile uses the given name, or `download` for a Blob'(): Promise<void> {
    await withDownloadSpy(async (seen) => {
      downloadFile(new File(['x'], 'server-name.txt'), 'my-name.txt');
      downloadFile(new Blob(['y'], { type: 'text/plain' }));
      downloadFile(new Blob(['z']), 'named-blob.bin');
      deepEqual(
        seen.clicks.map((click) => click.download),
        ['my-name.txt', 'download', 'named-blob.bin'],
      );
      await nextTasks();
      deepEqual([...seen.revoked].sort(), [...seen.created].sort(), 'every URL is revoked');
      equal(seen.revoked.length, 3);
    });
  },

  async 'downloadFile saves under a safe name whatever name REDCap stored'(): Promise<void> {
    await withDownloadSpy(async (seen) => {
      const stored = ['../x', '/etc/x', '..\\x', 'CON', 'two\nlines.pdf', `${'n'.repeat(300)}.pdf`];
      for (const name of stored) downloadFile(new File(['x'], name));
      // A downloaded File (from exportFile) carries the stored name as storedName.
      downloadFile(Object.defineProperty(new File(['x'], 'escaped.pdf'), 'storedName', { value: '../../escaped.pdf' }));
      downloadFile(new Blob(['x']), '../given.txt');
      const names = seen.clicks.map((click) => click.download);
      deepEqual(names.slice(0, 5), ['x', 'x', 'x', '_CON', 'twolines.pdf']);
      equal(names[5], `${'n'.repeat(251)}.pdf`);
      deepEqual(names.slice(6), ['escaped.pdf', 'given.txt']);
    });
  },

  async 'a fileFromInput File goes through importFile as the multipart part `file`'(env: ScenarioEnv): Promise<void> {
    const bytes = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0xff];
    const input = fileInput([new File([new Uint8Array(bytes)], 'consent.pdf', { type: 'application/pdf' })]);
    const uploads: { url: string; fields: Record<string, string>; name: string; type: string; bytes: number[] }[] = [];
    const fetch = async (resource: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = resource instanceof Request ? resource : new Request(resource, init);
      const form = await request.formData();
      const part = form.get('file');
      ok(part instanceof File, 'the part `file` is a file');
      const fields: Record<string, string> = {};
      form.forEach((value, key) => {
        if (typeof value === 'string') fields[key] = value;
      });
      uploads.push({ url: request.url, fields, name: part.name, type: part.type, bytes: await bytesOf(part) });
      return new Response('', { status: 200 });
    };
    try {
      const client = createClient({ url: env.url, token, fetch, dangerouslyAllowBrowser: true });
      await importFile(client, { record: '1', field: 'consent_file', file: fileFromInput(input) });
    } finally {
      input.remove();
    }
    equal(uploads.length, 1, 'requests sent');
    const [upload] = uploads;
    ok(upload);
    equal(upload.url, env.url);
    equal(upload.name, 'consent.pdf');
    equal(upload.type, 'application/pdf');
    deepEqual(upload.bytes, bytes);
    equal(upload.fields.content, 'file');
    equal(upload.fields.action, 'import');
    equal(upload.fields.record, '1');
    equal(upload.fields.field, 'consent_file');
  },
});

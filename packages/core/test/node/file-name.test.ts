/** Safe names for downloaded files: REDCap stores whatever name the uploader sent. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeFileName } from '@redcap-sdk/core';
import { storedFile } from '../../src/internal/file-name.ts';

/** Hostile stored names and what a user saves them as. */
const cases: [stored: string, safe: string][] = [
  ['consent.pdf', 'consent.pdf'],
  ['../x', 'x'],
  ['../../escaped.pdf', 'escaped.pdf'],
  ['/etc/x', 'x'],
  ['..\\x', 'x'],
  ['C:\\Users\\ada\\scan.png', 'scan.png'],
  ['..', 'download'],
  ['', 'download'],
  ['/', 'download'],
  ['.bashrc', 'bashrc'],
  ['...hidden.txt', 'hidden.txt'],
  ['CON', '_CON'],
  ['con.txt', '_con.txt'],
  ['LPT1', '_LPT1'],
  ['nul.tar.gz', '_nul.tar.gz'],
  ['CONSENT.pdf', 'CONSENT.pdf'],
  ['line\nbreak.pdf', 'linebreak.pdf'],
  ['tab\there\r.txt', 'tabhere.txt'],
  ['null\u0000byte.pdf', 'nullbyte.pdf'],
  ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
  ['what?.txt', 'what_.txt'],
  ['a<b>c:"d"|e*.txt', 'a_b_c__d__e_.txt'],
  ['trailing dots...', 'trailing dots'],
  ['trailing space ', 'trailing space'],
  ['résumé.pdf', 'résumé.pdf'],
];

test('hostile stored names become base names without separators, control characters, leading dots or reserved names', () => {
  for (const [stored, safe] of cases) assert.equal(safeFileName(stored), safe, JSON.stringify(stored));
});

test('very long names are cut to 255 UTF-8 bytes, keeping the extension and whole characters', () => {
  const long = safeFileName(`${'a'.repeat(400)}.pdf`);
  assert.equal(long.length, 255);
  assert.ok(long.endsWith('aaa.pdf'));
  const wide = safeFileName(`${'é'.repeat(300)}.txt`);
  assert.ok(new TextEncoder().encode(wide).length <= 255);
  assert.ok(wide.endsWith('é.txt'), 'no character is split');
  const noExtension = safeFileName('b'.repeat(1000));
  assert.equal(noExtension, 'b'.repeat(255));
});

test('the result never leaves a directory it is joined to', () => {
  for (const [stored] of cases) {
    const safe = safeFileName(stored);
    assert.ok(!/[/\\]/.test(safe) && safe !== '.' && safe !== '..' && !safe.startsWith('.'), JSON.stringify(stored));
  }
});

test('a downloaded File is named safely and keeps the stored name as storedName', async () => {
  const file = storedFile(['%PDF'], '../escaped.pdf', { type: 'application/pdf' });
  assert.ok(file instanceof File);
  assert.equal(file.name, 'escaped.pdf');
  assert.equal(file.storedName, '../escaped.pdf');
  assert.equal(file.type, 'application/pdf');
  assert.equal(await file.text(), '%PDF');
  assert.deepEqual(Object.keys(file), ['storedName']);
});

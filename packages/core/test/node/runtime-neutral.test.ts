/** The built core must run anywhere: no Node built-ins, no `process`, no `Buffer`, no DOM at load. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '../../dist');

async function builtFiles(): Promise<string[]> {
  const entries = await readdir(dist, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.js')).map((entry) => join(dist, entry));
}

test('built core imports only ky and valibot, and uses no Node globals', async () => {
  const files = await builtFiles();
  assert.ok(files.length > 0, 'core is built');
  for (const file of files) {
    const code = await readFile(file, 'utf8');
    const imports = [...code.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)].map(
      (m) => m[1] ?? m[2],
    );
    for (const specifier of imports) {
      assert.ok(specifier === 'ky' || specifier === 'valibot' || specifier!.startsWith('.'), `${file} imports ${specifier}`);
    }
    const executable = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    assert.doesNotMatch(executable, /\bprocess\.|\bBuffer\b|\brequire\(/, `${file} uses a Node global`);
  }
});

test('importing core touches no DOM global and leaves globals unchanged', async () => {
  const before = new Set(Object.getOwnPropertyNames(globalThis));
  await import('@redcap-sdk/core');
  const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
  assert.deepEqual(added, []);
});

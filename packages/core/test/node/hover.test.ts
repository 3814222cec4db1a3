/**
 * Docs on hover: what an editor shows for `redcap.records.export` (TypeScript's quick info over the
 * built package's types) is the documentation of the standalone `exportRecords`, for every method.
 */
import { deepStrictEqual, ok } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { methodTable } from '@redcap-sdk/core/methods';
import ts from 'typescript';

const dir = import.meta.dirname;
const file = join(dir, '__hover__.ts');
const calls = [
  ...methodTable.map((m) => ({ path: m.namespace === '' ? m.verb : `${m.namespace}.${m.verb}`, name: m.name })),
  { path: 'records.exportBatches', name: 'exportRecordsBatches' },
];
const source = [
  "import * as sdk from '@redcap-sdk/core';",
  'declare const redcap: sdk.Redcap;',
  ...calls.flatMap(({ path, name }) => [`redcap.${path};`, `sdk.${name};`]),
  '',
].join('\n');

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  noEmit: true,
};
const host: ts.LanguageServiceHost = {
  getCompilationSettings: () => options,
  getScriptFileNames: () => [file],
  getScriptVersion: () => '1',
  getScriptSnapshot: (name) => {
    const text = name === file ? source : ts.sys.readFile(name);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => dir,
  getDefaultLibFileName: ts.getDefaultLibFilePath,
  fileExists: (name) => name === file || ts.sys.fileExists(name),
  readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host);

/** The documentation and tags the editor shows for the last identifier of `expression` on its line. */
function hover(expression: string): { documentation: string; tags: string } {
  const at = source.indexOf(`${expression};`) + expression.length - 1;
  const info = service.getQuickInfoAtPosition(file, at);
  return {
    documentation: ts.displayPartsToString(info?.documentation),
    tags: (info?.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`).join('\n'),
  };
}

test('the namespace members show the TSDoc of their standalone functions, example included', () => {
  ok(calls.length > 55, `${calls.length} members`);
  for (const { path, name } of calls) {
    const member = hover(`redcap.${path}`);
    const standalone = hover(`sdk.${name}`);
    ok(standalone.documentation.length > 20, `${name} has documentation: ${JSON.stringify(standalone.documentation)}`);
    ok(standalone.tags.includes('@example'), `${name} has an example`);
    deepStrictEqual(member, standalone, `redcap.${path} shows the docs of ${name}`);
  }
});

test('hover on redcap.records.export shows what exportRecords does and how to call it', () => {
  const { documentation, tags } = hover('redcap.records.export');
  ok(documentation.includes('Exports records'), documentation);
  ok(tags.includes('redcap.records.export(') || tags.includes('exportRecords(client'), tags);
});

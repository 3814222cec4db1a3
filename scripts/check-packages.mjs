// Checks every package as it would be published: packs it with pnpm, then runs publint
// and arethetypeswrong on the tarball, checks its jsr.json (and `deno publish --dry-run`,
// which works offline), checks that every bare import of its dist is a declared
// dependency, and finally installs all tarballs with npm into a scratch project that
// imports every entry point (under Node 24 and, when installed, Node 22) and type-checks
// a consumer with `skipLibCheck: false`. Run after `pnpm build`.
//
//   node scripts/check-packages.mjs [--keep]     (--keep leaves the scratch folder)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const packages = ['core', 'node', 'browser', 'mock', 'cli', 'proxy', 'external-module'];
const scratch = mkdtempSync(join(tmpdir(), 'redcap-sdk-packages-'));
const results = [];

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function check(name, fn) {
  const started = Date.now();
  try {
    const note = fn();
    results.push(true);
    console.log(`ok   ${name}${note ? ` (${note})` : ''} [${Date.now() - started} ms]`);
  } catch (error) {
    results.push(false);
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n').trim();
    console.log(`FAIL ${name}\n     ${(output || error.message).replaceAll('\n', '\n     ')}`);
  }
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The specifiers of the top-level import/export statements of a bundle (comments excluded). */
function bareImports(code) {
  const found = new Set();
  for (const match of code.matchAll(/^(?:import|export)\b[^;]*?(?:from\s*)?['"]([^'"]+)['"]/gm)) {
    const specifier = match[1];
    if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
    found.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
  }
  return found;
}

const tarballs = {};
for (const name of packages) {
  const dir = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const label = manifest.name;

  check(`${label}: pnpm pack`, () => {
    run('pnpm', ['pack', '--pack-destination', scratch], { cwd: dir });
    const file = readdirSync(scratch).find((f) => f.startsWith(manifest.name.replace('@', '').replace('/', '-')) && f.endsWith('.tgz'));
    if (!file) throw new Error('no tarball written');
    tarballs[name] = join(scratch, file);
    const listing = run('tar', ['tzf', tarballs[name]]).trim().split('\n');
    const stray = listing.filter((path) => /\/(test|e2e)\/|\.test\.|\.tsbuildinfo$/.test(path));
    if (stray.length) throw new Error(`tests or build state in the tarball: ${stray.join(', ')}`);
    return `${listing.length} files, ${Math.round(statSync(tarballs[name]).size / 1024)} kB`;
  });
  if (!tarballs[name]) continue;

  check(`${label}: publint --strict`, () => {
    const output = run(bin('publint'), ['run', tarballs[name], '--strict']);
    if (!/All good!/.test(output)) throw new Error(output);
  });

  check(`${label}: attw --profile esm-only`, () => {
    run(bin('attw'), [tarballs[name], '--profile', 'esm-only', '--format', 'table-flipped']);
  });

  check(`${label}: every bare import of dist is a declared dependency`, () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const missing = [];
    for (const file of filesUnder(join(dir, 'dist')).filter((f) => f.endsWith('.js'))) {
      // The single-file builds of core inline their dependencies on purpose.
      if (/dist\/(browser|redcap\.global)\.js$/.test(file)) {
        const left = bareImports(readFileSync(file, 'utf8'));
        if (left.size) missing.push(`${relative(dir, file)} should be self-contained but imports ${[...left].join(', ')}`);
        continue;
      }
      for (const specifier of bareImports(readFileSync(file, 'utf8'))) {
        if (!declared.has(specifier)) missing.push(`${relative(dir, file)} imports ${specifier}`);
      }
    }
    if (missing.length) throw new Error(missing.join('\n'));
  });

  check(`${label}: jsr.json matches package.json`, () => {
    const jsr = JSON.parse(readFileSync(join(dir, 'jsr.json'), 'utf8'));
    const problems = [];
    if (jsr.name !== manifest.name) problems.push(`name ${jsr.name} != ${manifest.name}`);
    if (jsr.version !== manifest.version) problems.push(`version ${jsr.version} != ${manifest.version}`);
    const exports = typeof jsr.exports === 'string' ? { '.': jsr.exports } : jsr.exports;
    const npmEntries = Object.keys(manifest.exports).filter((key) => !key.endsWith('.js') && key !== './package.json');
    for (const key of npmEntries) if (!exports[key]) problems.push(`jsr.json lacks export ${key}`);
    for (const [key, path] of Object.entries(exports)) {
      if (!existsSync(join(dir, path))) problems.push(`export ${key}: ${path} does not exist`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
  });

  check(`${label}: deno publish --dry-run`, () => {
    run(bin('deno'), ['publish', '--dry-run', '--allow-dirty', '--quiet'], { cwd: dir });
  });
}

// A consumer project: the tarballs from npm's point of view, not the workspace's.
const consumer = join(scratch, 'consumer');
check('scratch project: npm install of the tarballs', () => {
  execFileSync('mkdir', ['-p', consumer]);
  const dependencies = Object.fromEntries(
    packages.filter((name) => tarballs[name]).map((name) => [`@redcap-sdk/${name}`, `file:${tarballs[name]}`]),
  );
  dependencies.msw = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.msw;
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], { cwd: consumer });
});

writeFileSync(
  join(consumer, 'smoke.mjs'),
  `
import assert from 'node:assert/strict';
import * as core from '@redcap-sdk/core';
import * as standalone from '@redcap-sdk/core/browser.js';
import { methodTable } from '@redcap-sdk/core/methods';
import * as node from '@redcap-sdk/node';
import * as browser from '@redcap-sdk/browser';
import { createMockRedcap } from '@redcap-sdk/mock';
import { mswHandlers } from '@redcap-sdk/mock/msw';
import { startMockServer } from '@redcap-sdk/mock/server';
import { createRequire } from 'node:module';
import { createRedcapProxy, readOnlyMethods } from '@redcap-sdk/proxy';
import { toNodeListener } from '@redcap-sdk/proxy/node';
import { moduleAjaxFetch } from '@redcap-sdk/external-module';

assert.equal(typeof core.createRedcap, 'function');
assert.equal(methodTable.length, 55, 'the method table lists every method');
for (const { name } of methodTable) assert.equal(typeof core[name], 'function', name);
assert.deepEqual(Object.keys(standalone).sort(), Object.keys(core).sort(), 'browser.js exports what the main entry does');
assert.equal(typeof node.fileFromPath, 'function');
assert.equal(typeof browser.fileFromInput, 'function');
assert.equal(mswHandlers(createMockRedcap()).length, 1);
const server = await startMockServer(createMockRedcap(), { port: 0 });
const mock = createMockRedcap();
for (const { createRedcap } of [core, standalone]) {
  const redcap = createRedcap({ url: server.url, token: mock.token, fetch: mock.fetch, retry: false });
  assert.match(await redcap.version(), /^\\d+\\.\\d+\\.\\d+$/);
}
// An export as a user runs it: the client over HTTP to the simulator, and the same through the proxy.
const served = createMockRedcap();
const direct = await startMockServer(served, { port: 0 });
const rows = await core.createRedcap({ url: direct.url, token: served.token, retry: false }).records.export({ fields: ['record_id'] });
assert.ok(rows.length > 0, 'records.export over HTTP');
const { createServer } = await import('node:http');
const proxyServer = createServer(toNodeListener(createRedcapProxy({ url: direct.url, token: served.token, authorize: () => true })));
await new Promise((resolve) => proxyServer.listen(0, '127.0.0.1', resolve));
const origin = 'http://127.0.0.1:' + proxyServer.address().port;
const viaProxy = core.createRedcap({ url: origin + '/', token: null, headers: { origin, 'X-REDCap-Proxy': '1' }, retry: false });
assert.equal((await viaProxy.records.export({ fields: ['record_id'] })).length, rows.length, 'records.export through the proxy');
assert.ok(readOnlyMethods.includes('exportRecords'));
assert.equal(typeof moduleAjaxFetch({ ajax: async () => null }), 'function');
proxyServer.close();
proxyServer.closeAllConnections();
await direct.close();
await server.close();
const require = createRequire(import.meta.url);
const globalBuild = require('fs').readFileSync(require.resolve('@redcap-sdk/core/redcap.global.js'), 'utf8');
const sandbox = {};
new Function('self', 'globalThis', globalBuild.replace(/^var RedcapSDK=/, 'globalThis.RedcapSDK='))(sandbox, sandbox);
assert.equal(typeof sandbox.RedcapSDK.createRedcap, 'function', 'redcap.global.js defines RedcapSDK');
const kitBuild = require('fs').readFileSync(require.resolve('@redcap-sdk/external-module/redcap-module-ajax.global.js'), 'utf8');
const kitSandbox = {};
new Function('self', 'globalThis', kitBuild.replace(/^var RedcapModuleAjax=/, 'globalThis.RedcapModuleAjax='))(kitSandbox, kitSandbox);
assert.equal(typeof kitSandbox.RedcapModuleAjax.moduleAjaxFetch, 'function', 'redcap-module-ajax.global.js defines RedcapModuleAjax');
const kitDir = require('path').dirname(require.resolve('@redcap-sdk/external-module/package.json'));
assert.ok(require('fs').existsSync(require('path').join(kitDir, 'php', 'RedcapApiAjax.php')), 'the PHP side ships');
console.log('imports ok on Node ' + process.versions.node);
`,
);

writeFileSync(
  join(consumer, 'consumer.ts'),
  `
import { createRedcap, exportRecords, createClient, RedcapApiError, type RecordRow } from '@redcap-sdk/core';
import { createRedcap as createFromBrowserBuild } from '@redcap-sdk/core/browser.js';
import { methodTable, type MethodName } from '@redcap-sdk/core/methods';
import { fileFromPath, saveFile } from '@redcap-sdk/node';
import { downloadFile, fileFromInput } from '@redcap-sdk/browser';
import { createMockRedcap, type MockRedcap } from '@redcap-sdk/mock';
import { mswHandlers } from '@redcap-sdk/mock/msw';
import { startMockServer } from '@redcap-sdk/mock/server';
import { createRedcapProxy, type RedcapProxy } from '@redcap-sdk/proxy';
import { toNodeListener } from '@redcap-sdk/proxy/node';
import { moduleAjaxClientOptions } from '@redcap-sdk/external-module';

const mock: MockRedcap = createMockRedcap();
const redcap = createRedcap({ url: 'https://redcap.example.test/api/', token: mock.token, fetch: mock.fetch });
const rows: RecordRow[] = await redcap.records.export({ fields: ['record_id'] });
const csv: string = await exportRecords(createClient({ url: 'https://redcap.example.test/api/', token: null }), { format: 'csv' });
const names: MethodName[] = methodTable.map((method) => method.name);
const proxy: RedcapProxy = createRedcapProxy({ url: 'https://redcap.example.test/api/', token: mock.token, authorize: () => true });
const kit = createRedcap(moduleAjaxClientOptions({ ajax: async () => null }));
export const used = [proxy, toNodeListener, kit, rows, csv, names, RedcapApiError, createFromBrowserBuild, fileFromPath, saveFile, downloadFile, fileFromInput, mswHandlers, startMockServer];
`,
);
writeFileSync(
  join(consumer, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
      },
      files: ['consumer.ts'],
    },
    null,
    2,
  ),
);

const node22 = join(root, '.tools', 'node22', 'bin', 'node');
for (const node of [process.execPath, ...(existsSync(node22) ? [node22] : [])]) {
  check(`scratch project: import every entry point (${run(node, ['--version']).trim()})`, () =>
    run(node, ['smoke.mjs'], { cwd: consumer }).trim(),
  );
}
check('scratch project: a consumer type-checks (NodeNext, skipLibCheck: false)', () => {
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumer });
});

if (process.argv.includes('--keep')) console.log(`scratch folder kept: ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;

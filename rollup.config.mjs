import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readdir, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

// Dependencies, sibling packages and Node built-ins stay imports; each package ships only its own code.
const external = (id) =>
  /^(ky|valibot|msw|commander|cli-progress|csv-parse|@clack\/|cli-table3|picocolors|fast-xml-parser|@redcap-sdk\/|node:)/.test(id);

/** One package: an ESM file and per-file .d.ts for each entry. */
function library(name, entries) {
  return {
    input: Object.fromEntries(entries.map((entry) => [entry, `packages/${name}/src/${entry}.ts`])),
    // Core keeps one file per module: bundlers (rolldown, esbuild) then drop the methods a program
    // does not import, which they do not reliably do inside one flat file of top-level calls.
    output: {
      dir: `packages/${name}/dist`,
      format: 'es',
      sourcemap: true,
      ...(name === 'core' ? { preserveModules: true, preserveModulesRoot: 'packages/core/src' } : {}),
    },
    external,
    plugins: [
      typescript({ tsconfig: `packages/${name}/tsconfig.json`, noEmitOnError: true }),
      // core's dist also holds the single-file builds, written by their own entries below.
      pruneStale(
        `packages/${name}/dist`,
        { core: /^(browser|redcap\.global)\./, 'external-module': /^redcap-module-ajax\.global\./ }[name],
      ),
    ],
  };
}

/**
 * Deletes the files an earlier build left in `dir` that this build did not write (renamed
 * chunks, removed modules), so a packed tarball holds only current files. Files are never
 * removed before they are replaced, so a test reading `dist` meanwhile is not disturbed.
 */
function pruneStale(dir, keep) {
  return {
    name: 'prune-stale',
    async writeBundle(_options, bundle) {
      for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = relative(dir, join(entry.parentPath, entry.name));
        if (!(file in bundle) && !keep?.test(file)) await unlink(join(dir, file));
      }
    },
  };
}

/**
 * Core as one minified file with ky and valibot inlined, for pages without a bundler
 * (REDCap External Modules, a CDN `<script>`). Built from core's own `dist/index.js`,
 * which the first entry has just written, so the code is the one the package ships.
 */
function standalone(output, extraPlugins = []) {
  return {
    input: 'packages/core/dist/index.js',
    output: { sourcemap: true, ...output },
    plugins: [
      ...extraPlugins,
      nodeResolve({ browser: true }),
      terser({ module: output.format === 'es', compress: { passes: 2 }, format: { comments: false } }),
    ],
  };
}

/** Types for the `<script>` build: it defines the global `RedcapSDK` and exports nothing. */
const globalTypes = {
  name: 'redcap-global-types',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'redcap.global.d.ts',
      source: [
        '// Types of redcap.global.js, the <script> build of @redcap-sdk/core: it defines the global `RedcapSDK`.',
        "import type * as RedcapSDKModule from './index.js';",
        'declare global {',
        '  /** `@redcap-sdk/core`, loaded with `<script src=".../redcap.global.js">`. */',
        '  var RedcapSDK: typeof RedcapSDKModule;',
        '}',
        'export {};',
        '',
      ].join('\n'),
    });
  },
};

/** Types for the kit's `<script>` build: it defines the global `RedcapModuleAjax`. */
const moduleAjaxGlobalTypes = {
  name: 'redcap-module-ajax-global-types',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'redcap-module-ajax.global.d.ts',
      source: [
        '// Types of redcap-module-ajax.global.js, the <script> build of @redcap-sdk/external-module.',
        "import type * as RedcapModuleAjaxModule from './index.js';",
        'declare global {',
        '  /** `@redcap-sdk/external-module`, loaded with `<script src=".../redcap-module-ajax.global.js">`. */',
        '  var RedcapModuleAjax: typeof RedcapModuleAjaxModule;',
        '}',
        'export {};',
        '',
      ].join('\n'),
    });
  },
};

export default [
  library('core', ['index', 'method-table']),
  library('mock', ['index', 'msw', 'server', 'cli']),
  library('node', ['index']),
  library('browser', ['index']),
  library('cli', ['index', 'cli']),
  library('proxy', ['index', 'node']),
  library('external-module', ['index']),
  standalone({ file: 'packages/core/dist/browser.js', format: 'es' }),
  standalone({ file: 'packages/core/dist/redcap.global.js', format: 'iife', name: 'RedcapSDK' }, [globalTypes]),
  // The External Module kit's transport for pages without a bundler: the global `RedcapModuleAjax`.
  {
    input: 'packages/external-module/dist/index.js',
    output: {
      file: 'packages/external-module/dist/redcap-module-ajax.global.js',
      format: 'iife',
      name: 'RedcapModuleAjax',
      sourcemap: true,
    },
    plugins: [terser({ compress: { passes: 2 }, format: { comments: false } }), moduleAjaxGlobalTypes],
  },
  // The Chromium test page: the built packages (through their exports), msw's worker and the scenario suite.
  {
    input: 'e2e/app.ts',
    output: { file: 'e2e/public/app.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), typescript({ tsconfig: 'e2e/tsconfig.json' })],
  },
];

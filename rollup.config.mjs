import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';

// Dependencies, sibling packages and Node built-ins stay imports; each package ships only its own code.
const external = (id) => /^(ky|valibot|msw|@redcap-sdk\/|node:)/.test(id);

/** One package: an ESM file and per-file .d.ts for each entry. */
function library(name, entries) {
  return {
    input: Object.fromEntries(entries.map((entry) => [entry, `packages/${name}/src/${entry}.ts`])),
    output: { dir: `packages/${name}/dist`, format: 'es', sourcemap: true },
    external,
    plugins: [typescript({ tsconfig: `packages/${name}/tsconfig.json`, noEmitOnError: true })],
  };
}

export default [
  library('core', ['index']),
  library('mock', ['index', 'msw', 'server', 'cli']),
  library('node', ['index']),
  library('browser', ['index']),
  // The Chromium test page: the built packages (through their exports), msw's worker and the scenario suite.
  {
    input: 'e2e/app.ts',
    output: { file: 'e2e/public/app.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), typescript({ tsconfig: 'e2e/tsconfig.json' })],
  },
];

import typescript from '@rollup/plugin-typescript';

// Each package: ESM + per-file .d.ts; dependencies and sibling packages stay external.
const isExternal = (id) => /^(ky|valibot|msw|@redcap-sdk\/|node:)/.test(id);

function library(name, inputs) {
  return {
    input: Object.fromEntries(inputs.map((entry) => [entry, `packages/${name}/src/${entry}.ts`])),
    output: { dir: `packages/${name}/dist`, format: 'es', sourcemap: true, preserveModules: false },
    external: isExternal,
    plugins: [typescript({ tsconfig: `packages/${name}/tsconfig.json`, outputToFilesystem: true })],
  };
}

export default [
  library('core', ['index']),
];

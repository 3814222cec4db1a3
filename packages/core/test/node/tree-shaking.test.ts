/**
 * What a bundler keeps of the built package: each import pulls only the modules its code
 * needs, because the methods are pure declarations (`defineMethod` has no side effects).
 */
import { ok } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';

const dist = join(import.meta.dirname, '../../dist');

/** The modules of core's dist (by path inside dist) that carry code in a bundle of `imports`. */
async function bundledModules(imports: string): Promise<string[]> {
  const entry = '\0entry';
  const bundle = await rollup({
    input: entry,
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === entry ? id : null),
        load: (id) => (id === entry ? `export { ${imports} } from ${JSON.stringify(join(dist, 'index.js'))};` : null),
      },
      nodeResolve({ browser: true }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return Object.entries(output[0].modules)
    .filter(([id, module]) => id.startsWith(dist) && module.renderedLength > 0)
    .map(([id]) => id.slice(dist.length + 1));
}

test('exportRecords alone carries neither the import flow nor its preflight checks, nor file reading, nor other methods', async () => {
  const modules = await bundledModules('createClient, exportRecords');
  ok(modules.includes('methods/records/records.js'), modules.join(', '));
  for (const absent of [
    'methods/records/batched-import.js',
    'methods/records/preflight.js',
    // Only the methods that download files bring the file reader and its safe names.
    'request/read-file.js',
    'internal/file-name.js',
    'methods/arms.js',
    'methods/users.js',
    'client/create-redcap.js',
  ]) {
    ok(!modules.includes(absent), `${absent} is not in the bundle: ${modules.join(', ')}`);
  }
});

test('exportRecords without cast carries no casting, uncasting or project loading; createRedcap carries them', async () => {
  const single = await bundledModules('createClient, exportRecords');
  for (const absent of ['project/cast.js', 'project/uncast.js', 'project/model.js', 'project/load.js', 'project/cast-error.js']) {
    ok(!single.includes(absent), `${absent} is not in the bundle: ${single.join(', ')}`);
  }
  const whole = await bundledModules('createRedcap');
  for (const present of ['project/cast.js', 'project/uncast.js', 'project/load.js'])
    ok(whole.includes(present), `${present} is in the bundle`);
});

test('createClient alone carries no method at all', async () => {
  const modules = await bundledModules('createClient');
  ok(modules.includes('client/create-client.js'), modules.join(', '));
  ok(!modules.some((module) => module.startsWith('methods/')), modules.join(', '));
});

test('createRedcap carries every method module', async () => {
  const modules = await bundledModules('createRedcap');
  for (const present of [
    'methods/arms.js',
    'methods/users.js',
    'methods/records/batched-import.js',
    'methods/records/preflight.js',
    'request/read-file.js',
  ]) {
    ok(modules.includes(present), `${present} is in the bundle`);
  }
});

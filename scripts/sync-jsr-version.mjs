// After `changeset version`: each package's jsr.json takes the version changesets wrote to
// its package.json (check:packages fails when they differ).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packages = join(import.meta.dirname, '..', 'packages');
for (const name of readdirSync(packages)) {
  const { version } = JSON.parse(readFileSync(join(packages, name, 'package.json'), 'utf8'));
  const path = join(packages, name, 'jsr.json');
  const jsr = JSON.parse(readFileSync(path, 'utf8'));
  if (jsr.version !== version) writeFileSync(path, `${JSON.stringify({ ...jsr, version }, null, 2)}\n`);
}

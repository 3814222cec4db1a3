// Lists the exports of each package's entry points whose TSDoc has no `@example`, from
// the JSON that `typedoc` writes next to the HTML (docs/api/api.json). Informational:
// it prints the list and exits 0. Run by `pnpm run docs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const api = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'api', 'api.json'), 'utf8'));
const kinds = { 8: 'enum', 32: 'variable', 64: 'function', 128: 'class', 256: 'interface', 2097152: 'type' };
const containers = new Set([1, 2]); // project, module

/** Every comment that documents a declaration: its own, its signatures', its accessors'. */
function comments(reflection) {
  return [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment), reflection.getSignature?.comment].filter(Boolean);
}
const hasExample = (reflection) => comments(reflection).some((c) => (c.blockTags ?? []).some((tag) => tag.tag === '@example'));
const hasDoc = (reflection) => comments(reflection).some((c) => (c.summary ?? []).some((part) => part.text.trim() !== ''));

let missing = 0;
let total = 0;
function visit(node, path) {
  for (const child of node.children ?? []) {
    if (containers.has(child.kind)) {
      visit(child, child.kind === 2 && node.kind === 2 ? `${path}/${child.name}` : child.name);
      continue;
    }
    total++;
    if (hasExample(child)) continue;
    missing++;
    console.log(`${path}\t${kinds[child.kind] ?? child.kind}\t${child.name}${hasDoc(child) ? '' : '\t(no doc comment at all)'}`);
  }
}
console.log('exports without an @example (package, kind, name):');
visit(api, '');
console.log(`${missing} of ${total} exports have no @example`);

// `redcap records import --resume <journal>`: killed half way, run again, and no record is sent twice.
import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedcap } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { redcap, scratch, start, writesByRecord } from './support.ts';

const dir = scratch();
const mock = createMockRedcap({ project: 'classic' });
let server: { readonly url: string; close(): Promise<void> };

before(async () => {
  server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
});
after(() => server.close());

const ids = Array.from({ length: 30 }, (_, i) => String(200 + i));

/** The journal's lines so far (a line cut short by the kill is left out). */
function journalLines(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a resumed import after SIGKILL half way sends only what did not land, and no record twice', async () => {
  const file = join(dir, 'many.csv');
  writeFileSync(file, `record_id,name,age\n${ids.map((id, i) => `${id},Person ${i},${20 + i}`).join('\n')}\n`);
  const journal = join(dir, 'many.journal');
  const env = { REDCAP_URL: server.url, REDCAP_TOKEN: mock.token };
  const args = ['records', 'import', file, '--batch-size', '3', '--resume', journal];
  // REDCap saves a batch, then its answer is slow: a kill in that window leaves a batch that landed unconfirmed.
  const slow = mock.inject({ kind: 'latency', ms: 300 }, { match: { content: 'record', action: 'import' } });

  const child = start(dir, args, env);
  const exited = once(child, 'exit');
  let lines: Record<string, unknown>[] = [];
  for (let waited = 0; waited < 20_000; waited += 20) {
    lines = journalLines(journal);
    const landed = lines.filter((line) => 'landed' in line).length;
    // Killed with some batches confirmed and one in flight (its `sending` is the last line).
    if (landed >= 3 && 'sending' in (lines.at(-1) ?? {})) break;
    await sleep(20);
  }
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  strictEqual(signal, 'SIGKILL', `the run was killed, not finished (exit ${String(code)})`);
  const landedBefore = lines.filter((line) => 'landed' in line).flatMap((line) => line.landed as string[]);
  ok(landedBefore.length >= 9 && landedBefore.length < ids.length, `killed half way: ${landedBefore.length} landed`);
  // The batch in flight is saved by the simulator before its slow answer: let it finish.
  await sleep(500);
  slow.remove();

  const second = await redcap(mock, dir, args, env);
  strictEqual(second.code, 0, second.stderr);
  // The confirmed batches, and the one in flight at the kill: the journal had it as sent, REDCap holds its values.
  const skipped = landedBefore.length + 3;
  ok(second.stderr.includes(`many.journal: ${skipped} records landed before and are not sent again`), second.stderr);
  ok(second.stderr.includes(`imported ${ids.length - skipped} records`), second.stderr);

  const writes = writesByRecord(mock);
  deepStrictEqual(
    ids.filter((id) => writes.get(id) !== 1),
    [],
    `every record was written exactly once: ${JSON.stringify(Object.fromEntries(ids.map((id) => [id, writes.get(id) ?? 0])))}`,
  );
  const stored = await createRedcap({ url: server.url, token: mock.token }).records.export({
    records: ids,
    fields: ['record_id', 'name', 'age'],
  });
  deepStrictEqual(
    stored.map((row) => [row.record_id, row.name, row.age]),
    ids.map((id, i) => [id, `Person ${i}`, String(20 + i)]),
  );
});

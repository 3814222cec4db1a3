// The progress bar on a real pseudo-terminal: `redcap records export` inside tmux, its pane read as it updates.
import { ok, strictEqual } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { generatedProject } from '../src/generated-project.ts';
import { cli, scratch } from './support.ts';

const hasTmux = ((): boolean => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
// On CI the terminal test must run: a missing tmux is a failure there, not a skip (scripts/bootstrap.sh installs it).
const skip = !hasTmux && !process.env.CI ? 'tmux is not installed' : false;

const dir = scratch();
const records = 2000;
const mock = createMockRedcap({ project: generatedProject(records) });
let server: { readonly url: string; close(): Promise<void> };
// A tmux server of this test's own (-L): other tmux sessions of the machine are never touched.
const socket = `redcap-cli-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

before(async () => {
  server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
});
after(async () => {
  try {
    tmux('kill-server');
  } catch {
    // No server was started (skipped), or it ended already.
  }
  await server.close();
});

test('records export on a terminal shows a bar that updates (records done/total, rate, ETA) and the right final line', {
  skip,
}, async () => {
  // Each batch answers slowly, so the bar is seen at several counts.
  mock.inject({ kind: 'latency', ms: 120 }, { match: { content: 'record', action: 'export' } });
  const out = join(dir, 'all.csv');
  // The token goes in the session's environment (-e), never on the command line the pane shows.
  tmux(
    'new-session',
    '-d',
    '-s',
    'export',
    '-x',
    '110',
    '-y',
    '20',
    '-e',
    `REDCAP_URL=${server.url}`,
    '-e',
    `REDCAP_TOKEN=${mock.token}`,
    '-e',
    `REDCAP_CONFIG=${join(dir, 'none.json')}`,
    'sh',
  );
  tmux(
    'send-keys',
    '-t',
    'export',
    `'${process.execPath}' '${cli}' records export --format csv --batch-size 100 --concurrency 1 -o '${out}'; echo "exit=$?"`,
    'Enter',
  );

  const counts = new Set<number>();
  let pane = '';
  for (let waited = 0; waited < 30_000 && !/exit=\d+/.test(pane); waited += 100) {
    await sleep(100);
    pane = tmux('capture-pane', '-p', '-t', 'export');
    ok(!pane.includes(mock.token), 'the token never shows on the terminal');
    const bar = /exported (\d+)\/(\d+) records \| .+ \| (\d+) rec\/s \| ETA \S+/.exec(pane);
    if (bar) {
      strictEqual(Number(bar[2]), records, `the total is the record count:\n${pane}`);
      counts.add(Number(bar[1]));
    }
  }
  ok(pane.includes('exit=0'), `the export finished with exit 0:\n${pane}`);
  const between = [...counts].filter((count) => count > 0 && count < records);
  ok(between.length >= 2, `the bar was seen updating part way (counts seen: ${[...counts].join(', ')}):\n${pane}`);
  // The bar ends full, and the final line says what was done.
  ok(pane.includes(`exported ${records}/${records} records`), pane);
  ok(new RegExp(`exported ${records} records in 20 batches to .*all\\.csv in \\d+\\.\\d s`).test(pane), pane);
  strictEqual(readFileSync(out, 'utf8').trimEnd().split('\n').length, records + 1, 'the header and every record');
});

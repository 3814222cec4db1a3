// The progress bar on a real pseudo-terminal: `redcap records export` inside tmux, the pane
// captured while it runs (the bar renders and moves) and at the end (the summary line).
import { ok, strictEqual } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { generatedProject } from '../src/generated-project.ts';

const cli = join(import.meta.dirname, '../dist/cli.js');
const hasTmux = ((): boolean => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// On CI tmux is installed by scripts/bootstrap.sh, so the test never skips there.
test('records export on a terminal shows a moving progress bar and the final line', { skip: !hasTmux && !process.env.CI }, async () => {
  const mock = createMockRedcap({ project: generatedProject(3000) });
  // Each batch answer takes a while, so that the bar is seen between batches.
  mock.inject({ kind: 'latency', ms: 120 }, { match: { content: 'record', action: 'export' } });
  const server = await startMockServer(mock, { port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(join(tmpdir(), 'redcap-pty-'));
  const out = join(dir, 'all.csv');
  const session = `redcap-pty-${process.pid}`;
  const command = [
    `REDCAP_URL=${quote(server.url)}`,
    `REDCAP_TOKEN=${quote(mock.token)}`,
    `REDCAP_CONFIG=${quote(join(dir, 'none.json'))}`,
    'NO_COLOR=1',
    quote(process.execPath),
    quote(cli),
    'records export --format csv --batch-size 100 --concurrency 1',
    `-o ${quote(out)}`,
    `; echo "exit=$?"; sleep 30`,
  ].join(' ');
  try {
    tmux('new-session', '-d', '-s', session, '-x', '140', '-y', '20', command);
    const seen = new Set<string>();
    let final = '';
    for (let i = 0; i < 300 && !final; i++) {
      await sleep(100);
      const pane = tmux('capture-pane', '-p', '-t', session);
      for (const line of pane.split('\n')) {
        const bar = /exported (\d+)\/3000 records \| .+ \| \d+ rec\/s \| ETA/.exec(line);
        if (bar) seen.add(bar[1]!);
      }
      if (/exit=\d+/.test(pane)) final = pane;
    }
    ok(final, 'the command finished within 30 s');
    ok(seen.size >= 2, `the bar was seen moving: ${[...seen].join(', ')}`);
    ok(final.includes('exit=0'), final);
    ok(/exported 3000 records in 30 batches to .*all\.csv in \d+\.\d s/.test(final.replace(/\n/g, '')), final);
    ok(!final.includes(mock.token), 'the token is never printed');
    strictEqual(readFileSync(out, 'utf8').trim().split('\n').length, 3001);
  } finally {
    try {
      tmux('kill-session', '-t', session);
    } catch {}
    await server.close();
  }
});

/**
 * Does `redcap records export --format csv` keep its memory flat? The command runs as a child
 * process under a V8 heap cap (`--max-old-space-size`), streaming every record to a CSV file; the
 * same export done buffered (bench/cli-buffered.ts: all rows in memory, then written) runs under
 * the same cap. The simulator runs in a process of its own (bench/server.ts), so its memory does
 * not count. Prints time and outcome of each; the streamed export must finish, the buffered one
 * must run out of heap.
 *
 *   node bench/cli-memory.ts                           # 100,000 records x 20 fields: 32 MB and 64 MB caps
 *   node bench/cli-memory.ts --records 1000000 --caps 64
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, caps: { type: 'string', default: '32,64' } } });
const caps = values.caps!.split(',').map(Number);
const cli = join(here, '../packages/cli/dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cli-memory-'));

async function startServer(): Promise<{ url: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', join(here, 'server.ts'), '--records', values.records!], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { ...(JSON.parse(line) as { url: string; token: string }), child };
}

interface Outcome {
  readonly ms: number;
  readonly ok: boolean;
  readonly why: string;
  readonly lines: number;
}

function run(args: string[], env: Record<string, string>, out: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const ms = Math.round(performance.now() - started);
      let lines = 0;
      try {
        if (code === 0) lines = readFileSync(out, 'utf8').split('\n').length - 2;
      } catch {}
      const why =
        code === 0
          ? `${(statSync(out).size / 1e6).toFixed(1)} MB of CSV`
          : /heap out of memory|Allocation failed/i.test(stderr)
            ? 'out of heap'
            : `exit ${code}: ${stderr.trim().split('\n').at(-1)}`;
      rmSync(out, { force: true });
      resolve({ ms, ok: code === 0, why, lines });
    });
  });
}

const server = await startServer();
const env = { REDCAP_URL: server.url, REDCAP_TOKEN: server.token, REDCAP_CONFIG: join(dir, 'none.json') };
console.log(`redcap records export --format csv, ${Number(values.records).toLocaleString('en')} records x 20 fields, under V8 heap caps`);
for (const cap of caps) {
  const out = join(dir, `streamed-${cap}.csv`);
  const streamed = await run([`--max-old-space-size=${cap}`, cli, 'records', 'export', '--format', 'csv', '-o', out], env, out);
  const bufferedOut = join(dir, `buffered-${cap}.csv`);
  const buffered = await run(
    [`--max-old-space-size=${cap}`, join(here, 'cli-buffered.ts'), server.url, server.token, bufferedOut],
    {},
    bufferedOut,
  );
  console.log(
    `   cap ${cap} MB: streamed ${streamed.ok ? 'finished' : 'FAILED'} in ${streamed.ms} ms (${streamed.why}, ${streamed.lines} rows); buffered ${buffered.ok ? 'finished' : 'failed'} in ${buffered.ms} ms (${buffered.why})`,
  );
  console.log(`      target: streamed finishes (${streamed.ok ? 'met' : 'MISSED'}), buffered runs out (${buffered.ok ? 'MISSED' : 'met'})`);
}
server.child.stdin!.end();
rmSync(dir, { recursive: true, force: true });

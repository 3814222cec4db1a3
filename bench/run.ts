/**
 * The large-project benchmark: `node bench/run.ts` (after `pnpm build`).
 * A simulated project of 100,000 records × 20 fields served over local HTTP;
 * each case runs in a fresh process, three times, and the median is reported
 * with its ratio against the baseline measured in the same run.
 * `--records N` and `--runs N` change the size and the repetitions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } } });
const here = import.meta.dirname;
const runs = Number(values.runs);
const tmp = await mkdtemp(join(tmpdir(), 'redcap-bench-'));

interface Measure {
  ms: number;
  peakMb: number;
  [key: string]: unknown;
}

async function startServer(args: string[]): Promise<{ url: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(here, 'server.ts'), '--records', values.records!, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout! }));
  return { ...(JSON.parse(line) as { url: string; token: string }), child };
}

function once(lines: ReturnType<typeof createInterface>): Promise<[string]> {
  return new Promise((resolve) => lines.once('line', (line) => resolve([line])));
}

function runCase(name: string, server: { url: string; token: string }, flags: string[] = []): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, join(here, 'case.ts'), name, server.url, server.token], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_TMP: tmp, BENCH_IMPORT: values.records },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Measure) : reject(new Error(`${name} exited with ${code}`)),
    );
  });
}

async function median(name: string, server: { url: string; token: string }, times = runs): Promise<Measure> {
  const all: Measure[] = [];
  for (let i = 0; i < times; i++) all.push(await runCase(name, server));
  const pick = (key: 'ms' | 'peakMb'): number => [...all.map((m) => m[key])].sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
  return { ...all.at(-1)!, ms: pick('ms'), peakMb: pick('peakMb') };
}

const ratio = (a: number, b: number): string => (a / b).toFixed(2);
const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
const lines: string[] = [];
const print = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

print(`REDCap SDK benchmark: ${values.records} records x 20 fields over local HTTP, median of ${runs} runs`);
print(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);

/** Runs two cases alternately (a, b, a, b, ...) so that drift on a shared machine hits both alike. */
async function paired(a: string, b: string, server: { url: string; token: string }): Promise<[Measure, Measure]> {
  const runsA: Measure[] = [];
  const runsB: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    runsA.push(await runCase(a, server));
    runsB.push(await runCase(b, server));
  }
  const med = (all: Measure[], key: 'ms' | 'peakMb'): number => all.map((m) => m[key]).sort((x, y) => x - y)[Math.floor(all.length / 2)]!;
  return [
    { ...runsA.at(-1)!, ms: med(runsA, 'ms'), peakMb: med(runsA, 'peakMb') },
    { ...runsB.at(-1)!, ms: med(runsB, 'ms'), peakMb: med(runsB, 'peakMb') },
  ];
}

const plain = await startServer([]);
const idle = await median('idle', plain);
await runCase('fetch-baseline', plain); // warms the server's JIT: the first export of a fresh process is slower
const [baseline, buffered] = await paired('fetch-baseline', 'export-buffered', plain);
const net = (m: Measure): number => Math.max(1, m.peakMb - idle.peakMb);
print();
print('1. Buffered records.export() against bare fetch + JSON.parse of the same request');
print(`   baseline ${baseline.ms} ms, peak RSS ${baseline.peakMb} MB (${net(baseline)} MB above an idle process of ${idle.peakMb} MB)`);
print(`   SDK      ${buffered.ms} ms, peak RSS ${buffered.peakMb} MB (${net(buffered)} MB above idle)`);
const timeRatio = buffered.ms / baseline.ms;
const memRatio = net(buffered) / net(baseline);
print(
  `   time ${ratio(buffered.ms, baseline.ms)}x (target <= 1.15x: ${verdict(timeRatio <= 1.15)}), RSS above idle ${memRatio.toFixed(2)}x (target <= 1.3x: ${verdict(memRatio <= 1.3)}); whole-process RSS ${ratio(buffered.peakMb, baseline.peakMb)}x`,
);

const streamed = await median('export-batches-to-disk', plain);
const fraction = net(streamed) / net(buffered);
print();
const collected = await runCase('export-batches-to-disk', plain, ['--expose-gc']);
print('2. exportBatches() written to disk (batches of 1000) against the buffered export');
print(
  `   ${streamed.ms} ms, peak RSS ${streamed.peakMb} MB (${net(streamed)} MB above idle): ${(fraction * 100).toFixed(0)}% of the buffered export's (target < 25%: ${verdict(fraction < 0.25)})`,
);
print(
  `   diagnostic, with a full GC after each batch: ${net(collected)} MB above idle, ${((net(collected) / net(buffered)) * 100).toFixed(0)}%: what is alive at once; the rest is garbage V8 has not collected yet`,
);
plain.child.stdin!.end();

const slow = await startServer(['--latency', '50']);
const sequential = await median('export-sequential', slow, 1);
const concurrent = await median('export-concurrent', slow, 1);
print();
print('3. Batched export (batches of 1000) with 50 ms server latency per request');
print(
  `   sequential ${sequential.ms} ms, concurrency 4 ${concurrent.ms} ms: ${ratio(sequential.ms, concurrent.ms)}x faster (target >= 3x: ${verdict(sequential.ms / concurrent.ms >= 3)})`,
);
slow.child.stdin!.end();

const importServer = await startServer(['--records', '0']);
const imported = await median('import', importServer, 1);
importServer.child.stdin!.end();
const resumeServer = await startServer(['--records', '0']);
const resumed = await median('import-resume', resumeServer, 1);
resumeServer.child.stdin!.end();
const stats = resumed.server as { records: number; sentTwice: number };
print();
print(`4. Batched import of ${values.records} records (batches of 1000)`);
print(`   ${imported.ms} ms: ${Math.round(Number(values.records) / (imported.ms / 1000))} records/s (count ${imported.count})`);
print(
  `   with a refused batch half way: ${resumed.landedBeforeFailure} landed, ${resumed.failed} refused, ${resumed.notSent} not sent; after fixing and resuming, the server holds ${stats.records} records and received ${stats.sentTwice} of them twice (target 0: ${verdict(stats.sentTwice === 0 && stats.records === Number(values.records))})`,
);

await rm(tmp, { recursive: true, force: true });

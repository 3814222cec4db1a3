// What the CLI tests share: the built command run as a child process, with only the environment given.
import { ok } from 'node:assert';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { createMockRedcap } from '@redcap-sdk/mock';

/** The built `redcap` command. */
export const cli: string = join(import.meta.dirname, '../dist/cli.js');

/** What a finished run printed, and its exit code. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type Mock = ReturnType<typeof createMockRedcap>;

/** A fresh directory for one test file's files (HOME, config, journals, downloads). */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'redcap-cli-'));
}

/** The environment of a run: no REDCap settings of the machine leak in, no config file is found. */
function environment(dir: string, env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: dir, REDCAP_CONFIG: join(dir, 'none.json'), ...env };
}

/**
 * Runs the built command to its end. Whatever it did, the token never appears in what it printed.
 *
 * @example
 * ```ts
 * const run = await redcap(mock, dir, ['info'], { REDCAP_URL: url, REDCAP_TOKEN: mock.token });
 * ```
 */
export function redcap(mock: Mock, dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: environment(dir, env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      ok(!`${stdout}${stderr}`.includes(mock.token), `the token was printed:\n${stderr}`);
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Starts the built command without waiting for it (to kill it half way).
 *
 * @example
 * ```ts
 * const child = start(dir, ['records', 'import', file], env);
 * child.kill('SIGKILL');
 * ```
 */
export function start(dir: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { env: environment(dir, env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The records that Create/Update record (API) entries of the simulator's log name, each as often as it was written. */
export function writesByRecord(mock: Mock): Map<string, number> {
  const writes = new Map<string, number>();
  for (const entry of mock.project.log)
    if (/^(Create|Update) record \(API\)$/.test(entry.action)) writes.set(entry.record, (writes.get(entry.record) ?? 0) + 1);
  return writes;
}

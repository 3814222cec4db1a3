// What `--help` says: a generated subcommand's doc text and flags, and the exit codes as the README lists them.
import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { methodParams } from '../src/method-params.ts';
import { cli } from './support.ts';

const run = promisify(execFile);

test('redcap arms export --help shows the method, its doc text and a flag per parameter', async () => {
  const { stdout } = await run(process.execPath, [cli, 'arms', 'export', '--help']);
  ok(stdout.includes('Usage: redcap arms export [options]'), stdout);
  ok(stdout.includes('Export Arms (REDCap content=arm, action=export'), stdout);
  for (const param of methodParams.exportArms!) {
    ok(stdout.includes(`--${param.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`), `flag of ${param.name}:\n${stdout}`);
    // The parameter's TSDoc from core, as the generator wrote it (help wraps long lines: compare the first words).
    ok(stdout.includes(param.doc.split(' ').slice(0, 3).join(' ')), `doc of ${param.name}:\n${stdout}`);
  }
});

/** `code meaning` pairs of the README's exit code table in the CLI section. */
function readmeExitCodes(): number[] {
  const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `redcap` command'), readme.indexOf('## The simulator'));
  return [...section.matchAll(/^\s*\| (\d+) \| .+ \|$/gm)].map((match) => Number(match[1]));
}

test('the exit codes of the README are the ones `redcap --help` lists', async () => {
  const { stdout } = await run(process.execPath, [cli, '--help']);
  const epilog = stdout.slice(stdout.indexOf('Exit codes:'));
  const help = [...epilog.matchAll(/^ {2}(\d+) {2,}\S/gm)].map((match) => Number(match[1]));
  deepStrictEqual(help, [0, 1, 2, 3, 130]);
  deepStrictEqual(readmeExitCodes(), help);
});

test('a usage error exits 2, as the exit codes say', async () => {
  const failure = await run(process.execPath, [cli, 'records', 'export', '--batch-size', 'many']).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  strictEqual(failure?.code, 2, failure?.stderr);
});

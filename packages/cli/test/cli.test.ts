import { ok, strictEqual } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const cli = join(import.meta.dirname, '../dist/cli.js');
const run = promisify(execFile);

test('redcap --help lists the subcommands', async () => {
  const { stdout } = await run(process.execPath, [cli, '--help']);
  ok(stdout.includes('Usage: redcap'), stdout);
  ok(/^\s+mock\b/m.test(stdout), stdout);
});

test('redcap mock refuses a port that is not one, naming the option', async () => {
  const failure = await run(process.execPath, [cli, 'mock', '--port', 'eighty']).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  ok(failure, 'the command failed');
  strictEqual(failure.code, 2, 'a usage error: exit code 2, as `redcap --help` documents');
  ok(failure.stderr.includes("option '--port <port>' argument 'eighty' is invalid"), failure.stderr);
});

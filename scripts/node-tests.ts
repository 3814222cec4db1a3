/**
 * Runs the Node test suites and checks their whole console output for the canary
 * token the secrecy scenarios use: a token printed anywhere (a log line, a failure
 * message, a stack) fails the run even when every test passed.
 */
import { spawn } from 'node:child_process';

const canary = 'C0FFEE00DEADBEEF5EC12E7700C0FFEE';
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', 'packages/*/test/**/*.test.ts'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
for (const [stream, target] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
] as const) {
  stream.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    target.write(chunk);
  });
}
const code: number = await new Promise((resolve) => child.on('close', (status) => resolve(status ?? 1)));
const leaks = output.split('\n').filter((line) => line.toUpperCase().includes(canary)).length;
if (leaks > 0) {
  console.error(`\nThe canary token appeared in ${leaks} line(s) of the test output.`);
  process.exit(1);
}
console.log(`\nsecrecy: the canary token appears in none of the ${output.split('\n').length} lines of test output`);
process.exit(code);

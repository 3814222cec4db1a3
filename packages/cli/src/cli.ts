#!/usr/bin/env node
import { colorsFor } from './output.ts';
import { createProgram } from './program.ts';
import { reportError } from './report-error.ts';

// The exit codes are listed in exit-codes.ts, the README and `redcap --help`.
const program = createProgram();
program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = reportError(
    error,
    (text) => process.stderr.write(text),
    colorsFor(process.stderr, process.env),
    process.argv.includes('--debug'),
  );
});

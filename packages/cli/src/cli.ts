#!/usr/bin/env node
import { RedcapError } from '@redcap-sdk/core';
import { CommanderError } from 'commander';
import { UsageError } from './connection.ts';
import { createProgram } from './program.ts';

// Exit codes: 0 done, 1 REDCap or the network failed (or a record did not arrive), 2 the command was called or configured wrongly.
const program = createProgram();
program.parseAsync(process.argv).catch((error: unknown) => {
  const debug = process.argv.includes('--debug');
  // Core's errors never hold the token; they are printed as their message, with a stack only on request.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (error instanceof RedcapError && error.name !== 'RedcapValidationError') {
    process.stderr.write('hint: check the URL and token, or retry with --debug for details.\n');
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  const usage =
    error instanceof UsageError ||
    error instanceof CommanderError ||
    (error instanceof RedcapError && error.name === 'RedcapValidationError');
  process.exitCode = usage ? 2 : 1;
});

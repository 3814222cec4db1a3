import type { Command } from 'commander';
import { registerFiles } from './files.ts';
import { registerInfo } from './info.ts';
import { registerMethods } from './methods.ts';
import { registerMock } from './mock.ts';
import { registerRecords } from './records.ts';
import { registerTypegen } from './typegen.ts';

/** Adds one subcommand (or a group of them) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand of `redcap`, one module each; the generic method commands last, after the dedicated ones they skip. */
export const commands: readonly RegisterCommand[] = [
  registerMock,
  registerInfo,
  registerRecords,
  registerFiles,
  registerTypegen,
  registerMethods,
];

import type { Command } from 'commander';
import { registerMock } from './mock.ts';
import { registerRecords } from './records.ts';

/** Adds one subcommand (or a group of them) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand of `redcap`, one module each. */
export const commands: readonly RegisterCommand[] = [registerMock, registerRecords];

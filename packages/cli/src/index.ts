export { createProgram } from './program.ts';
export type { RegisterCommand } from './commands/index.ts';

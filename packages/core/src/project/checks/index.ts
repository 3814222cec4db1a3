export { checkImportRows, type ImportCheckOptions } from './check-rows.ts';
export type { ImportDateFormat } from './dates.ts';
export { enableImportChecks, type ImportCheck } from './import-check.ts';
export type { ImportProblem } from './problem.ts';
export { checkableProject, type CheckableProject, type CheckField } from './shape.ts';

import type { RedcapClient } from '../../client/create-client.ts';
import { stateOf } from '../../client/state.ts';
import type { ImportRow } from '../../methods/records/types.ts';
import { checkImportRows, type ImportCheckOptions } from './check-rows.ts';
import type { ImportProblem } from './problem.ts';
import type { CheckableProject } from './shape.ts';

/** The checks `records.import` runs before sending: every problem REDCap would refuse, or none. */
export type ImportCheck = (rows: readonly ImportRow[], options: ImportCheckOptions) => readonly ImportProblem[];

/**
 * Makes a client check every flat import against `project` before sending it
 * (`records.import(rows)` and `importRecords(client, rows)`, CSV text included), as if
 * `validate: true` were passed; `validate: false` skips the checks for one call.
 * Loading the project does this for you; call it yourself for a project known
 * offline (a dictionary file). Pass `undefined` to stop checking.
 *
 * @example
 * ```ts
 * enableImportChecks(redcap, checkableProject({ metadata: await redcap.metadata.export() }));
 * await redcap.records.import([{ record_id: '1', age: 'abc' }]); // throws RedcapImportCheckError, nothing sent
 * ```
 */
export function enableImportChecks(client: RedcapClient | object, project: CheckableProject | undefined): void {
  stateOf(client).importCheck = project ? (rows, options) => checkImportRows(project, rows, options) : undefined;
}

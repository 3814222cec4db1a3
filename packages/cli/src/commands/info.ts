import type { Command } from 'commander';
import { connect } from '../connection.ts';
import { formatResult, outputMode } from '../output.ts';

/**
 * `redcap info`: what a project is, in one look: server version, title, record count, and
 * whether it is longitudinal or has repeating instruments or events. Four reads, nothing written.
 *
 * @example
 * ```ts
 * registerInfo(program); // redcap info --json
 * ```
 */
export function registerInfo(program: Command): void {
  program
    .command('info')
    .description(
      'Show the server version, the project title and id, the record count, and whether the project is longitudinal or repeating.',
    )
    .action(async () => {
      const redcap = await connect(program.opts());
      const [version, project, ids] = await Promise.all([
        redcap.version(),
        redcap.project.exportInfo(),
        // The first field is the record id: one column is all a count needs.
        redcap.metadata
          .export()
          .then(async (fields) => redcap.records.export({ fields: fields.slice(0, 1).map((field) => field.field_name) })),
      ]);
      const recordId = Object.keys(ids[0] ?? {})[0];
      const records = new Set(ids.map((row) => String(recordId ? row[recordId] : ''))).size;
      const info = {
        server: `REDCap ${version}`,
        title: project.project_title,
        projectId: project.project_id,
        records,
        longitudinal: Number(project.is_longitudinal) === 1,
        repeating: Number(project.has_repeating_instruments_or_events) === 1,
      };
      process.stdout.write(formatResult(info, outputMode(program.opts(), process.stdout)));
    });
}

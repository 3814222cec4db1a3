import { writeFile } from 'node:fs/promises';
import { projectFrom } from '@redcap-sdk/core';
import type { Command } from 'commander';
import { connect, UsageError } from '../connection.ts';
import { generateProjectModule } from '../typegen/generate.ts';
import { readParts } from '../typegen/read-parts.ts';

interface TypegenFlags {
  readonly output?: string;
  readonly name: string;
  readonly dictionary?: string;
  readonly events?: string;
  readonly mappings?: string;
  readonly repeating?: string;
  readonly projectInfo?: string;
}

/**
 * `redcap typegen`: writes the TypeScript module that describes a project, for
 * `createRedcap<Project>()`, from the live API or from a data dictionary file.
 *
 * @example
 * ```ts
 * registerTypegen(program); // redcap typegen -o project.ts
 * ```
 */
export function registerTypegen(program: Command): void {
  program
    .command('typegen')
    .description(
      'Write a TypeScript module describing the project (fields and their value types, choice codes and labels, forms, events, repeating setup) for createRedcap<Project>(). Reads the live API, or offline files with --dictionary.',
    )
    .option('-o, --output <file>', 'write the module to this file (default: stdout)')
    .option('--name <name>', 'the name of the generated interface', 'Project')
    .option('--dictionary <file>', "offline: a data dictionary, REDCap's CSV download or the JSON of metadata export")
    .option('--events <file>', 'offline: the JSON of events export (longitudinal projects)')
    .option('--mappings <file>', 'offline: the JSON of formEventMappings export (longitudinal projects)')
    .option('--repeating <file>', 'offline: the JSON of repeating forms and events export')
    .option('--project-info <file>', 'offline: the JSON of project info export (for missing-data codes)')
    .action(async (flags: TypegenFlags) => {
      if (!/^[A-Z][A-Za-z0-9_]*$/.test(flags.name))
        throw new UsageError(`--name must be a TypeScript type name starting with a capital letter, not ${JSON.stringify(flags.name)}.`);
      let module: string;
      if (flags.dictionary !== undefined) {
        const parts = await readParts({ ...flags, dictionary: flags.dictionary });
        module = generateProjectModule(projectFrom(parts), { name: flags.name, source: flags.dictionary });
      } else {
        const redcap = await connect(program.opts());
        const project = await redcap.project.load();
        // The URL only, never the token: the module is meant to be committed.
        module = generateProjectModule(project, { name: flags.name, source: `${redcap.url} (project ${project.info.project_id ?? '?'})` });
      }
      if (flags.output === undefined) process.stdout.write(module);
      else {
        await writeFile(flags.output, module);
        process.stderr.write(`wrote ${flags.output}\n`);
      }
    });
}

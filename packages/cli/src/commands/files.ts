import { fileFromPath, saveFile } from '@redcap-sdk/node';
import { type Command, InvalidArgumentError } from 'commander';
import { connect, UsageError } from '../connection.ts';

interface Target {
  readonly record: string;
  readonly field: string;
  readonly event?: string;
  readonly repeatInstance?: number;
}

function instance(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

const where = (flags: Target): Target => ({
  record: flags.record,
  field: flags.field,
  ...(flags.event ? { event: flags.event } : {}),
  ...(flags.repeatInstance ? { repeatInstance: flags.repeatInstance } : {}),
});

function targetOptions(command: Command): Command {
  return command
    .requiredOption('--record <name>', 'the record')
    .requiredOption('--field <name>', 'the File Upload field')
    .option('--event <name>', 'the unique event name (longitudinal projects)')
    .option('--repeat-instance <n>', 'the instance of a repeating instrument or event', instance);
}

/**
 * `redcap files download` and `redcap files upload`: a File Upload field's file to and from disk.
 * A download is saved under a safe name (no path parts, no control characters: core's
 * `safeFileName` of the name REDCap stored), never over a file that is there unless `--overwrite`.
 *
 * @example
 * ```ts
 * registerFiles(program); // redcap files download --record 1 --field consent -d scans/
 * ```
 */
export function registerFiles(program: Command): void {
  const files =
    program.commands.find((command) => command.name() === 'files') ?? program.command('files').description("REDCap's files methods.");

  targetOptions(files.command('download'))
    .description('Download the file of a File Upload field into a directory, under a safe version of the name REDCap stored.')
    .option('-d, --dir <directory>', 'the directory to save into (it must exist)', '.')
    .option('--overwrite', 'replace a file of the same name')
    .action(async (flags: Target & { dir: string; overwrite?: boolean }) => {
      const redcap = await connect(program.opts());
      const file = await redcap.files.export(where(flags));
      let path: string;
      try {
        // The trailing separator makes saveFile treat it as a directory and name the file itself.
        path = await saveFile(file, flags.dir.endsWith('/') ? flags.dir : `${flags.dir}/`, { overwrite: flags.overwrite === true });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'EEXIST') throw new UsageError(`${(error as Error).message.replace('Pass { overwrite: true }', 'Pass --overwrite')}`);
        if (code === 'ENOENT') throw new UsageError(`the directory ${flags.dir} does not exist: create it first.`);
        throw error;
      }
      // The stored name is untrusted: JSON escapes any control character before it reaches the terminal.
      const renamed = file.storedName !== file.name ? ` (REDCap stored it as ${JSON.stringify(file.storedName)})` : '';
      process.stderr.write(`saved ${path}, ${file.size} bytes${renamed}\n`);
      process.stdout.write(`${path}\n`);
    });

  targetOptions(files.command('upload'))
    .description('Upload a file from disk into a File Upload field (REDCap keeps one file per field: it replaces the one there).')
    .argument('<path>', 'the file to upload')
    .option('--name <name>', 'the file name REDCap stores (default: the file’s own)')
    .action(async (path: string, flags: Target & { name?: string }) => {
      const file = await fileFromPath(path, flags.name ? { name: flags.name } : {}).catch((error: Error) => {
        throw new UsageError(error.message);
      });
      const redcap = await connect(program.opts());
      await redcap.files.import({ ...where(flags), file });
      process.stderr.write(`uploaded ${file.name} (${file.size} bytes) to record ${flags.record}, field ${flags.field}\n`);
    });
}

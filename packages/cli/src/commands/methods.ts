import { readFile } from 'node:fs/promises';
import { RedcapValidationError } from '@redcap-sdk/core';
import { type MethodInfo, methodTable } from '@redcap-sdk/core/methods';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { connect, UsageError } from '../connection.ts';

/** Verbs with a command of their own (batches, progress): the generic one is not added for them. */
const dedicated = new Set(['records export', 'records import']);

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * One flag's text as a parameter value: `true`/`false`, JSON arrays and objects, whole
 * numbers that print back the same (so `007` stays text), else the text itself.
 */
function value(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new UsageError(`${text} looks like JSON but does not parse.`);
    }
  }
  return /^-?\d+$/.test(text) && String(Number(text)) === text ? Number(text) : text;
}

/** `--record 1 --new-name 2 --arms 1 --arms 2` as `{ record: 1, newName: 2, arms: [1, 2] }`. */
export function paramsOf(args: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: parameters are given as --name value.`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const next = args[i + 1];
    // A flag without a value (`--labels`) is `true`; otherwise the next argument is its value.
    const bare = inline === undefined && (next === undefined || next.startsWith('--'));
    if (inline === undefined && !bare) i++;
    const text = inline ?? (bare ? 'true' : next!);
    const key = camel(flag);
    const parsed = value(text);
    const before = params[key];
    params[key] = before === undefined ? parsed : [...(Array.isArray(before) ? before : [before]), parsed];
  }
  return params;
}

/** The data of an import: a JSON file, a CSV file (csv-parse, header row), or `-` for stdin; text formats pass through. */
async function readData(file: string): Promise<unknown> {
  const text =
    file === '-'
      ? await readStdin()
      : await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
        });
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return JSON.parse(trimmed);
  return parse(text, { columns: true, bom: true, skip_empty_lines: true });
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** What a method returned, on stdout: text as it came, a file's name and size, anything else as JSON. */
function print(result: unknown): void {
  if (result === undefined) return;
  if (typeof result === 'string') process.stdout.write(result.endsWith('\n') ? result : `${result}\n`);
  else if (typeof File !== 'undefined' && result instanceof File)
    process.stdout.write(`${JSON.stringify({ name: result.name, size: result.size })}\n`);
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function describe(method: MethodInfo): string {
  const input = method.takes === 'data' ? ' Reads its data from <file> (JSON or CSV), or stdin with -.' : '';
  return `${method.title} (REDCap content=${method.content}, action=${method.action}, since ${method.since}). Parameters are core's, as kebab-case flags: --new-record-name 2.${input}`;
}

/**
 * One subcommand per method of the method table: `redcap <namespace> <verb> --param value`,
 * JSON on stdout. Parameters are checked by core, which names a wrong one (exit 2).
 *
 * @example
 * ```ts
 * registerMethods(program); // redcap arms export --arms 1
 * ```
 */
export function registerMethods(program: Command): void {
  for (const method of methodTable) {
    if (dedicated.has(`${method.namespace} ${method.verb}`)) continue;
    const parent =
      method.namespace === ''
        ? program
        : (program.commands.find((command) => command.name() === method.namespace) ??
          program.command(method.namespace).description(`REDCap's ${method.namespace} methods.`));
    const command = parent.command(method.verb).description(describe(method)).allowUnknownOption().allowExcessArguments();
    if (method.takes === 'data') command.argument('<file>', 'the data: a JSON or CSV file, or - for stdin');
    command.helpOption('-h, --help').action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const rest = self.args.slice(method.takes === 'data' ? 1 : 0);
      const params = paramsOf(rest);
      const redcap = connect(program.opts()) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> &
        Record<string, (...args: unknown[]) => Promise<unknown>>;
      const call =
        method.namespace === ''
          ? (redcap[method.verb] as (...args: unknown[]) => Promise<unknown>)
          : redcap[method.namespace]![method.verb]!;
      const data = method.takes === 'data' ? await readData(self.args[0]!) : undefined;
      const run = (): Promise<unknown> => (method.takes === 'data' ? call(data, params) : call(params));
      // A list given once (`--arms 2`) reads as one value: core refuses it before sending, so it is retried as a list.
      for (;;) {
        try {
          print(await run());
          return;
        } catch (error) {
          const path = (error as { path?: unknown }).path;
          const wrong = error instanceof RedcapValidationError && typeof path === 'string' ? params[path] : undefined;
          if (wrong === undefined || Array.isArray(wrong)) throw error;
          params[path as string] = [wrong];
        }
      }
    });
  }
}

import { readFile } from 'node:fs/promises';
import { RedcapValidationError } from '@redcap-sdk/core';
import { type MethodInfo, methodTable } from '@redcap-sdk/core/methods';
import { fileFromPath } from '@redcap-sdk/node';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'csv-parse/sync';
import { connect, UsageError } from '../connection.ts';
import { type MethodParam, methodParams } from '../method-params.ts';
import { formatResult, outputMode } from '../output.ts';

/** Verbs with a command of their own (batches, progress, files on disk): the generic one is not added for them. */
const dedicated = new Set(['records export', 'records import']);

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
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

/** A flag's text as the kind of its parameter (see {@link MethodParam}). */
function parser(param: MethodParam): ((text: string, before: unknown) => unknown) | undefined {
  switch (param.kind) {
    case 'number':
      return (text) => {
        const number = Number(text);
        if (text.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('expected a number.');
        return number;
      };
    case 'list':
      // Repeatable, and each value may be a comma-separated list or a JSON array.
      return (text, before) => {
        const items = text.trimStart().startsWith('[') ? (value(text) as unknown[]) : text.split(',').map((item) => value(item.trim()));
        return [...(Array.isArray(before) ? before : []), ...items];
      };
    case 'value':
      return (text) => value(text);
    default:
      return undefined;
  }
}

/** One flag per parameter, its help from the parameter's TSDoc in core. */
function addParams(command: Command, method: MethodInfo): void {
  for (const param of methodParams[method.name] ?? []) {
    const flag = kebab(param.name);
    const placeholder =
      param.kind === 'list' ? ` <${flag}...>` : param.kind === 'boolean' ? '' : ` <${param.kind === 'number' ? 'n' : 'value'}>`;
    const doc = param.doc || (param.name === 'record' ? 'The record name.' : '');
    const extra = param.kind === 'list' ? ' (repeat the flag, or separate with commas)' : '';
    const option = new Option(`--${flag}${placeholder}`, `${doc}${extra}${param.required ? ' (required)' : ''}`);
    const parse = parser(param);
    if (parse) option.argParser(parse);
    command.addOption(option);
  }
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

function describe(method: MethodInfo): string {
  const input = method.takes === 'data' ? ' Reads its data from <file> (JSON or CSV), or stdin with -.' : '';
  return `${method.title} (REDCap content=${method.content}, action=${method.action}, since ${method.since}). Parameters are core's, as kebab-case flags.${input}`;
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
    const name = kebab(method.verb);
    const command = parent.command(name).description(describe(method)).allowUnknownOption().allowExcessArguments();
    if (name !== method.verb) command.alias(method.verb);
    if (method.takes === 'data') command.argument('<file>', 'the data: a JSON or CSV file, or - for stdin');
    addParams(command, method);
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const rest = self.args.slice(method.takes === 'data' ? 1 : 0);
      // The flags of the method's parameters, then any others: core names one it does not know.
      const params: Record<string, unknown> = { ...self.opts(), ...paramsOf(rest) };
      if (typeof params.file === 'string' && methodParams[method.name]?.some((param) => param.name === 'file'))
        params.file = await fileFromPath(params.file).catch((error: Error) => {
          throw new UsageError(error.message);
        });
      const redcap = (await connect(program.opts())) as unknown as Record<
        string,
        Record<string, (...args: unknown[]) => Promise<unknown>>
      > &
        Record<string, (...args: unknown[]) => Promise<unknown>>;
      const call =
        method.namespace === ''
          ? (redcap[method.verb] as (...args: unknown[]) => Promise<unknown>)
          : redcap[method.namespace]![method.verb]!;
      const data = method.takes === 'data' ? await readData(self.args[0]!) : undefined;
      const run = (): Promise<unknown> => (method.takes === 'data' ? call(data, params) : call(params));
      const mode = outputMode(program.opts(), process.stdout);
      // A list given once (`--arms 2`) reads as one value: core refuses it before sending, so it is retried as a list.
      for (;;) {
        try {
          process.stdout.write(formatResult(await run(), mode));
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

import Table from 'cli-table3';
import pc from 'picocolors';

/** The colour functions the command uses: real ones on a terminal, identity otherwise. */
export type Colors = Pick<typeof pc, 'red' | 'yellow' | 'green' | 'dim' | 'bold'>;

/**
 * Colours for `stream`: only on a terminal, never with `NO_COLOR` set (to anything, as
 * no-color.org asks) or `TERM=dumb`; `FORCE_COLOR` does not override a pipe.
 *
 * @example
 * ```ts
 * const c = colorsFor(process.stderr, process.env);
 * process.stderr.write(c.red('error: ...'));
 * ```
 */
export function colorsFor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  const enabled = stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

/** How results are printed: `json` when `--json` was given or stdout is not a terminal. */
export interface OutputMode {
  readonly json: boolean;
}

/**
 * The output mode of this run: human tables on a terminal, JSON when piped or with `--json`.
 *
 * @example
 * ```ts
 * const mode = outputMode(program.opts(), process.stdout); // { json: true } when piped
 * ```
 */
export function outputMode(flags: { readonly json?: boolean }, stdout: { readonly isTTY?: boolean }): OutputMode {
  return { json: flags.json === true || stdout.isTTY !== true };
}

/** A control character (a newline, an escape sequence) in data would redraw the terminal: it is shown escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const control = /[\u0000-\u001f\u007f-\u009f]/g;

const cell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(control, (char) => JSON.stringify(char).slice(1, -1));
};

/**
 * Rows as a text table (cli-table3), with the columns given or every key of every row; with a
 * `width` (the terminal's columns), the last column wraps to fit it.
 *
 * @example
 * ```ts
 * table([{ record: '3', field: 'age', message: 'not a number' }]);
 * ```
 */
export function table(rows: readonly Record<string, unknown>[], columns?: readonly string[], width?: number): string {
  const heads = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => heads.map((head) => cell(row[head])));
  // On a terminal the last column (a message) wraps to what is left of its width; the others keep theirs.
  const natural = heads.map((head, i) => Math.max(head.length, ...cells.map((line) => longestLine(line[i]!))) + 2);
  const others = natural.slice(0, -1).reduce((sum, n) => sum + n, 0) + heads.length + 1;
  const last = width !== undefined && others + natural.at(-1)! > width ? Math.max(width - others, 20) : undefined;
  // No colours in the table itself: cli-table3 would colour the borders even when piped.
  const out = new Table({
    head: [...heads],
    style: { head: [], border: [] },
    wordWrap: true,
    ...(last !== undefined ? { colWidths: [...natural.slice(0, -1), last] } : {}),
  });
  for (const line of cells) out.push(line);
  return `${out.toString()}\n`;
}

const longestLine = (text: string): number => Math.max(0, ...text.split('\n').map((line) => line.length));

const plainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * A method's result as text: JSON in JSON mode; on a terminal a list of objects as a table,
 * one object as a two-column table, text as it came.
 *
 * @example
 * ```ts
 * process.stdout.write(formatResult(await redcap.arms.export(), { json: false }));
 * ```
 */
export function formatResult(result: unknown, mode: OutputMode): string {
  if (result === undefined) return '';
  if (typeof result === 'string') return result.endsWith('\n') || result === '' ? result : `${result}\n`;
  if (typeof File !== 'undefined' && result instanceof File) return `${JSON.stringify({ name: result.name, size: result.size })}\n`;
  if (!mode.json) {
    if (Array.isArray(result) && result.length > 0 && result.every(plainRecord)) return table(result);
    if (Array.isArray(result) && result.length === 0) return '(none)\n';
    if (plainRecord(result))
      return table(
        Object.entries(result).map(([key, value]) => ({ key, value })),
        ['key', 'value'],
      );
  }
  return `${JSON.stringify(result, null, 2)}\n`;
}

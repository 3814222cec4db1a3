/** The functions a calculation may call (§5.5), with their arity and what they compute. */
import { CalcUnsupported, type Node } from './ast.ts';
import { type DateOrder, dateDiff, isDateUnit } from './dates.ts';
import { finite, isBlank, toNumber, truthy, type Value } from './values.ts';

/** What a function sees besides its arguments. */
export interface CalcEnv {
  /** The clock of `"today"` and `"now"`. */
  readonly now: Date;
  /** The project's missing-data codes (`UNK`, `NA`, ...). */
  readonly missingCodes: ReadonlySet<string>;
}

interface FunctionDef {
  readonly min: number;
  readonly max: number;
  /** Rejects, before any record is computed, arguments the simulator cannot honour. */
  readonly check?: (args: readonly Node[]) => void;
  readonly apply: (args: readonly Value[], env: CalcEnv) => Value;
}

/** Numbers of the arguments that are numbers; blanks and non-numbers are skipped, as sum() and mean() do. */
function numbers(args: readonly Value[]): number[] {
  const out: number[] = [];
  for (const arg of args) {
    const number = toNumber(arg);
    if (number !== null) out.push(number);
  }
  return out;
}

/** Blank when no argument is a number. */
function aggregate(compute: (values: number[]) => number): FunctionDef['apply'] {
  return (args) => {
    const values = numbers(args);
    return values.length === 0 ? null : finite(compute(values));
  };
}

/** A function of numbers: blank if any argument is blank or not a number. */
function numeric(compute: (...values: number[]) => number): FunctionDef['apply'] {
  return (args) => {
    const values: number[] = [];
    for (const arg of args) {
      const number = toNumber(arg);
      if (number === null) return null;
      values.push(number);
    }
    return finite(compute(...values));
  };
}

/**
 * Rounds `value` to `places` decimals with `mode`, half away from zero for `round`. The
 * scaled value is first cut to 15 significant digits so that 22.95 rounds to 23.0 as PHP's
 * round() does, not to 22.9 as its binary value would.
 */
function roundTo(value: number, places: number, mode: 'round' | 'up' | 'down'): number {
  const factor = 10 ** Math.trunc(places);
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const whole = mode === 'round' ? Math.floor(scaled + 0.5) : (mode === 'up') === value >= 0 ? Math.ceil(scaled) : Math.floor(scaled);
  return (Math.sign(value) * whole) / factor;
}

const SIGNED_ARG = (node: Node | undefined): boolean =>
  node === undefined || node.type === 'bool' || node.type === 'num' || node.type === 'str';

const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  if: { min: 3, max: 3, apply: ([condition, yes, no]) => (truthy(condition ?? null) ? (yes ?? null) : (no ?? null)) },
  round: { min: 1, max: 2, apply: numeric((value, places = 0) => roundTo(value, places, 'round')) },
  roundup: { min: 1, max: 2, apply: numeric((value, places = 0) => roundTo(value, places, 'up')) },
  rounddown: { min: 1, max: 2, apply: numeric((value, places = 0) => roundTo(value, places, 'down')) },
  abs: { min: 1, max: 1, apply: numeric(Math.abs) },
  sqrt: { min: 1, max: 1, apply: numeric(Math.sqrt) },
  exponential: { min: 1, max: 1, apply: numeric(Math.exp) },
  log: {
    min: 1,
    max: 2,
    apply: numeric((value, base = Math.E) => (value > 0 && base > 0 ? Math.log(value) / Math.log(base) : Number.NaN)),
  },
  sum: { min: 1, max: Number.POSITIVE_INFINITY, apply: aggregate((values) => values.reduce((a, b) => a + b, 0)) },
  min: { min: 1, max: Number.POSITIVE_INFINITY, apply: aggregate((values) => Math.min(...values)) },
  max: { min: 1, max: Number.POSITIVE_INFINITY, apply: aggregate((values) => Math.max(...values)) },
  mean: { min: 1, max: Number.POSITIVE_INFINITY, apply: aggregate((values) => values.reduce((a, b) => a + b, 0) / values.length) },
  median: {
    min: 1,
    max: Number.POSITIVE_INFINITY,
    apply: aggregate((values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
    }),
  },
  isnumber: { min: 1, max: 1, apply: ([value]) => toNumber(value ?? null) !== null && typeof value !== 'boolean' },
  isinteger: { min: 1, max: 1, apply: ([value]) => typeof value !== 'boolean' && Number.isInteger(toNumber(value ?? null)) },
  isblankormissingcode: {
    min: 1,
    max: 1,
    apply: ([value], env) => isBlank(value ?? null) || (typeof value === 'string' && env.missingCodes.has(value.trim())),
  },
  datediff: {
    min: 3,
    max: 5,
    check: (args) => {
      const unit = args[2] as Node;
      if (unit.type !== 'str' || !isDateUnit(unit.value))
        throw new CalcUnsupported('datediff unit', 'datediff() needs a quoted unit: "y", "M", "d", "h", "m" or "s"');
      const fourth = args[3];
      if (args.length === 5 && (fourth?.type !== 'str' || !isOrder(fourth.value)))
        throw new CalcUnsupported('datediff format', 'the 4th argument of datediff() must be "ymd", "mdy" or "dmy"');
      if (args.length === 4 && !SIGNED_ARG(fourth))
        throw new CalcUnsupported('datediff argument', 'the 4th argument of datediff() must be a date format or true/false');
      if (!SIGNED_ARG(args[4])) throw new CalcUnsupported('datediff argument', 'the 5th argument of datediff() must be true or false');
    },
    apply: (args, env) => {
      const [d1 = null, d2 = null, unit = null] = args;
      let order: DateOrder = 'ymd';
      let signed: Value = false;
      for (const extra of args.slice(3)) {
        if (typeof extra === 'string' && isOrder(extra)) order = extra.toLowerCase() as DateOrder;
        else signed = extra;
      }
      return dateDiff(d1, d2, String(unit), order, truthy(signed) && String(signed).toLowerCase() !== 'false', env.now);
    },
  },
};

function arity(def: FunctionDef): string {
  if (def.min === def.max) return String(def.min);
  return Number.isFinite(def.max) ? `${def.min} to ${def.max}` : `at least ${def.min}`;
}

function isOrder(text: string): boolean {
  return /^(ymd|mdy|dmy)$/i.test(text);
}

/**
 * The function of a call, after checking its name and arity; throws {@link CalcUnsupported}
 * naming the function when the simulator does not implement it.
 *
 * @example
 * lookupFunction('round', [x, n]).apply([2.45, 1], env); // 2.5
 */
export function lookupFunction(name: string, args: readonly Node[]): FunctionDef {
  const def = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!def) throw new CalcUnsupported(`${name}()`, `the function ${name}() is not supported`);
  if (args.length < def.min || args.length > def.max)
    throw new CalcUnsupported(`${name}()`, `${name}() takes ${arity(def)} argument${def.max === 1 ? '' : 's'}, not ${args.length}`);
  def.check?.(args);
  return def;
}

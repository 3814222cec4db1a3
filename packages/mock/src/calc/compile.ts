/** Binds a parsed calculation to a project: references resolved, functions looked up, compiled to a closure. */
import { choicesOf, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import { getCell } from '../state/records.ts';
import type { ProjectState, RecordState } from '../types.ts';
import { CalcUnsupported, type Node, type RefNode } from './ast.ts';
import { type CalcEnv, lookupFunction } from './functions.ts';
import { compare, finite, toNumber, truthy, type Value } from './values.ts';

/** The record × event × instance a calculation is computed for. */
export interface CalcRow {
  readonly record: RecordState;
  readonly event: string;
  /** The repeating instrument of the row, or `''`. */
  readonly instrument: string;
  readonly instance: number;
}

/** A calculation ready to run on any row of the project. */
export type Compiled = (row: CalcRow, env: CalcEnv) => Value;

/**
 * Compiles a tree for `state`. Throws {@link CalcUnsupported} when it names an unknown
 * field or event, uses a checkbox without a code (or a code on another field), or calls a
 * function the simulator does not implement.
 *
 * @example
 * const run = compileCalc(state, parseCalc('[a] * 2'));
 * run({ record, event: 'event_1_arm_1', instrument: '', instance: 1 }, env); // 8 when a = 4
 */
export function compileCalc(state: ProjectState, node: Node): Compiled {
  switch (node.type) {
    case 'num':
    case 'str':
    case 'bool': {
      const value: Value = node.type === 'str' && node.value === '' ? null : node.value;
      return () => value;
    }
    case 'ref':
      return compileRef(state, node);
    case 'neg': {
      const operand = compileCalc(state, node.operand);
      return (row, env) => {
        const number = toNumber(operand(row, env));
        return number === null ? null : -number;
      };
    }
    case 'not': {
      const operand = compileCalc(state, node.operand);
      return (row, env) => !truthy(operand(row, env));
    }
    case 'binary':
      return compileBinary(node.op, compileCalc(state, node.left), compileCalc(state, node.right));
    case 'call': {
      const def = lookupFunction(node.name, node.args);
      const args = node.args.map((arg) => compileCalc(state, arg));
      return (row, env) =>
        def.apply(
          args.map((arg) => arg(row, env)),
          env,
        );
    }
    default:
      throw new CalcUnsupported('expression', 'unknown expression');
  }
}

function compileBinary(op: string, left: Compiled, right: Compiled): Compiled {
  switch (op) {
    case 'and':
      return (row, env) => truthy(left(row, env)) && truthy(right(row, env));
    case 'or':
      return (row, env) => truthy(left(row, env)) || truthy(right(row, env));
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (row, env) => compare(left(row, env), op, right(row, env));
    default: {
      const apply = ARITHMETIC[op] as (a: number, b: number) => number;
      // A blank or non-number on either side makes the result blank (§5.5); so does a division by zero.
      return (row, env) => {
        const a = toNumber(left(row, env));
        if (a === null) return null;
        const b = toNumber(right(row, env));
        return b === null ? null : finite(apply(a, b));
      };
    }
  }
}

const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '^': (a, b) => a ** b,
};

function compileRef(state: ProjectState, ref: RefNode): Compiled {
  if (ref.event !== undefined && !state.eventByName.has(ref.event)) {
    const hint = state.longitudinal ? '' : ' (the project is not longitudinal)';
    throw new CalcUnsupported(ref.text, `${ref.text} names the event "${ref.event}", which the project does not have${hint}`);
  }
  const field = state.fieldByName.get(ref.field);
  const form = field?.form_name ?? state.forms.find((candidate) => `${candidate.name}_complete` === ref.field)?.name;
  if (form === undefined)
    throw new CalcUnsupported(ref.text, `${ref.text} names the field "${ref.field}", which the project does not have`);
  const checkbox = field?.field_type === 'checkbox';
  if (checkbox && ref.code === undefined)
    throw new CalcUnsupported(ref.text, `${ref.text} is a checkbox field without a choice code, as in [${ref.field}(1)]`);
  if (!checkbox && ref.code !== undefined)
    throw new CalcUnsupported(ref.text, `${ref.text} gives a choice code to a field that is not a checkbox`);
  if (checkbox && !choicesOf(field).some((choice) => choice.code === ref.code))
    throw new CalcUnsupported(ref.text, `${ref.text} names a choice code that "${ref.field}" does not have`);
  const { field: name, code, event: fixedEvent } = ref;
  return (row) => {
    const event = fixedEvent ?? row.event;
    let instrument = '';
    let instance = 1;
    if (isRepeatingForm(state, event, form)) {
      instrument = form;
      if (row.instrument === form && event === row.event) instance = row.instance;
    } else if (event === row.event && isRepeatingEvent(state, event)) {
      instance = row.instance;
    }
    const stored = getCell(row.record, event, instrument, instance)?.values.get(name);
    if (code !== undefined) return stored instanceof Set && stored.has(code) ? '1' : '0';
    return typeof stored === 'string' && stored !== '' ? stored : null;
  };
}

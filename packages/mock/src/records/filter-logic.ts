import { choicesOf, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import { getCell } from '../state/records.ts';
import type { ProjectState, RecordState } from '../types.ts';

/** The row a logic expression is evaluated for. */
export interface LogicRow {
  readonly record: RecordState;
  readonly event: string;
  readonly instrument: string;
  readonly instance: number;
}

/** A compiled filter: true when the row matches. */
export type RowFilter = (row: LogicRow) => boolean;

type Token =
  | { readonly t: 'ref'; readonly event: string | undefined; readonly field: string; readonly code: string | undefined }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly v: string }
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: 'and' | 'or' | 'not' | '(' | ')' };

class LogicError extends Error {}

/**
 * Compiles a small subset of REDCap logic: `[field]`, `[field(code)]` (checkbox),
 * `[event][field]`, quoted strings, numbers, `= == <> != < <= > >=`, `and or not && || !`
 * and parentheses. Returns `undefined` when the logic is empty, cannot be parsed or names
 * unknown fields/events: REDCap 15.7.6 then ignores the filter and returns all records
 * (§3.2.6).
 */
export function compileFilterLogic(state: ProjectState, logic: string): RowFilter | undefined {
  if (logic.trim() === '') return undefined;
  try {
    const tokens = tokenize(state, logic);
    if (!tokens.some((token) => token.t === 'ref')) return undefined;
    const parser = new Parser(state, tokens);
    const evaluate = parser.parseExpression();
    if (!parser.done()) throw new LogicError('trailing tokens');
    return (row) => truthy(evaluate(row));
  } catch (error) {
    if (error instanceof LogicError) return undefined;
    throw error;
  }
}

function tokenize(state: ProjectState, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '[') {
      const names: string[] = [];
      while (text[i] === '[') {
        const close = text.indexOf(']', i);
        if (close === -1) throw new LogicError('unclosed [');
        names.push(text.slice(i + 1, close).trim());
        i = close + 1;
      }
      if (names.length > 2) throw new LogicError('instance references are not supported');
      const [first, second] = names as [string, string | undefined];
      let event: string | undefined;
      let name = first;
      if (second !== undefined) {
        event = first;
        name = second;
        if (!state.eventByName.has(event)) throw new LogicError(`unknown event ${event}`);
      }
      const match = /^([a-z][a-z0-9_]*)(?:\(([^)]*)\))?$/.exec(name);
      if (!match) throw new LogicError(`unsupported reference ${name}`);
      const field = state.fieldByName.get(match[1] as string);
      const isComplete = state.forms.some((form) => `${form.name}_complete` === match[1]);
      if (!field && !isComplete) throw new LogicError(`unknown field ${match[1]}`);
      const code = match[2];
      if (code !== undefined && field?.field_type !== 'checkbox') throw new LogicError('code on a non-checkbox field');
      if (code === undefined && field?.field_type === 'checkbox') throw new LogicError('checkbox without code');
      if (code !== undefined && !choicesOf(field as NonNullable<typeof field>).some((choice) => choice.code === code))
        throw new LogicError('unknown code');
      tokens.push({ t: 'ref', event, field: match[1] as string, code });
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) throw new LogicError('unclosed string');
      tokens.push({ t: 'str', v: text.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (number && (ch !== '-' || !previousIsValue(tokens))) {
      tokens.push({ t: 'num', v: number[0] });
      i += number[0].length;
      continue;
    }
    const op = /^(<>|!=|<=|>=|==|=|<|>)/.exec(text.slice(i));
    if (op) {
      tokens.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    if (text.startsWith('&&', i)) {
      tokens.push({ t: 'and' });
      i += 2;
      continue;
    }
    if (text.startsWith('||', i)) {
      tokens.push({ t: 'or' });
      i += 2;
      continue;
    }
    if (ch === '!') {
      tokens.push({ t: 'not' });
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ t: ch });
      i++;
      continue;
    }
    const word = /^[A-Za-z]+/.exec(text.slice(i));
    if (word) {
      const lower = word[0].toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not') {
        tokens.push({ t: lower });
        i += word[0].length;
        continue;
      }
    }
    throw new LogicError(`unexpected ${ch}`);
  }
  return tokens;
}

function previousIsValue(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && (last.t === 'ref' || last.t === 'str' || last.t === 'num' || last.t === ')');
}

type Evaluator = (row: LogicRow) => string | boolean;

class Parser {
  private position = 0;
  private readonly state: ProjectState;
  private readonly tokens: readonly Token[];

  constructor(state: ProjectState, tokens: readonly Token[]) {
    this.state = state;
    this.tokens = tokens;
  }

  done(): boolean {
    return this.position >= this.tokens.length;
  }

  parseExpression(): Evaluator {
    let left = this.parseAnd();
    while (this.peek()?.t === 'or') {
      this.position++;
      const a = left;
      const b = this.parseAnd();
      left = (row) => truthy(a(row)) || truthy(b(row));
    }
    return left;
  }

  private parseAnd(): Evaluator {
    let left = this.parseNot();
    while (this.peek()?.t === 'and') {
      this.position++;
      const a = left;
      const b = this.parseNot();
      left = (row) => truthy(a(row)) && truthy(b(row));
    }
    return left;
  }

  private parseNot(): Evaluator {
    if (this.peek()?.t === 'not') {
      this.position++;
      const inner = this.parseNot();
      return (row) => !truthy(inner(row));
    }
    return this.parseComparison();
  }

  private parseComparison(): Evaluator {
    const left = this.parsePrimary();
    const next = this.peek();
    if (next?.t !== 'op') return left;
    this.position++;
    const right = this.parsePrimary();
    const op = next.v;
    return (row) => compare(String(left(row)), op, String(right(row)));
  }

  private parsePrimary(): Evaluator {
    const token = this.tokens[this.position++];
    if (!token) throw new LogicError('unexpected end');
    if (token.t === '(') {
      const inner = this.parseExpression();
      if (this.tokens[this.position++]?.t !== ')') throw new LogicError('missing )');
      return inner;
    }
    if (token.t === 'str' || token.t === 'num') {
      const value = token.v;
      return () => value;
    }
    if (token.t === 'ref') {
      const state = this.state;
      return (row) => readValue(state, row, token.event, token.field, token.code);
    }
    throw new LogicError('unexpected token');
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
}

function readValue(state: ProjectState, row: LogicRow, eventName: string | undefined, field: string, code: string | undefined): string {
  const event = eventName ?? row.event;
  const form = state.fieldByName.get(field)?.form_name ?? field.replace(/_complete$/, '');
  let instrument = '';
  let instance = 1;
  if (isRepeatingForm(state, event, form)) {
    instrument = form;
    instance = row.instrument === form && event === row.event ? row.instance : 1;
  } else if (isRepeatingEvent(state, event)) {
    instance = event === row.event ? row.instance : 1;
  }
  const value = getCell(row.record, event, instrument, instance)?.values.get(field);
  if (code !== undefined) return value instanceof Set && value.has(code) ? '1' : '0';
  return typeof value === 'string' ? value : '';
}

function truthy(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  return value !== '' && value !== '0';
}

function compare(left: string, op: string, right: string): boolean {
  const numeric = left !== '' && right !== '' && Number.isFinite(Number(left)) && Number.isFinite(Number(right));
  if (op === '=' || op === '==') return numeric ? Number(left) === Number(right) : left === right;
  if (op === '<>' || op === '!=') return numeric ? Number(left) !== Number(right) : left !== right;
  if (left === '' || right === '') return false;
  const order = numeric ? Number(left) - Number(right) : left < right ? -1 : left > right ? 1 : 0;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

/** Tokenizer and recursive-descent parser: calculation text (§5.5) → {@link Node}. No project needed. */
import { type BinaryOp, CalcUnsupported, type Node, type RefNode } from './ast.ts';

type Token =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'ref'; readonly node: RefNode }
  | { readonly t: 'word'; readonly v: string }
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: '(' | ')' | ',' };

const OPERATORS = ['<>', '!=', '<=', '>=', '==', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '^', '!'] as const;

/**
 * Parses a calculation. Throws {@link CalcUnsupported} naming the part it cannot read:
 * a syntax error, a smart variable (`[event-name]`), an instance reference (`[x][2]`), a
 * piping option other than `:value`.
 *
 * @example
 * parseCalc('round([weight]/(([height]/100)^2),1)'); // { type: 'call', name: 'round', args: [...] }
 */
export function parseCalc(text: string): Node {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new CalcUnsupported('empty formula', 'the calculation is empty');
  const parser = new Parser(tokens);
  const node = parser.expression();
  parser.end();
  return node;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '[') {
      i = readRef(text, i, tokens);
    } else if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) throw new CalcUnsupported(text.slice(i), `unclosed string ${text.slice(i)}`);
      tokens.push({ t: 'str', v: text.slice(i + 1, close) });
      i = close + 1;
    } else if (/[0-9.]/.test(ch)) {
      const match = /^(\d+(\.\d*)?|\.\d+)/.exec(text.slice(i));
      if (!match) throw new CalcUnsupported(ch, `unexpected "${ch}"`);
      tokens.push({ t: 'num', v: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = (/^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray)[0];
      tokens.push({ t: 'word', v: word.toLowerCase() });
      i += word.length;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: ch });
      i++;
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
      if (!op) throw new CalcUnsupported(ch, `unexpected "${ch}"`);
      tokens.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return tokens;
}

/** Reads `[a]`, `[a][b]` (event, field) from `start`; returns the index after it. */
function readRef(text: string, start: number, tokens: Token[]): number {
  const groups: string[] = [];
  let i = start;
  while (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close === -1) throw new CalcUnsupported(text.slice(i), `unclosed "[" in ${text.slice(i)}`);
    groups.push(text.slice(i + 1, close).trim());
    i = close + 1;
  }
  const written = text.slice(start, i);
  for (const group of groups) {
    if (/^[a-z0-9_]+(-[a-z0-9_]+)+(:.*)?$/i.test(group) || /^(first|last|current|previous|next)-/.test(group))
      throw new CalcUnsupported(`[${group}]`, `smart variable [${group}] is not supported`);
  }
  if (groups.length > 2 || (groups.length === 2 && /^\d+$/.test(groups[1] as string)))
    throw new CalcUnsupported(written, `instance reference ${written} is not supported`);
  const [event, fieldText] = groups.length === 2 ? groups : [undefined, groups[0] as string];
  if (event !== undefined && !/^[a-z0-9_]+$/i.test(event)) throw new CalcUnsupported(written, `"${written}" is not a field reference`);
  const match = /^([A-Za-z][A-Za-z0-9_]*)(?:\(([^()]*)\))?(?::([A-Za-z_-]+))?$/.exec(fieldText as string);
  if (!match) throw new CalcUnsupported(written, `"${written}" is not a field reference`);
  const option = match[3]?.toLowerCase();
  if (option !== undefined && option !== 'value')
    throw new CalcUnsupported(written, `the piping option :${match[3] as string} of ${written} is not supported`);
  tokens.push({ t: 'ref', node: { type: 'ref', event, field: match[1] as string, code: match[2]?.trim(), text: written } });
  return i;
}

const COMPARISONS: Readonly<Record<string, BinaryOp>> = {
  '=': '=',
  '==': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

class Parser {
  private position = 0;
  private readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  end(): void {
    const next = this.tokens[this.position];
    if (next) throw new CalcUnsupported(describe(next), `unexpected ${describe(next)} after a complete expression`);
  }

  expression(): Node {
    let left = this.and();
    while (this.isWord('or') || this.isOp('||')) {
      this.position++;
      left = { type: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isWord('and') || this.isOp('&&')) {
      this.position++;
      left = { type: 'binary', op: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Node {
    if (this.isWord('not') || this.isOp('!')) {
      this.position++;
      return { type: 'not', operand: this.not() };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.additive();
    const next = this.peek();
    const op = next?.t === 'op' ? COMPARISONS[next.v] : undefined;
    if (!op) return left;
    this.position++;
    return { type: 'binary', op, left, right: this.additive() };
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.position++] as { v: '+' | '-' }).v;
      left = { type: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.position++] as { v: '*' | '/' }).v;
      left = { type: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.position++;
      return { type: 'neg', operand: this.unary() };
    }
    if (this.isOp('+')) {
      this.position++;
      return this.unary();
    }
    return this.power();
  }

  /** `^` binds tighter than unary minus (`-2^2` is -4) and groups to the right. */
  private power(): Node {
    const base = this.primary();
    if (!this.isOp('^')) return base;
    this.position++;
    return { type: 'binary', op: '^', left: base, right: this.unary() };
  }

  private primary(): Node {
    const token = this.tokens[this.position++];
    if (!token) throw new CalcUnsupported('end of formula', 'the calculation ends too early');
    switch (token.t) {
      case 'num':
        return { type: 'num', value: token.v };
      case 'str':
        return { type: 'str', value: token.v };
      case 'ref':
        return token.node;
      case '(': {
        const inner = this.expression();
        this.expect(')');
        return inner;
      }
      case 'word':
        return this.word(token.v);
      default:
        throw new CalcUnsupported(describe(token), `unexpected ${describe(token)}`);
    }
  }

  private word(name: string): Node {
    if (name === 'true' || name === 'false') return { type: 'bool', value: name === 'true' };
    if (this.peek()?.t !== '(') throw new CalcUnsupported(name, `unknown word "${name}"`);
    this.position++;
    const args: Node[] = [];
    if (this.peek()?.t !== ')') {
      for (;;) {
        args.push(this.expression());
        if (this.peek()?.t !== ',') break;
        this.position++;
      }
    }
    this.expect(')');
    return { type: 'call', name, args };
  }

  private expect(kind: ')'): void {
    const token = this.tokens[this.position++];
    if (token?.t !== kind) throw new CalcUnsupported(token ? describe(token) : 'end of formula', `expected "${kind}"`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isOp(op: string): boolean {
    const token = this.tokens[this.position];
    return token?.t === 'op' && token.v === op;
  }

  private isWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.t === 'word' && token.v === word;
  }
}

function describe(token: Token): string {
  switch (token.t) {
    case 'num':
      return String(token.v);
    case 'str':
      return `'${token.v}'`;
    case 'ref':
      return token.node.text;
    case 'word':
    case 'op':
      return `"${token.v}"`;
    default:
      return `"${token.t}"`;
  }
}

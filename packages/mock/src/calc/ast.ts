/** The syntax tree of a REDCap calculation (§5.5), independent of any project. */

/** A field reference: `[field]`, `[event][field]`, `[field(code)]`, `[field:value]`. */
export interface RefNode {
  readonly type: 'ref';
  /** The unique event name of `[event][field]`, or `undefined` for the row's own event. */
  readonly event: string | undefined;
  readonly field: string;
  /** The checkbox code of `[field(code)]`. */
  readonly code: string | undefined;
  /** The text as written, for diagnostics. */
  readonly text: string;
}

export type Node =
  | { readonly type: 'num'; readonly value: number }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | RefNode
  | { readonly type: 'neg'; readonly operand: Node }
  | { readonly type: 'not'; readonly operand: Node }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Node[] };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/**
 * A formula the simulator cannot evaluate as REDCap would: a syntax error, or a function,
 * smart variable or reference form it does not implement. `part` names what it is.
 *
 * @example
 * throw new CalcUnsupported('stdev()', 'the function stdev() is not supported');
 */
export class CalcUnsupported extends Error {
  readonly part: string;

  constructor(part: string, message: string) {
    super(message);
    this.name = 'CalcUnsupported';
    this.part = part;
  }
}

/**
 * Every reference of a tree, in order.
 *
 * @example
 * refsOf(parseCalc('[a] + [visit_1_arm_1][b]')).map((ref) => ref.field); // ['a', 'b']
 */
export function refsOf(node: Node, out: RefNode[] = []): RefNode[] {
  switch (node.type) {
    case 'ref':
      out.push(node);
      break;
    case 'neg':
    case 'not':
      refsOf(node.operand, out);
      break;
    case 'binary':
      refsOf(node.left, out);
      refsOf(node.right, out);
      break;
    case 'call':
      for (const arg of node.args) refsOf(arg, out);
      break;
    default:
      break;
  }
  return out;
}

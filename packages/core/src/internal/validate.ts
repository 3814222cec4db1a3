import * as v from 'valibot';
import { RedcapValidationError } from '../errors/validation-error.ts';
import type { RedcapOperation } from '../errors/redcap-error.ts';

/**
 * Parses input with a schema, or throws a {@link RedcapValidationError} naming the
 * first problem's path. The message says what was expected and what type arrived,
 * never the value: parameters can hold patient data, and options a token.
 */
export function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown, root: string, operation: RedcapOperation): T {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = pathOf(root, issue.path);
  throw new RedcapValidationError(path, describeIssue(issue), operation);
}

function pathOf(root: string, path: readonly { key: unknown }[] | undefined): string {
  let text = root;
  for (const item of path ?? []) {
    text += typeof item.key === 'number' ? `[${item.key}]` : text ? `.${String(item.key)}` : String(item.key);
  }
  return text || 'params';
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  // Custom messages (set with schema `message`s) describe the rule without the value.
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  const received =
    issue.input === undefined
      ? 'nothing'
      : Array.isArray(issue.input)
        ? 'an array'
        : issue.input === null
          ? 'null'
          : `a ${typeof issue.input}`;
  return `expected ${issue.expected ?? 'a different value'}, received ${received}.`;
}

/** The message for an unknown key: typos such as `rawOrLable` must not be ignored silently. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = closest(key, known);
  return `is not a parameter here${near ? `; did you mean \`${near}\`?` : '.'} Known: ${known.join(', ') || 'none'}.`;
}

/** The known name nearest to a typo, if it is within two edits. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

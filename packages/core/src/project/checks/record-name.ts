/**
 * REDCap's refusal of a record name, or `undefined` when the name may be imported:
 * not empty, at most 100 characters, no line breaks or `<br>` tags, none of `+ & # '`.
 *
 * @example
 * ```ts
 * recordNameProblem('A&B'); // 'The record name (A&B) cannot contain a plus sign (+), ampersand (&), pound sign (#), or apostrophe.'
 * ```
 */
export function recordNameProblem(name: string): string | undefined {
  if (name === '') return 'The record name cannot be empty.';
  if (name.length > 100) {
    return `Record names must be 100 characters or less in length. The following record name is too long and thus cannot be imported: ${name}`;
  }
  if (/<br\s*\/?>|[\r\n]/i.test(name)) {
    return `Record names cannot contain BR tags, line breaks, or carriage return characters. The following record name contains a BR tag, line break, or carriage return, and thus cannot be imported: ${name}`;
  }
  if (/[+&#']/.test(name)) return `The record name (${name}) cannot contain a plus sign (+), ampersand (&), pound sign (#), or apostrophe.`;
  return undefined;
}

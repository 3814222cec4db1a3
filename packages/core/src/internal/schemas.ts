import * as v from 'valibot';
import { unknownKeyMessage } from './validate.ts';

/** A schema from input `I` to output `O`; the one type the method files need. */
export type Schema<I = unknown, O = I> = v.GenericSchema<I, O>;

/**
 * An object of parameters where unknown keys are errors that name the nearest
 * known key, so `rawOrLable` fails instead of being ignored.
 */
export function strictParams<const E extends v.ObjectEntries>(entries: E): v.StrictObjectSchema<E, v.ErrorMessage<v.StrictObjectIssue>> {
  const known = Object.keys(entries);
  return v.strictObject(entries, (issue) =>
    issue.expected === 'never' ? unknownKeyMessage(String(issue.path?.at(-1)?.key), known) : 'expected an object of parameters.',
  );
}

/** A record name: a non-empty string; numbers are accepted and turned into strings. */
export const recordName: Schema<string | number, string> = v.pipe(
  v.union([v.string(), v.number()], 'expected a record name as a string (numbers are accepted).'),
  v.transform(String),
  v.nonEmpty('expected a non-empty record name.'),
);

/** A REDCap variable, form or event name. */
export const name: Schema<string> = v.pipe(v.string('expected a name as a string.'), v.nonEmpty('expected a non-empty name.'));

/** A non-empty list; an empty one is an error, since REDCap reads it as "all". */
export function nonEmptyList<I, O>(item: Schema<I, O>, what: string): Schema<readonly I[], O[]> {
  return v.pipe(
    v.array(item, `expected an array of ${what}, e.g. ['a', 'b'].`),
    v.nonEmpty(`expected at least one of ${what}; leave the parameter out to mean all.`),
  );
}

/** A positive whole number, such as a repeat instance or an arm number. */
export const positiveInteger: Schema<number> = v.pipe(
  v.number('expected a positive whole number.'),
  v.integer('expected a positive whole number.'),
  v.minValue(1, 'expected a positive whole number.'),
);

/** `json`, `csv` or `xml`. */
export const format: Schema<'json' | 'csv' | 'xml'> = v.picklist(['json', 'csv', 'xml'], "expected 'json', 'csv' or 'xml'.");

/** A boolean flag. */
export const flag: Schema<boolean> = v.boolean('expected true or false.');

/** A non-empty string. */
export const text: Schema<string> = v.pipe(v.string('expected a string.'), v.nonEmpty('expected a non-empty string.'));

/**
 * Flat record rows: an array of objects whose values are strings or numbers.
 * A custom schema rather than `v.array(v.record(...))`, which would copy every
 * row of a 100,000-record export: this one checks in place and returns the input.
 */
export const recordRows: Schema<Record<string, string | number>[]> = v.custom<Record<string, string | number>[]>((input) => {
  if (!Array.isArray(input)) return false;
  for (const row of input) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return false;
    for (const key in row) {
      const value = (row as Record<string, unknown>)[key];
      if (typeof value !== 'string' && typeof value !== 'number') return false;
    }
  }
  return true;
}, 'expected an array of rows of string or number values.');

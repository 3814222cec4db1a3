import * as v from 'valibot';
import { stateOf } from '../client/state.ts';
import { RedcapValidationError } from '../errors/validation-error.ts';
import type { RunContext } from '../methods/invoke.ts';
import type { ImportRow, RecordRow } from '../methods/records/types.ts';
import type { CastOptions } from './cast-types.ts';
import { isMissingValue } from './values.ts';

/** The `cast` parameter of exports: `true`/`false`, or the options object (unknown keys refused). */
export const castParam: v.GenericSchema<boolean | CastOptions> = v.union(
  [
    v.boolean(),
    v.strictObject({
      dates: v.optional(v.picklist(['string', 'date'], "expected 'string' or 'date'.")),
      choices: v.optional(v.picklist(['codes', 'labels'], "expected 'codes' or 'labels'.")),
      invalid: v.optional(v.picklist(['throw', 'report'], "expected 'throw' or 'report'.")),
    }),
  ],
  "expected true, or options such as { dates: 'date', choices: 'labels', invalid: 'report' }.",
);

/** What `cast` needs named in every refusal: the one call that makes it work. */
const loadFirst = 'needs the project: call `await redcap.project.load()` (or `loadProject(client)`) once before';

/**
 * The cast step of an export whose params ask for `cast`, checked before anything
 * is sent; `undefined` when they do not. Reaches the casting code only through the
 * loaded project, so that exports without `cast` do not carry it.
 */
export function castStep(context: RunContext): ((rows: RecordRow[]) => unknown) | undefined {
  const { params, operation } = context;
  const cast = params.cast as boolean | CastOptions | undefined;
  if (cast === undefined || cast === false) return undefined;
  if ((params.format ?? 'json') !== 'json') {
    throw new RedcapValidationError('cast', "casts JSON rows: leave out `format` (or pass 'json').", operation);
  }
  if (params.type === 'eav') throw new RedcapValidationError('cast', "casts flat rows: leave out `type: 'eav'`.", operation);
  if (params.rawOrLabel === 'label') {
    throw new RedcapValidationError(
      'cast',
      "reads REDCap's raw codes, and `rawOrLabel: 'label'` sends labels instead (a label can be any text). Leave out `rawOrLabel`, and pass `cast: { choices: 'labels' }` to get labels.",
      operation,
    );
  }
  const slot = stateOf(context.client).project;
  if (!slot?.current || !slot.codec) throw new RedcapValidationError('cast', `${loadFirst} casting.`, operation);
  const { current, codec } = slot;
  const options = { ...(cast === true ? {} : cast), decimalCharacter: params.decimalCharacter as ',' | '.' | undefined };
  return (rows) => codec.cast(current, rows, options, operation);
}

const isTyped = (value: unknown): boolean =>
  typeof value === 'boolean' || value instanceof Date || Array.isArray(value) || isMissingValue(value);

/**
 * The rows a records import sends: typed values turned into REDCap's text with the
 * loaded project (and labels into codes with `labels`). Without a loaded project,
 * typed values and `labels` are refused, naming `project.load()`; plain rows pass as given.
 */
export function importRows(context: RunContext, rows: readonly Readonly<Record<string, unknown>>[]): readonly ImportRow[] {
  const { params, operation } = context;
  const slot = stateOf(context.client).project;
  if (slot?.current && slot.codec) {
    return slot.codec.uncast(
      slot.current,
      rows as Parameters<typeof slot.codec.uncast>[1],
      { labels: params.labels === true, dateFormat: params.dateFormat as 'YMD' | 'MDY' | 'DMY' | undefined },
      operation,
    );
  }
  if (params.labels === true) throw new RedcapValidationError('labels', `${loadFirst} turning labels into codes.`, operation);
  rows.forEach((row, index) => {
    for (const [field, value] of Object.entries(row)) {
      if (!isTyped(value)) continue;
      const what =
        value instanceof Date ? 'a Date' : Array.isArray(value) ? 'an array' : isMissingValue(value) ? 'a missing-data code' : 'a boolean';
      throw new RedcapValidationError(
        `data[${index}].${field}`,
        `(row ${index + 1}, field \`${field}\`) is ${what}: typed values ${loadFirst} importing them, or pass REDCap's text ("1", "2024-03-01").`,
        operation,
      );
    }
  });
  return rows as readonly ImportRow[];
}

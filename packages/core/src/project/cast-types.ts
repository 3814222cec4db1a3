import type { RedcapClient } from '../client/create-client.ts';
import type { Format, HasCall, ParamArgs } from '../methods/shapes.ts';
import type { RecordRow } from '../methods/records/types.ts';
import type { CastValue } from './values.ts';

/**
 * How `cast` turns REDCap's strings into values. Every option has a default, so
 * `cast: true` is `cast: { dates: 'string', choices: 'codes', invalid: 'throw' }`.
 *
 * @example
 * ```ts
 * const { rows, invalid } = await redcap.records.export({ cast: { dates: 'date', invalid: 'report' } });
 * ```
 */
export interface CastOptions {
  /**
   * Dates and datetimes as REDCap stores them (`string`: `2024-03-01`, `2024-03-01 14:05`,
   * `2024-03-01 14:05:09`, the ISO 8601 order whatever the field's display format), or as
   * `Date`s in local time (`date`). Times (`14:05`) stay strings either way. @default 'string'
   */
  readonly dates?: 'string' | 'date';
  /** Dropdown, radio and checkbox values as their codes, or as their labels. @default 'codes' */
  readonly choices?: 'codes' | 'labels';
  /**
   * A value that does not fit its field (`abc` in an integer field): `throw` a
   * {@link RedcapCastError} listing every one, or `report` them beside the rows
   * (`{ rows, invalid }`), each value left raw in its row. @default 'throw'
   */
  readonly invalid?: 'throw' | 'report';
}

/**
 * The `cast` parameter of records and report exports: `true` for the defaults, or {@link CastOptions}.
 *
 * @example
 * ```ts
 * const cast: CastParam = { dates: 'date' };
 * ```
 */
export type CastParam = boolean | CastOptions;

/**
 * A cast row: each field's value typed from the data dictionary, a checkbox as one
 * array under its field name (its `___code` columns folded in), blanks as `null`.
 *
 * @example
 * ```ts
 * const row: CastRow = { record_id: '1', age: 42, smoker: true, race: ['1', '4'], dob: '1980-04-12', weight: null };
 * ```
 */
export type CastRow = Record<string, CastValue>;

/**
 * A value that does not fit its field, as found by casting: where it is, what it
 * is, and why it does not fit. The value stays raw in its row.
 *
 * @example
 * ```ts
 * const problem: InvalidValue = { record: '7', event: null, instance: null, field: 'age', value: 'abc', reason: 'not an integer' };
 * ```
 */
export interface InvalidValue {
  /** The record's name. */
  readonly record: string;
  /** The unique event name (longitudinal projects), else `null`. */
  readonly event: string | null;
  /** The repeat instance, else `null`. */
  readonly instance: number | null;
  /** The field, or the checkbox column (`race___2`), holding the value. */
  readonly field: string;
  /** The value as REDCap sent it. */
  readonly value: string;
  /** Why it does not fit, e.g. `not an integer`. */
  readonly reason: string;
}

/**
 * What `cast: { invalid: 'report' }` returns: the rows, and every value that did not fit.
 *
 * @example
 * ```ts
 * const { rows, invalid } = await redcap.records.export({ cast: { invalid: 'report' } });
 * for (const problem of invalid) console.warn(`${problem.record} ${problem.field}: ${problem.reason}`);
 * ```
 */
export interface CastReport {
  readonly rows: CastRow[];
  readonly invalid: InvalidValue[];
}

/**
 * The JSON result of an export for its `cast` parameter: REDCap's rows, cast rows, or a {@link CastReport}.
 *
 * @example
 * ```ts
 * type Rows = CastResult<{ invalid: 'report' }>; // CastReport
 * ```
 */
export type CastResult<C> = C extends { readonly invalid: 'report' } ? CastReport : C extends true | CastOptions ? CastRow[] : RecordRow[];

/**
 * An export of rows that can be cast: text for `format: 'csv' | 'xml'`, else what `cast` asks for.
 *
 * @example
 * ```ts
 * const exportRows: CastExportCall<ExportRecordsParams> = redcap.records.export;
 * ```
 */
export type CastExportCall<P> = <F extends Format = 'json', C extends CastParam | undefined = undefined>(
  ...args: ParamArgs<P & { readonly format?: F; readonly cast?: C }>
) => Promise<F extends 'json' ? CastResult<C> : string>;

/**
 * {@link CastExportCall} as a standalone function taking the client first.
 *
 * @example
 * ```ts
 * const rows = await exportRecords(client, { cast: true }); // CastRow[]
 * ```
 */
export interface CastExportFunction<P> extends HasCall<CastExportCall<P>> {
  <F extends Format = 'json', C extends CastParam | undefined = undefined>(
    client: RedcapClient,
    ...args: ParamArgs<P & { readonly format?: F; readonly cast?: C }>
  ): Promise<F extends 'json' ? CastResult<C> : string>;
}

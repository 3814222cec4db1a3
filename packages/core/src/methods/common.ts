import * as v from 'valibot';
import { strictParams, text, type Schema } from '../internal/schemas.ts';
import type { WireValue } from '../request/encode.ts';
import { toWire } from '../internal/wire.ts';
import type { MethodDescriptor } from './descriptor.ts';

/**
 * A number, or a string REDCap reads as one (`1` or `'1'`).
 *
 * @example
 * ```ts
 * const armRow = v.looseObject({ arm_num: numeric, name: v.string() });
 * ```
 */
export const numeric: Schema<number | string> = v.union([v.number(), v.string()], 'expected a number (or a string holding one).');

/**
 * The data of an import: a non-empty array of row objects, or CSV text with a
 * header row. Row problems are reported with their index (`data[2].name`).
 *
 * @example
 * ```ts
 * const data = rowsOrCsv(v.looseObject({ arm_num: numeric, name: v.string() }), 'arm');
 * ```
 */
export function rowsOrCsv<R>(row: Schema<R>, what: string): Schema<readonly R[] | string, R[] | string> {
  const rows = v.pipe(
    v.array(row, `expected an array of ${what} objects, or CSV text with a header row.`),
    v.nonEmpty(`expected at least one ${what}.`),
  );
  return v.lazy((input) => (typeof input === 'string' ? text : rows)) as Schema<readonly R[] | string, R[] | string>;
}

/**
 * REDCap's `format` and `data` for an import: CSV text as is, anything else as JSON.
 *
 * @example
 * ```ts
 * dataParams([{ arm_num: 1, name: 'Arm 1' }]); // { format: 'json', data: '[{"arm_num":1,"name":"Arm 1"}]' }
 * ```
 */
export function dataParams(data: unknown): { format: 'json' | 'csv'; data: string } {
  return typeof data === 'string' ? { format: 'csv', data } : { format: 'json', data: JSON.stringify(data) };
}

/**
 * `true` → `1`, `false` → `0`, for parameters REDCap casts to an integer (`override`).
 *
 * @example
 * ```ts
 * zeroOne(true); // 1
 * ```
 */
export function zeroOne(value: boolean | undefined): WireValue {
  return value === undefined ? undefined : value ? 1 : 0;
}

/**
 * The answer of an import that returns a bare count (`2`). Read as text: REDCap
 * answers some failures with HTTP 200 and a text (`The data is not in the
 * specified format.`), which then becomes a `RedcapApiError` carrying that text.
 *
 * @example
 * ```ts
 * export const importArms: ExportFunction<...> = defineMethod({ ..., ...countAnswer });
 * ```
 */
export const countAnswer: Pick<MethodDescriptor, 'answer' | 'accept' | 'finish'> = {
  answer: 'text',
  accept: (body: string) => /^\d+$/.test(body.trim()),
  finish: (value: string) => Number(value.trim()),
};

/**
 * What every JSON export shares: a read (retried), `format` json unless the
 * caller asks for csv or xml, and the parsed answer checked against `result`.
 *
 * @example
 * ```ts
 * export const exportArms: ExportFunction<...> = defineMethod({ name: 'exportArms', ..., ...jsonExport(armsParams, v.array(armRow)) });
 * ```
 */
export function jsonExport(
  params: Schema<any, any>,
  result: Schema<any, any>,
): Pick<MethodDescriptor, 'takes' | 'retry' | 'params' | 'toWire' | 'answer' | 'result'> {
  return {
    takes: 'params',
    retry: 'read',
    params,
    toWire: (given: object) => ({ params: { format: 'json', ...toWire(given) } }),
    answer: 'json',
    result,
  };
}

/**
 * What every import of rows (or CSV text) shares: a write (retried only on
 * request), the data sent as JSON or CSV, and a bare count as the answer.
 *
 * @example
 * ```ts
 * export const importDags: ExportFunction<...> = defineMethod({ name: 'importDags', ..., ...rowsImport(rowsOrCsv(dagRow, 'DAG')) });
 * ```
 */
export function rowsImport(
  data: Schema<any, any>,
  options: Schema<any, any> = strictParams({}),
): Pick<MethodDescriptor, 'takes' | 'retry' | 'params' | 'data' | 'toWire' | 'answer' | 'accept' | 'finish'> {
  return {
    takes: 'data',
    retry: 'write',
    params: options,
    data,
    toWire: (_options: object, rows: unknown) => ({ params: dataParams(rows) }),
    ...countAnswer,
  };
}

/**
 * What every plain-text export shares (links, codes, the version): a read
 * (retried), and a body that must look like the result, since REDCap answers
 * some errors with HTTP 200 and a message instead.
 *
 * @example
 * ```ts
 * export const exportSurveyLink: ExportFunction<...> = defineMethod({ name: 'exportSurveyLink', ..., ...textExport(surveyTarget, isLink) });
 * ```
 */
export function textExport(
  params: Schema<any, any>,
  accept: (body: string) => boolean,
): Pick<MethodDescriptor, 'takes' | 'retry' | 'params' | 'toWire' | 'answer' | 'accept' | 'finish'> {
  return {
    takes: 'params',
    retry: 'read',
    params,
    toWire: (given: object) => ({ params: toWire(given) }),
    answer: 'text',
    accept,
    finish: (value: string) => value.trim(),
  };
}

import * as v from 'valibot';
import type { RedcapClient } from '../../client/create-client.ts';
import type { CallOptions } from '../../client/options.ts';
import { RedcapResponseError } from '../../errors/response-error.ts';
import {
  flag,
  format,
  name,
  nonEmptyList,
  positiveInteger,
  recordName,
  recordRows,
  strictParams,
  text,
  type Schema,
} from '../../internal/schemas.ts';
import { toWire } from '../../internal/wire.ts';
import { RedcapValidationError } from '../../errors/validation-error.ts';
import { RedcapImportCheckError } from '../../errors/import-check-error.ts';
import { stateOf } from '../../client/state.ts';
import { delimiterOf } from '../../internal/csv-cells.ts';
import { readCsvRows } from '../../internal/csv-rows.ts';
import { defineMethod } from '../descriptor.ts';
import { batchKnobs, exportBatches } from './batched-export.ts';
import { importBatches } from './batched-import.ts';
import { preflight } from './preflight.ts';
import type { CastExportFunction } from '../../project/cast-types.ts';
import { castParam, castStep, importRows } from '../../project/hooks.ts';
import type { TypedImportRow } from '../../project/uncast.ts';
import type { ExportFunction, HasCall, ParamsFunction } from '../shapes.ts';
import type { RunContext } from '../invoke.ts';
import type { ImportCheck } from '../../project/checks/import-check.ts';
import type {
  DeleteRecordsParams,
  ExportRecordsParams,
  ImportRecordsOptions,
  ImportRecordsResult,
  ImportRow,
  RandomizeRecordParams,
  RandomizeResult,
  RecordRow,
  RenameRecordParams,
  ReturnContent,
} from './types.ts';

const dateTime: Schema<Date | string> = v.union(
  [v.date('expected a valid Date.'), v.pipe(v.string(), v.regex(/^\d{4}[-/]\d{2}[-/]\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/))],
  'expected a Date or a string "YYYY-MM-DD HH:MM:SS".',
);
const csvDelimiter = v.picklist([',', 'tab', ';', '|', '^'], "expected one of ',', 'tab', ';', '|', '^'.");

/** The batching knobs of records export and import. */
const batchKnobEntries = {
  batchSize: v.optional(positiveInteger),
  concurrency: v.optional(positiveInteger),
  onProgress: v.optional(v.function('expected a function.')),
  recordIdField: v.optional(name),
};

const exportRecordsParams: Schema<ExportRecordsParams & { format?: 'json' | 'csv' | 'xml' }> = strictParams({
  format: v.optional(format),
  records: v.optional(nonEmptyList(recordName, 'record names')),
  fields: v.optional(nonEmptyList(name, 'field names')),
  forms: v.optional(nonEmptyList(name, 'instrument names')),
  events: v.optional(nonEmptyList(name, 'unique event names')),
  type: v.optional(v.picklist(['flat', 'eav'], "expected 'flat' or 'eav'.")),
  rawOrLabel: v.optional(v.picklist(['raw', 'label'], "expected 'raw' or 'label' (REDCap has no 'both').")),
  rawOrLabelHeaders: v.optional(v.picklist(['raw', 'label'], "expected 'raw' or 'label'.")),
  exportCheckboxLabel: v.optional(flag),
  combineCheckboxOptions: v.optional(flag),
  exportSurveyFields: v.optional(flag),
  exportDataAccessGroups: v.optional(flag),
  filterLogic: v.optional(v.string('expected REDCap logic as a string.')),
  dateRangeBegin: v.optional(dateTime),
  dateRangeEnd: v.optional(dateTime),
  csvDelimiter: v.optional(csvDelimiter),
  decimalCharacter: v.optional(v.picklist([',', '.'], "expected ',' or '.'.")),
  exportBlankForGrayFormStatus: v.optional(flag),
  cast: v.optional(castParam),
  ...batchKnobEntries,
});

/** Parameters read by the client, never sent: batching and casting. */
const localParams: readonly string[] = [...batchKnobs, 'cast', 'labels'];

/**
 * Exports records: JSON rows by default, CSV or XML text with `format`. With
 * `cast: true` (the project loaded first with `project.load()`, else a
 * `RedcapValidationError` says so) the values come typed from the data dictionary:
 * see `castRecords` for each field type, and `CastOptions` for dates, labels and
 * what happens to values that do not fit.
 *
 * REDCap method: Export Records (`content=record`).
 *
 * @example
 * ```ts
 * const rows = await exportRecords(client, { fields: ['record_id', 'age'], rawOrLabel: 'label' });
 * const csv = await exportRecords(client, { format: 'csv', events: ['baseline_arm_1'] });
 * await loadProject(client);
 * const typed = await exportRecords(client, { cast: true }); // [{ record_id: '1', age: 44, smoker: false, race: ['2'], ... }]
 * ```
 */
export const exportRecords: CastExportFunction<ExportRecordsParams> = /* @__PURE__ */ defineMethod({
  name: 'exportRecords',
  title: 'Export Records',
  namespace: 'records',
  verb: 'export',
  content: 'record',
  action: 'export',
  since: '3.0.0',
  takes: 'params',
  retry: 'read',
  params: exportRecordsParams,
  toWire: (params) => ({ params: { format: 'json', ...toWire(params, localParams) } }),
  answer: 'json',
  result: recordRows,
  run: async (context) => {
    const cast = castStep(context);
    if (context.params.batchSize === undefined) {
      const rows = await context.send();
      return cast ? cast(rows as RecordRow[]) : rows;
    }
    if (context.params.format === 'csv') {
      // One text, header once: what an unbatched CSV export returns.
      let csv = '';
      for await (const part of exportBatches(context)) csv += part as string;
      return csv;
    }
    const rows: RecordRow[] = [];
    for await (const batch of exportBatches(context)) for (const row of batch as RecordRow[]) rows.push(row);
    return cast ? cast(rows) : rows;
  },
});

const importRecordsOptions: Schema<ImportRecordsOptions<ReturnContent, boolean>> = strictParams({
  overwriteBehavior: v.optional(v.picklist(['normal', 'overwrite'], "expected 'normal' or 'overwrite'.")),
  forceAutoNumber: v.optional(flag),
  dateFormat: v.optional(v.picklist(['YMD', 'MDY', 'DMY'], "expected 'YMD', 'MDY' or 'DMY'.")),
  returnContent: v.optional(v.picklist(['count', 'ids', 'auto_ids', 'nothing'], "expected 'count', 'ids', 'auto_ids' or 'nothing'.")),
  backgroundProcess: v.optional(flag),
  type: v.optional(v.picklist(['flat', 'eav'], "expected 'flat' or 'eav'.")),
  csvDelimiter: v.optional(csvDelimiter),
  labels: v.optional(flag),
  validate: v.optional(flag),
  continueOnError: v.optional(flag),
  ...batchKnobEntries,
});

/** The import options that only the client reads; they never go to REDCap. */
const importKnobs: readonly string[] = [...batchKnobs, 'labels', 'validate', 'continueOnError'];

/**
 * The loaded project's checks, unless the call turns them off; `validate: true`
 * without a loaded project is refused rather than silently unchecked.
 */
function importCheckOf(context: RunContext): ImportCheck | undefined {
  const validate = context.params.validate as boolean | undefined;
  if (validate === false) return undefined;
  const check = stateOf(context.client).importCheck;
  if (validate === true && check === undefined) {
    throw new RedcapValidationError(
      'validate',
      'checking rows needs the project: load it first (`await redcap.project.load()`, or `enableImportChecks(client, project)`), or leave `validate` out.',
      context.operation,
    );
  }
  return check;
}

/** Runs the checks and refuses the import, listing every problem, before anything is sent. */
function runCheck(check: ImportCheck, rows: readonly ImportRow[], context: RunContext): void {
  const { dateFormat, forceAutoNumber } = context.params as { dateFormat?: 'YMD' | 'MDY' | 'DMY'; forceAutoNumber?: boolean };
  const problems = check(rows, { dateFormat: dateFormat ?? 'YMD', forceAutoNumber: forceAutoNumber === true });
  if (problems.length > 0) throw new RedcapImportCheckError(problems, context.operation);
}

/**
 * A row object, checked by hand rather than with `v.record`: valibot's record
 * schema leaves out keys such as `prototype` and `constructor`, which are valid
 * REDCap variable names. The row passes through as given, every key kept.
 */
const importRow: Schema<TypedImportRow> = v.custom<TypedImportRow>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
  'expected a row object ({ field: value }).',
);
const importData: Schema<readonly TypedImportRow[] | string> = v.union(
  [v.pipe(v.array(importRow, 'expected an array of row objects.'), v.nonEmpty('expected at least one row.')), text],
  'expected an array of row objects, or CSV text with a header row.',
);

/**
 * Checks every value of every row: a string, a finite number, or blank. JSON has
 * no Infinity or NaN: `JSON.stringify` would send them as `null`, which
 * `overwriteBehavior: 'overwrite'` turns into an erase.
 */
function checkValues(rows: readonly ImportRow[], operation: { content: string; action: string }): void {
  rows.forEach((row, index) => {
    for (const field of Object.keys(row)) {
      const value = (row as Record<string, unknown>)[field];
      if (typeof value === 'string' || value === null || value === undefined) continue;
      if (typeof value === 'number' && Number.isFinite(value)) continue;
      const what =
        typeof value === 'number'
          ? `is ${String(value)}, not a finite number: JSON would send it as null, which erases the value with overwriteBehavior 'overwrite'. Pass a finite number, or "" for a blank`
          : `is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}; expected a string or a finite number (blank: "" or null)`;
      throw new RedcapValidationError(`data[${index}].${field}`, `(row ${index + 1}, field \`${field}\`) ${what}.`, operation);
    }
  });
}

/** Whether the data adds repeat instances (`redcap_repeat_instance: 'new'`): each sending adds one more. */
function addsInstances(data: readonly ImportRow[] | string): boolean {
  if (typeof data === 'string') return /redcap_repeat_instance/.test(data) && /(?:^|[,;|^\t])"?new"?(?:[,;|^\t]|\r?$)/im.test(data);
  return data.some((row) => row.redcap_repeat_instance === 'new');
}

/** The records import as a namespace method: `records.import(rows, options)`. */
export type ImportRecordsCall = <C extends ReturnContent = 'count', B extends boolean = false>(
  data: readonly TypedImportRow[] | string,
  options?: ImportRecordsOptions<C, B> & CallOptions,
) => Promise<ImportRecordsResult<C, B>>;

/** A record name as JSON can carry it; objects and arrays are not names (and may not even convert to text). */
const isScalar = (item: unknown): item is string | number => typeof item === 'string' || typeof item === 'number';

function readImportResult(value: unknown, options: ImportRecordsOptions<ReturnContent, boolean>): unknown {
  const unexpected = (expected: string): RedcapResponseError =>
    new RedcapResponseError(
      `REDCap's answer to an import does not have the expected shape (expected ${expected}).`,
      String(JSON.stringify(value) ?? ''),
      { content: 'record', action: 'import' },
    );
  if (options.backgroundProcess) {
    if (typeof value !== 'object' || value === null || typeof (value as { success?: unknown }).success !== 'boolean')
      throw unexpected('{"success": true}');
    return { queued: (value as { success: boolean }).success };
  }
  switch (options.returnContent ?? 'count') {
    case 'count': {
      const count = (value as { count?: unknown } | undefined)?.count;
      if (typeof count !== 'number' && !(typeof count === 'string' && /^\d+$/.test(count))) throw unexpected('{"count": N}');
      return Number(count);
    }
    case 'ids':
      if (!Array.isArray(value) || !value.every(isScalar)) throw unexpected('an array of record names');
      return value.map(String);
    case 'auto_ids':
      if (!Array.isArray(value) || !value.every(isScalar)) throw unexpected('an array of "<new id>,<id in the data>" pairs');
      // REDCap sends "<new id>,<id in the data>" strings.
      return value.map((pair) => {
        const [id = '', originalId = ''] = String(pair).split(',');
        return { id, originalId };
      });
    default:
      return undefined;
  }
}

/** {@link ImportRecordsCall} as a standalone function. */
export interface ImportRecordsFunction extends HasCall<ImportRecordsCall> {
  <C extends ReturnContent = 'count', B extends boolean = false>(
    client: RedcapClient,
    data: readonly TypedImportRow[] | string,
    options?: ImportRecordsOptions<C, B> & CallOptions,
  ): Promise<ImportRecordsResult<C, B>>;
}

/**
 * Imports records from row objects or CSV text. The result follows `returnContent`:
 * the number of distinct records (default), their names, or the auto-numbered names.
 * Once the project is loaded (`project.load()`), rows may hold typed values, as a
 * cast export gives them: booleans, `Date`s, checkbox arrays and missing-data codes
 * become REDCap's text (see `uncastRecords`), and `labels: true` turns choice labels
 * into codes. Without the project those are refused, naming `project.load()`.
 *
 * REDCap method: Import Records (`content=record` with `data`).
 *
 * @example
 * ```ts
 * const count = await importRecords(client, [{ record_id: '5', age: 42 }]);
 * await redcap.project.load();
 * await redcap.records.import([{ record_id: '5', smoker: true, dob: new Date(1980, 3, 12), race: ['Asian'] }], { labels: true });
 * const ids = await importRecords(client, 'record_id,age\n6,30', { returnContent: 'ids' });
 * ```
 */
export const importRecords: ImportRecordsFunction = /* @__PURE__ */ defineMethod({
  name: 'importRecords',
  title: 'Import Records',
  namespace: 'records',
  verb: 'import',
  content: 'record',
  action: 'import',
  since: '3.0.0',
  takes: 'data',
  // A retried auto-numbered import would create every record twice, and a retried
  // `redcap_repeat_instance: 'new'` row a second instance.
  retry: (options: ImportRecordsOptions<ReturnContent, boolean>, data: readonly ImportRow[] | string) =>
    options.forceAutoNumber || addsInstances(data) ? 'never' : 'write',
  neverRetriedWhen: 'forceAutoNumber, or rows with redcap_repeat_instance `new`',
  params: importRecordsOptions,
  data: importData,
  toWire: (options, data: readonly ImportRow[] | string) => ({
    params: {
      ...toWire(options, importKnobs),
      format: typeof data === 'string' ? 'csv' : 'json',
      data: typeof data === 'string' ? data : JSON.stringify(data),
    },
  }),
  // `returnContent: 'nothing'` answers with no body at all.
  answer: (options: ImportRecordsOptions<ReturnContent, boolean>) =>
    options.returnContent === 'nothing' && !options.backgroundProcess ? 'empty' : 'json',
  finish: (value: unknown, options: ImportRecordsOptions<ReturnContent, boolean>) => readImportResult(value, options),
  run: async (context) => {
    const { params } = context;
    // Typed values (Dates, booleans, checkbox arrays, missing-data codes) become REDCap's text first.
    const data = typeof context.data === 'string' ? context.data : importRows(context, context.data as readonly TypedImportRow[]);
    if (typeof data !== 'string') checkValues(data, context.operation);
    if (params.type === 'eav') {
      if (params.batchSize !== undefined) {
        throw new RedcapValidationError(
          'batchSize',
          'batching groups rows by record, so it needs flat rows, not EAV rows.',
          context.operation,
        );
      }
      if (params.validate === true) {
        throw new RedcapValidationError(
          'validate',
          'the import checks read flat rows; EAV rows are judged by REDCap only.',
          context.operation,
        );
      }
      return context.send(params, data);
    }
    const check = importCheckOf(context);
    let rows: readonly ImportRow[];
    if (typeof data === 'string') {
      if (params.batchSize === undefined && check === undefined) return context.send(params, data);
      rows = readCsvRows(data, delimiterOf(params.csvDelimiter));
      if (rows.length === 0) {
        throw new RedcapValidationError('data', 'the CSV text has no data row under its header row.', context.operation);
      }
      if (check) runCheck(check, rows, context);
      // Unbatched, the text goes as given; batched, its rows go as JSON rows, whole records per batch.
      if (params.batchSize === undefined) return context.send(params, data);
    } else {
      rows = data as readonly ImportRow[];
      if (check) runCheck(check, rows, context);
    }
    const idField = (params.recordIdField as string | undefined) ?? Object.keys(rows[0]!)[0]!;
    preflight(rows, idField);
    return params.batchSize === undefined ? context.send(params, rows) : importBatches(context, rows, idField);
  },
});

const deleteRecordsParams: Schema<DeleteRecordsParams> = strictParams({
  records: nonEmptyList(recordName, 'record names'),
  arm: v.optional(positiveInteger),
  instrument: v.optional(name),
  event: v.optional(name),
  repeatInstance: v.optional(positiveInteger),
  deleteLogging: v.optional(flag),
});

/**
 * Deletes records, or parts of them (one instrument, event or instance). Returns
 * how many REDCap deleted. REDCap deletes nothing if any record does not exist.
 *
 * REDCap method: Delete Records (`content=record&action=delete`).
 *
 * @example
 * ```ts
 * await deleteRecords(client, { records: ['3', '4'] });
 * // Delete one form of one record in one event (the seed's "delete form"):
 * await deleteRecords(client, { records: ['1'], instrument: 'visits', event: 'visit_1_arm_1' });
 * ```
 */
export const deleteRecords: ParamsFunction<DeleteRecordsParams, number> = /* @__PURE__ */ defineMethod({
  name: 'deleteRecords',
  title: 'Delete Records',
  namespace: 'records',
  verb: 'delete',
  content: 'record',
  action: 'delete',
  since: '11.3.0',
  takes: 'params',
  retry: 'write',
  params: deleteRecordsParams,
  toWire: (params: DeleteRecordsParams) => ({
    params: {
      format: 'json',
      ...toWire(params, ['deleteLogging']),
      // REDCap keeps the logging only for the literal 0.
      delete_logging: params.deleteLogging === undefined ? undefined : params.deleteLogging ? 1 : 0,
    },
  }),
  answer: 'json',
  result: v.number(),
});

/**
 * The name REDCap would give the next auto-numbered record (it is not reserved).
 *
 * REDCap method: Generate Next Record Name (`content=generateNextRecordName`).
 *
 * @example
 * ```ts
 * const next = await generateNextRecordName(client); // '5'
 * ```
 */
export const generateNextRecordName: ParamsFunction<{}, string> = /* @__PURE__ */ defineMethod({
  name: 'generateNextRecordName',
  title: 'Generate Next Record Name',
  namespace: 'records',
  verb: 'generateNextName',
  content: 'generateNextRecordName',
  action: 'export',
  since: '6.18.0',
  takes: 'params',
  retry: 'read',
  params: strictParams({}),
  toWire: () => ({ params: {} }),
  answer: 'text',
  accept: (body) => /^\S+$/.test(body.trim()),
  finish: (value: string) => value.trim(),
});

const renameRecordParams: Schema<RenameRecordParams> = strictParams({
  record: recordName,
  newRecordName: recordName,
  arm: v.optional(positiveInteger),
});

/**
 * Renames a record (in every arm, or in `arm` only). Fails with REDCap's message,
 * e.g. when the record does not exist.
 *
 * REDCap method: Rename Record (`content=record&action=rename`).
 *
 * @example
 * ```ts
 * await redcap.records.rename({ record: '7', newRecordName: '1007' });
 * await renameRecord(client, { record: '7', newRecordName: '1007' });
 * ```
 */
export const renameRecord: ParamsFunction<RenameRecordParams, void> = /* @__PURE__ */ defineMethod({
  name: 'renameRecord',
  title: 'Rename Record',
  namespace: 'records',
  verb: 'rename',
  content: 'record',
  action: 'rename',
  since: '11.3.3',
  takes: 'params',
  retry: 'write',
  params: renameRecordParams,
  toWire: (params) => ({ params: toWire(params) }),
  answer: 'text',
  // REDCap answers 200 in every case: `1`, or a message such as `Current Record does not exists.`
  accept: (body) => body.trim() === '1',
  finish: () => undefined,
});

const randomizeRecordParams: Schema<RandomizeRecordParams & { format?: 'json' | 'csv' | 'xml' }> = strictParams({
  format: v.optional(format),
  record: recordName,
  randomizationId: positiveInteger,
  returnAlt: v.optional(flag),
});

const randomizeResult = v.looseObject({
  randomization_id: v.union([v.number(), v.string()]),
  record: v.union([v.string(), v.number()]),
  target_field: v.union([v.string(), v.number()]),
});

/** The randomize answer: CSV or XML text as is, JSON parsed and checked. */
function readRandomization(body: string, params: { format?: string }): unknown {
  if (params.format !== undefined && params.format !== 'json') return body;
  const operation = { content: 'record', action: 'randomize' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new RedcapResponseError('the body is not valid JSON: it was cut short, or did not come from REDCap', body, operation);
  }
  if (!v.is(randomizeResult, value)) {
    throw new RedcapResponseError("REDCap's answer does not have the expected shape (a randomization object).", body, operation);
  }
  return value;
}

/**
 * Randomizes a record and returns its allocation. REDCap's refusals (record
 * missing, already randomized, no allocation left) throw a `RedcapApiError` with
 * its message. Never retried: each call allocates.
 *
 * REDCap method: Randomize Record (`content=record&action=randomize`, REDCap 14.7.0+).
 *
 * @example
 * ```ts
 * const { target_field } = await redcap.records.randomize({ record: '21', randomizationId: 3 });
 * const allocation = await randomizeRecord(client, { record: '21', randomizationId: 3, returnAlt: true });
 * console.log(allocation.target_field, allocation.target_field_alt);
 * ```
 */
export const randomizeRecord: ExportFunction<RandomizeRecordParams, RandomizeResult> = /* @__PURE__ */ defineMethod({
  name: 'randomizeRecord',
  title: 'Randomize Record',
  namespace: 'records',
  verb: 'randomize',
  content: 'record',
  action: 'randomize',
  since: '14.7.0',
  takes: 'params',
  // Each call allocates: a retry after a lost answer would fail or allocate again.
  retry: 'never',
  params: randomizeRecordParams,
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  // Read as text: failures come as HTTP 200 texts (`Cannot randomize. Record does not exist.`).
  answer: 'text',
  accept: (body) => /^\s*[{<]/.test(body) || /^[a-z_]+(?:,[a-z_]+)+\r?\n/.test(body.trim()),
  finish: readRandomization,
});

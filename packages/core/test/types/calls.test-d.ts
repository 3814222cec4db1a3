// Type tests of the public call shapes, checked by `tsc` in the test command (never run).
import {
  type Arm,
  createRedcap,
  deleteArms,
  exportArms,
  exportRecords,
  importRecords,
  type ImportRecordsResult,
  type RecordRow,
  type Redcap,
  type RedcapClient,
} from '@redcap-sdk/core';
import { type MethodInfo, type MethodName, methodTable } from '@redcap-sdk/core/methods';
import { expectTypeOf } from 'expect-type';

declare const redcap: Redcap;
declare const client: RedcapClient;

// Exports: JSON rows by default, text for csv and xml.
expectTypeOf(redcap.records.export()).resolves.toEqualTypeOf<RecordRow[]>();
expectTypeOf(redcap.records.export({ format: 'json' })).resolves.toEqualTypeOf<RecordRow[]>();
expectTypeOf(redcap.records.export({ format: 'csv' })).resolves.toEqualTypeOf<string>();
expectTypeOf(redcap.records.export({ format: 'xml', fields: ['record_id'] })).resolves.toEqualTypeOf<string>();
expectTypeOf(exportRecords(client, { format: 'csv' })).resolves.toEqualTypeOf<string>();
expectTypeOf(redcap.arms.export()).resolves.toEqualTypeOf<Arm[]>();

// Imports: the result follows returnContent.
expectTypeOf(redcap.records.import([{ record_id: '1' }])).resolves.toEqualTypeOf<number>();
expectTypeOf(redcap.records.import([{ record_id: '1' }], { returnContent: 'ids' })).resolves.toEqualTypeOf<string[]>();
expectTypeOf(redcap.records.import([{ record_id: '1' }], { returnContent: 'auto_ids', forceAutoNumber: true })).resolves.toEqualTypeOf<
  { id: string; originalId: string }[]
>();
expectTypeOf(importRecords(client, 'record_id\n1', { returnContent: 'ids' })).resolves.toEqualTypeOf<ImportRecordsResult<'ids', false>>();

// Batches: an async iterator of row batches.
expectTypeOf(redcap.records.exportBatches({ batchSize: 100 })).toEqualTypeOf<AsyncGenerator<RecordRow[]>>();

// Required parameters and typos are compile errors.
// @ts-expect-error `arms` is required
void redcap.arms.delete();
// @ts-expect-error `arms` is required
void deleteArms(client);
// @ts-expect-error a misspelt parameter
void redcap.records.export({ feilds: ['record_id'] });
// @ts-expect-error a misspelt call option
void redcap.records.export({}, { timout: 5 });
// @ts-expect-error REDCap has no format 'tsv'
void redcap.records.export({ format: 'tsv' });
// @ts-expect-error import data is rows or CSV text
void redcap.records.import(42);
// @ts-expect-error the standalone function takes the client first
void exportArms({ arms: [1] });

// The facade and the standalone function have the same call, without the client.
type WithoutClient<F> = F extends (client: RedcapClient, ...rest: infer R) => infer Result ? (...rest: R) => Result : never;
expectTypeOf(redcap.arms.delete).toEqualTypeOf<WithoutClient<typeof deleteArms>>();
expectTypeOf(redcap.arms.delete).parameters.toEqualTypeOf<Parameters<WithoutClient<typeof deleteArms>>>();
expectTypeOf(redcap.version).returns.toEqualTypeOf<Promise<string>>();

// The method table is plain data with literal names.
expectTypeOf(methodTable).toEqualTypeOf<readonly MethodInfo[]>();
expectTypeOf<'exportRecords'>().toExtend<MethodName>();
expectTypeOf<'exportRecordz'>().not.toExtend<MethodName>();
expectTypeOf(createRedcap).returns.toEqualTypeOf<Redcap>();

// The token option: a string, or null for a proxy that adds it on the server.
expectTypeOf(createRedcap).toBeCallableWith({ url: 'https://study.example.edu/redcap-proxy/', token: null });
expectTypeOf(createRedcap).toBeCallableWith({ url: 'https://redcap.example.edu/api/', token: 'C0FFEE00DEADBEEF5EC12E7700C0FFEE' });
// Batched exports: rows by default, REDCap's CSV text with format 'csv'.
expectTypeOf(redcap.records.exportBatches()).toEqualTypeOf<AsyncGenerator<RecordRow[]>>();
expectTypeOf(redcap.records.exportBatches({ format: 'csv', batchSize: 100 })).toEqualTypeOf<AsyncGenerator<string>>();
expectTypeOf(redcap.records.export({ format: 'csv', batchSize: 100 })).resolves.toEqualTypeOf<string>();
// @ts-expect-error batching reads record ids, which XML does not give
redcap.records.exportBatches({ format: 'xml' });

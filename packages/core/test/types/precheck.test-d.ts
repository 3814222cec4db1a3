// Type tests of the import pre-check, checked by `tsc` in the test command (never run).
import { expectTypeOf } from 'expect-type';
import {
  checkImportRows,
  createRedcap,
  type RedcapBatchError,
  type RedcapImportCheckError,
  type RedcapValidationError,
  type CheckableProject,
  type ImportErrorDetail,
  type ImportProblem,
} from '@redcap-sdk/core';

declare const project: CheckableProject;
const problems = checkImportRows(project, [{ record_id: '1', age: 'abc' }], { dateFormat: 'MDY' });
expectTypeOf(problems).toEqualTypeOf<ImportProblem[]>();
expectTypeOf<ImportProblem>().toExtend<ImportErrorDetail>();
expectTypeOf<ImportProblem['row']>().toEqualTypeOf<number>();
expectTypeOf<RedcapImportCheckError>().toExtend<RedcapValidationError>();
expectTypeOf<RedcapImportCheckError['details']>().toEqualTypeOf<readonly ImportProblem[]>();
expectTypeOf<RedcapBatchError['details']>().toEqualTypeOf<readonly ImportErrorDetail[]>();

const redcap = createRedcap({ url: 'https://redcap.example.edu/api/', token: 'x' });
void redcap.records.import('record_id,age\n1,3', { batchSize: 100, validate: false, continueOnError: true, csvDelimiter: ';' });
// @ts-expect-error validate is a boolean
void redcap.records.import([{ record_id: '1' }], { validate: 'yes' });

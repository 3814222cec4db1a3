// Type tests of the project layer and of casting, checked by `tsc` in the test command (never run).
import {
  type CastReport,
  type CastRow,
  type Choice,
  exportRecords,
  loadProject,
  type MissingValue,
  projectFrom,
  type RecordRow,
  type Redcap,
  type RedcapClient,
  type RedcapProject,
} from '@redcap-sdk/core';
import { expectTypeOf } from 'expect-type';

declare const redcap: Redcap;
declare const client: RedcapClient;

// The project, loaded once: facade and standalone function.
expectTypeOf(redcap.project.load()).toEqualTypeOf<Promise<RedcapProject>>();
expectTypeOf(redcap.project.load({ refresh: true })).toEqualTypeOf<Promise<RedcapProject>>();
expectTypeOf(redcap.project.refresh()).toEqualTypeOf<Promise<RedcapProject>>();
expectTypeOf(loadProject(client)).toEqualTypeOf<Promise<RedcapProject>>();
// @ts-expect-error: load takes options, not a client
redcap.project.load(client);

const project = projectFrom({ metadata: [{ field_name: 'record_id', form_name: 'a', field_type: 'text' }] });
expectTypeOf(project.recordIdField).toEqualTypeOf<string>();
expectTypeOf(project.choicesOf('sex')).toEqualTypeOf<readonly Choice[]>();
expectTypeOf(project.checkboxColumns('race')).toEqualTypeOf<readonly string[]>();
expectTypeOf(project.formsOf('baseline_arm_1')).toEqualTypeOf<readonly string[]>();
expectTypeOf(project.missingDataCodes).toEqualTypeOf<readonly Choice[]>();
// @ts-expect-error: the project is immutable
project.recordIdField = 'x';

// Without cast: REDCap's rows, as before.
expectTypeOf(redcap.records.export()).toEqualTypeOf<Promise<RecordRow[]>>();
expectTypeOf(redcap.records.export({ cast: false })).toEqualTypeOf<Promise<RecordRow[]>>();
expectTypeOf(redcap.records.export({ format: 'csv' })).toEqualTypeOf<Promise<string>>();
// With cast: typed rows, or the rows with their report.
expectTypeOf(redcap.records.export({ cast: true })).toEqualTypeOf<Promise<CastRow[]>>();
expectTypeOf(redcap.records.export({ cast: { dates: 'date' } })).toEqualTypeOf<Promise<CastRow[]>>();
expectTypeOf(redcap.records.export({ cast: { invalid: 'report' } })).toEqualTypeOf<Promise<CastReport>>();
expectTypeOf(exportRecords(client, { cast: true })).toEqualTypeOf<Promise<CastRow[]>>();
expectTypeOf(redcap.reports.export({ reportId: 1, cast: { invalid: 'report' } })).toEqualTypeOf<Promise<CastReport>>();
expectTypeOf(redcap.records.exportBatches({ cast: true })).toEqualTypeOf<AsyncGenerator<CastRow[]>>();
// @ts-expect-error: not a cast option
redcap.records.export({ cast: { dates: 'iso' } });

// Import: typed values are accepted by the types (and converted once the project is loaded).
const missing: MissingValue = { missing: 'UNK', label: 'Unknown' };
redcap.records.import([{ record_id: '1', smoker: true, dob: new Date(), race: ['1', '2'], age: missing, note: null }], { labels: true });
// @ts-expect-error: labels is a boolean
redcap.records.import([{ record_id: '1' }], { labels: 'yes' });

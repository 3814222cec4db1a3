// Type tests of `createRedcap<Project>()`, checked by `tsc` in the test command (never run).
// `Project` is written as `redcap typegen` writes it, for a longitudinal project with a
// repeating form, a checkbox, and missing-data codes.
import {
  createRedcap,
  type InvalidValue,
  type MissingValue,
  type ProjectTypes,
  type RecordRow,
  type RecordRowOf,
  type Redcap,
  type RedcapDate,
  type TypedRedcap,
} from '@redcap-sdk/core';
import { expectTypeOf } from 'expect-type';

interface Project extends ProjectTypes {
  readonly recordId: 'record_id';
  readonly fields: {
    readonly record_id: { readonly form: 'demographics'; readonly kind: 'text' };
    readonly dob: { readonly form: 'demographics'; readonly kind: 'date' };
    readonly age: { readonly form: 'demographics'; readonly kind: 'number' };
    readonly sex: { readonly form: 'demographics'; readonly kind: 'choice'; readonly codes: '0' | '1' };
    readonly race: {
      readonly form: 'demographics';
      readonly kind: 'checkbox';
      readonly codes: '1' | '2' | '-1';
      readonly columns: { readonly race___1: '1'; readonly race___2: '2'; readonly race____1: '-1'; readonly race___unk: 'UNK' };
    };
    readonly consent: { readonly form: 'demographics'; readonly kind: 'boolean' };
    readonly visit_date: { readonly form: 'visits'; readonly kind: 'date' };
    readonly weight: { readonly form: 'visits'; readonly kind: 'number' };
    readonly scan: { readonly form: 'visits'; readonly kind: 'file' };
  };
  readonly forms: 'demographics' | 'visits';
  readonly events: { readonly baseline_arm_1: 'demographics'; readonly visit_1_arm_1: 'visits' };
  readonly repeatingForms: 'visits';
  readonly repeatingEvents: never;
  readonly missingCodes: 'UNK' | 'NA';
}

/** A classic project without repeating forms or missing-data codes. */
interface Classic extends ProjectTypes {
  readonly recordId: 'study_id';
  readonly fields: {
    readonly study_id: { readonly form: 'intake'; readonly kind: 'text' };
    readonly height: { readonly form: 'intake'; readonly kind: 'number' };
  };
  readonly forms: 'intake';
  readonly events: {};
  readonly repeatingForms: never;
  readonly repeatingEvents: never;
  readonly missingCodes: never;
}

declare const redcap: TypedRedcap<Project>;
declare const classic: TypedRedcap<Classic>;
declare const untyped: Redcap;

// The type parameter picks the typed overlay; without it the client is unchanged.
expectTypeOf(createRedcap<Project>({ url: 'https://redcap.example.edu/api/', token: null })).toEqualTypeOf<TypedRedcap<Project>>();
expectTypeOf(createRedcap({ url: 'https://redcap.example.edu/api/', token: null })).toEqualTypeOf<Redcap>();
expectTypeOf(untyped.records.export({ fields: ['anything'] })).resolves.toEqualTypeOf<RecordRow[]>();
untyped.records.import([{ anything: 'goes' }]);
// The other namespaces, and the standalone functions' client parameter, are the same.
expectTypeOf(redcap.metadata).toEqualTypeOf<Redcap['metadata']>();
expectTypeOf(redcap.records.delete).toEqualTypeOf<Redcap['records']['delete']>();
expectTypeOf(redcap).toExtend<Redcap['records'] extends unknown ? Omit<Redcap, 'records'> : never>();

// Only real field names, forms and events are accepted.
void redcap.records.export({ fields: ['record_id', 'age', 'visits_complete'] });
void redcap.records.export({ forms: ['visits'], events: ['visit_1_arm_1'] });
// @ts-expect-error no field `agee`
void redcap.records.export({ fields: ['record_id', 'agee'] });
// @ts-expect-error no form `labs`
void redcap.records.export({ forms: ['labs'] });
// @ts-expect-error no event `week_2_arm_1`
void redcap.records.export({ events: ['week_2_arm_1'] });
// @ts-expect-error a checkbox column is not a field name for `fields` (REDCap wants `race`)
void redcap.records.export({ fields: ['race___1'] });

// Rows are typed by the fields asked for; the record id brings REDCap's event and repeat columns.
expectTypeOf(redcap.records.export({ fields: ['record_id', 'sex', 'dob'] })).resolves.toEqualTypeOf<
  {
    redcap_event_name: 'baseline_arm_1' | 'visit_1_arm_1';
    redcap_repeat_instrument: 'visits' | '';
    redcap_repeat_instance: number | '';
    record_id: string;
    sex: '0' | '1' | '';
    dob: RedcapDate | '';
  }[]
>();
// Without the record id REDCap sends no record id, event or repeat column.
expectTypeOf(redcap.records.export({ fields: ['age'] })).resolves.toEqualTypeOf<{ age: string }[]>();
// Checkbox fields come as their `___code` columns in raw rows, missing-data columns included.
expectTypeOf(redcap.records.export({ fields: ['race'] })).resolves.toEqualTypeOf<
  { race___1: '0' | '1' | ''; race___2: '0' | '1' | ''; race____1: '0' | '1' | ''; race___unk: '0' | '1' | '' }[]
>();
// A form brings its fields and its status column.
type VisitRow = Awaited<ReturnType<typeof redcap.records.export<readonly [], readonly ['visits']>>>[number];
expectTypeOf<keyof VisitRow>().toEqualTypeOf<'visit_date' | 'weight' | 'scan' | 'visits_complete'>();
// No fields: every field and status column, with the record id.
type FullRow = RecordRowOf<Project>;
expectTypeOf(redcap.records.export()).resolves.toEqualTypeOf<FullRow[]>();
expectTypeOf(redcap.records.export({ fields: ['age'], cast: true })).resolves.toEqualTypeOf<RecordRowOf<Project, 'age', true>[]>();
expectTypeOf<FullRow['record_id']>().toEqualTypeOf<string>();
expectTypeOf<FullRow['consent']>().toEqualTypeOf<'0' | '1' | ''>();
expectTypeOf<FullRow['demographics_complete']>().toEqualTypeOf<'0' | '1' | '2' | ''>();
expectTypeOf<FullRow>().not.toHaveProperty('race');
// Labels: every value a string. Text formats: the text. EAV: untyped rows.
expectTypeOf(redcap.records.export({ fields: ['sex'], rawOrLabel: 'label' })).resolves.toEqualTypeOf<{ sex: string }[]>();
expectTypeOf(redcap.records.export({ fields: ['sex'], format: 'csv' })).resolves.toEqualTypeOf<string>();
expectTypeOf(redcap.records.export({ type: 'eav' })).resolves.toEqualTypeOf<RecordRow[]>();

// Cast rows: numbers, booleans, dates as REDCap's text, code arrays, null for a blank, the missing-data code kept.
expectTypeOf(
  redcap.records.export({ fields: ['record_id', 'age', 'consent', 'dob', 'race', 'sex', 'scan', 'demographics_complete'], cast: true }),
).resolves.toEqualTypeOf<
  {
    record_id: string;
    redcap_event_name: 'baseline_arm_1' | 'visit_1_arm_1';
    redcap_repeat_instrument: 'visits' | null;
    redcap_repeat_instance: number | null;
    age: number | null | MissingValue;
    consent: boolean | null | MissingValue;
    dob: RedcapDate | null | MissingValue;
    race: readonly ('1' | '2' | '-1')[] | null | MissingValue;
    sex: '0' | '1' | null | MissingValue;
    scan: string | null | MissingValue;
    demographics_complete: 0 | 1 | 2 | null;
  }[]
>();
// `dates: 'date'` gives Dates; `invalid: 'report'` gives the rows beside the values that did not fit.
expectTypeOf(redcap.records.export({ fields: ['dob'], cast: { dates: 'date', invalid: 'report' } })).resolves.toEqualTypeOf<{
  readonly rows: { dob: Date | null | MissingValue }[];
  readonly invalid: InvalidValue[];
}>();
expectTypeOf(redcap.records.export({ fields: ['dob', 'sex'], cast: { choices: 'labels' } })).resolves.toEqualTypeOf<
  { dob: RedcapDate | null | MissingValue; sex: string | null | MissingValue }[]
>();
// A project without missing-data codes never gives a MissingValue.
expectTypeOf(classic.records.export({ fields: ['height'], cast: true })).resolves.toEqualTypeOf<{ height: number | null }[]>();
expectTypeOf(classic.records.export({ fields: ['study_id'] })).resolves.toEqualTypeOf<{ study_id: string }[]>();

// Batches: the same rows, batch by batch.
expectTypeOf(redcap.records.exportBatches({ fields: ['age'], batchSize: 10, cast: true })).toEqualTypeOf<
  AsyncGenerator<{ age: number | null | MissingValue }[]>
>();
expectTypeOf(redcap.records.exportBatches({ format: 'csv' })).toEqualTypeOf<AsyncGenerator<string>>();
// @ts-expect-error no field `agee`
void redcap.records.exportBatches({ fields: ['agee'] });

// Imports: the project's columns only, each with the values its field takes.
expectTypeOf(
  redcap.records.import([{ record_id: '1', age: 42, race___2: '1', sex: '0', dob: '2024-03-01' }]),
).resolves.toEqualTypeOf<number>();
expectTypeOf(
  redcap.records.import(
    [{ record_id: '1', redcap_event_name: 'visit_1_arm_1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 'new' }],
    { returnContent: 'ids' },
  ),
).resolves.toEqualTypeOf<string[]>();
void redcap.records.import('record_id,agee\n1,2');
void redcap.records.import([{ record_id: '1', age: 'NA' }]);
// @ts-expect-error no field `agee`
void redcap.records.import([{ record_id: '1', agee: 42 }]);
// @ts-expect-error no field `bogus`, in the second row
void redcap.records.import([{ record_id: '1' }, { record_id: '2', bogus: 'x' }]);
// Typed values, as casting gives them: Dates, booleans, a checkbox field's codes, a MissingValue.
void redcap.records.import([
  { record_id: '1', dob: new Date(1980, 3, 12), consent: true, race: ['1', '-1'], age: { missing: 'NA', label: 'N/A' } },
]);
// With `labels: true`, choices may be given by their labels.
void redcap.records.import([{ record_id: '1', sex: 'Female', race: ['White'] }], { labels: true });
// @ts-expect-error a checkbox field takes the array of its codes (or its `race___code` columns)
void redcap.records.import([{ record_id: '1', race: '1' }]);
// @ts-expect-error `7` is not a code of `race`
void redcap.records.import([{ record_id: '1', race: ['7'] }]);
// @ts-expect-error a Date is not a value of a number field
void redcap.records.import([{ record_id: '1', age: new Date() }]);
// @ts-expect-error `2` is not a code of `sex`
void redcap.records.import([{ record_id: '1', sex: '2' }]);
// @ts-expect-error no event `week_2_arm_1`
void redcap.records.import([{ record_id: '1', redcap_event_name: 'week_2_arm_1' }]);
// Rows held in a variable are checked too, not only object literals.
const stored = { record_id: '1', agee: '42' };
// @ts-expect-error no field `agee`
void redcap.records.import([stored]);
declare const many: { record_id: string; bogus: string }[];
// @ts-expect-error no field `bogus`
void redcap.records.import(many);
// What a raw export gives can be imported back.
declare const exported: RecordRowOf<Project>[];
void redcap.records.import(exported);

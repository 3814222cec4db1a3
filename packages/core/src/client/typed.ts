// The typed overlay of `createRedcap<Project>()`: the same client at run time, with the
// records namespace's signatures narrowed to one project's fields, forms and events.
// Types only: nothing here reaches a bundle.
import type { ExportRecordsParams, ImportRecordsOptions, ImportRecordsResult, RecordRow, ReturnContent } from '../methods/records/types.ts';
import type { Format } from '../methods/shapes.ts';
import type {
  CastDates,
  CastFieldValue,
  CheckboxColumn,
  CheckboxFieldName,
  CompleteField,
  EventName,
  FieldName,
  FieldTypes,
  FieldsOfForms,
  ProjectTypes,
  RawValue,
  RecordColumn,
} from '../project/types.ts';
import type { CastOptions, InvalidValue } from '../project/cast-types.ts';
import type { MissingValue } from '../project/values.ts';
import type { RedcapClient } from './create-client.ts';
import type { RecordsNamespace, RedcapNamespaces } from './namespaces.ts';
import type { CallOptions } from './options.ts';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The `cast` option of a typed export: `false` (raw strings, the default), `true`, or
 * {@link CastOptions} (`dates`, `choices`, `invalid`), as at run time.
 *
 * @example
 * ```ts
 * const cast: CastOption = { dates: 'date', choices: 'labels' };
 * ```
 */
export type CastOption = boolean | CastOptions;

/** The record id and REDCap's own columns, which come with the record id column (see `RecordIdColumns`). */
type RawPlumbing<P extends ProjectTypes> = ([EventName<P>] extends [never] ? {} : { redcap_event_name: EventName<P> }) &
  ([P['repeatingForms'] | P['repeatingEvents']] extends [never]
    ? {}
    : { redcap_repeat_instrument: P['repeatingForms'] | ''; redcap_repeat_instance: number | '' });

type CastPlumbing<P extends ProjectTypes> = ([EventName<P>] extends [never] ? {} : { redcap_event_name: EventName<P> }) &
  ([P['repeatingForms'] | P['repeatingEvents']] extends [never]
    ? {}
    : { redcap_repeat_instrument: P['repeatingForms'] | null; redcap_repeat_instance: number | null });

type Missing<P extends ProjectTypes> = [P['missingCodes']] extends [never] ? never : MissingValue;

/**
 * The fields a typed export returns: the ones asked for by `fields` and `forms`, all when neither is given.
 *
 * @example
 * ```ts
 * type Some = SelectedFields<Project, 'age', never>; // 'age'
 * ```
 */
export type SelectedFields<P extends ProjectTypes, Fi extends string, Fo extends string> = [Fi | Fo] extends [never]
  ? FieldName<P>
  : Extract<Fi, FieldName<P>> | FieldsOfForms<P, Fo>;

/**
 * The form status columns a typed export returns: those asked for, and those of the forms asked for.
 *
 * @example
 * ```ts
 * type Status = SelectedComplete<Project, never, 'visits'>; // 'visits_complete'
 * ```
 */
export type SelectedComplete<P extends ProjectTypes, Fi extends string, Fo extends string> = [Fi | Fo] extends [never]
  ? CompleteField<P>
  : Extract<Fi, CompleteField<P>> | (`${Fo}_complete` & CompleteField<P>);

/**
 * Whether the record id column (and with it `redcap_event_name` and the repeat columns)
 * is in the rows. REDCap leaves them all out when `fields` or `forms` are given without
 * the record id field (its 15.7.6 code; REDCapR's `specify-fields-without-record-id` fixture),
 * so ask for it to have them.
 */
type HasRecordId<P extends ProjectTypes, S extends string> = P['recordId'] extends S ? true : false;

/**
 * A raw row of a typed export: every value a string as REDCap sends it (`""` for a blank),
 * narrowed by the field (choice codes, `0`/`1`, ISO-like dates); checkbox fields as their
 * `field___code` columns.
 *
 * @example
 * ```ts
 * type Row = RawRecordRowOf<Project, 'record_id' | 'sex', never>;
 * // { record_id: string; redcap_event_name: 'baseline_arm_1' | ...; sex: '0' | '1' | '' }
 * ```
 */
export type RawRecordRowOf<P extends ProjectTypes, S extends FieldName<P>, C extends CompleteField<P>> = Simplify<
  (HasRecordId<P, S> extends true ? RawPlumbing<P> : {}) & {
    [K in Exclude<S, CheckboxFieldName<P>>]: RawValue<P['fields'][K]> | '';
  } & { [K in CheckboxColumn<P, S>]: '0' | '1' | '' } & { [K in C]: '0' | '1' | '2' | '' }
>;

/**
 * A row of a typed export with `rawOrLabel: 'label'`: the raw row's columns, every value a label string.
 *
 * @example
 * ```ts
 * type Row = LabelRecordRowOf<Project, 'sex', never>; // { sex: string }
 * ```
 */
export type LabelRecordRowOf<P extends ProjectTypes, S extends FieldName<P>, C extends CompleteField<P>> = {
  [K in keyof RawRecordRowOf<P, S, C>]: K extends 'redcap_repeat_instance' ? number | '' : string;
};

/**
 * A row of a typed export with `cast`: numbers, booleans, `Date`s (or ISO-like strings
 * with `dates: 'string'`), choice codes (or labels), checkbox fields as the array of
 * their selected codes, `null` for a blank and {@link MissingValue} for a missing-data code
 * (when the project has missing-data codes). The record id stays a string.
 *
 * @example
 * ```ts
 * type Row = CastRecordRowOf<Project, 'record_id' | 'age', never, 'date', false>;
 * // { record_id: string; age: number | null | MissingValue; ... }
 * ```
 */
export type CastRecordRowOf<
  P extends ProjectTypes,
  S extends FieldName<P>,
  C extends CompleteField<P>,
  D extends CastDates,
  L extends boolean,
> = Simplify<
  (HasRecordId<P, S> extends true ? { [K in P['recordId']]: string } & CastPlumbing<P> : {}) & {
    [K in Exclude<S, P['recordId']>]: CastFieldValue<P['fields'][K], D, L> | null | Missing<P>;
  } & { [K in C]: 0 | 1 | 2 | null }
>;

type DatesOf<C> = C extends { readonly dates: 'date' } ? 'date' : 'string';
type LabelsOf<C> = C extends { readonly choices: 'labels' } ? true : false;
/** Cast rows as they come: the array, or `{ rows, invalid }` with `invalid: 'report'`. */
type CastRowsOf<C, Row> = C extends { readonly invalid: 'report' } ? { readonly rows: Row[]; readonly invalid: InvalidValue[] } : Row[];

/**
 * The rows of a typed export, by what it asked for.
 *
 * @example
 * ```ts
 * type Rows = TypedRecordRows<Project, 'age', never, 'raw', 'flat', true>; // { age: number | null }[]
 * ```
 */
export type TypedRecordRows<
  P extends ProjectTypes,
  Fi extends string,
  Fo extends string,
  L extends 'raw' | 'label',
  T extends 'flat' | 'eav',
  C extends CastOption,
> = T extends 'eav'
  ? RecordRow[]
  : C extends false
    ? L extends 'label'
      ? LabelRecordRowOf<P, SelectedFields<P, Fi, Fo>, SelectedComplete<P, Fi, Fo>>[]
      : RawRecordRowOf<P, SelectedFields<P, Fi, Fo>, SelectedComplete<P, Fi, Fo>>[]
    : CastRowsOf<C, CastRecordRowOf<P, SelectedFields<P, Fi, Fo>, SelectedComplete<P, Fi, Fo>, DatesOf<C>, LabelsOf<C>>>;

/**
 * One row of a typed export of the fields `S` (all fields when left out): raw by default,
 * cast with `C` (`true` or {@link CastOptions}). A name to write for the rows of a project.
 *
 * @example
 * ```ts
 * type Row = RecordRowOf<Project>; // what `records.export()` gives
 * type AgeRow = RecordRowOf<Project, 'record_id' | 'age', true>; // with `cast: true`
 * function summarize(rows: readonly Row[]): void {}
 * ```
 */
export type RecordRowOf<P extends ProjectTypes, S extends FieldName<P> | CompleteField<P> = never, C extends CastOption = false> =
  TypedRecordRows<P, S, never, 'raw', 'flat', C> extends infer Rows
    ? Rows extends readonly (infer Row)[]
      ? Row
      : Rows extends { readonly rows: readonly (infer Row)[] }
        ? Row
        : never
    : never;

/**
 * The parameters of a typed records export: {@link ExportRecordsParams} with `fields`,
 * `forms` and `events` limited to the project's own names, and `cast`.
 *
 * @example
 * ```ts
 * const params: TypedExportRecordsParams<Project> = { fields: ['record_id', 'age'], events: ['baseline_arm_1'] };
 * ```
 */
export interface TypedExportRecordsParams<
  P extends ProjectTypes,
  Fi extends readonly (FieldName<P> | CompleteField<P>)[] = readonly (FieldName<P> | CompleteField<P>)[],
  Fo extends readonly P['forms'][] = readonly P['forms'][],
  F extends Format = Format,
  L extends 'raw' | 'label' = 'raw' | 'label',
  T extends 'flat' | 'eav' = 'flat' | 'eav',
  C extends CastOption = CastOption,
> extends Omit<ExportRecordsParams, 'fields' | 'forms' | 'events' | 'rawOrLabel' | 'type'> {
  /** The project's fields (and `<form>_complete` columns) to export, with completion; all when neither `fields` nor `forms` is given. */
  readonly fields?: Fi;
  /** The project's forms whose fields to export. */
  readonly forms?: Fo;
  /** The project's unique event names. */
  readonly events?: readonly EventName<P>[];
  /** The data format. @default 'json' */
  readonly format?: F;
  /** Raw codes or their labels. @default 'raw' */
  readonly rawOrLabel?: L;
  /** `flat`: one row per record, event and instance (typed); `eav`: one row per value (untyped). @default 'flat' */
  readonly type?: T;
  /** Cast the rows to typed values by the project's fields. @default false */
  readonly cast?: C;
}

type ExportFields<P extends ProjectTypes> = readonly (FieldName<P> | CompleteField<P>)[];

/**
 * `records.export()` of a typed client: only the project's fields, forms and events, and
 * rows typed by the fields asked for.
 *
 * @example
 * ```ts
 * const rows = await redcap.records.export({ fields: ['record_id', 'age'], cast: true });
 * const age: number | null | undefined = rows[0]?.age as number | null | undefined;
 * ```
 */
export type TypedExportRecordsCall<P extends ProjectTypes> = <
  const Fi extends ExportFields<P> = readonly [],
  const Fo extends readonly P['forms'][] = readonly [],
  F extends Format = 'json',
  L extends 'raw' | 'label' = 'raw',
  T extends 'flat' | 'eav' = 'flat',
  C extends CastOption = false,
>(
  params?: TypedExportRecordsParams<P, Fi, Fo, F, L, T, C>,
  options?: CallOptions,
) => Promise<F extends 'json' ? TypedRecordRows<P, Fi[number], Fo[number], L, T, C> : string>;

/**
 * `records.exportBatches()` of a typed client: batches of typed rows, or CSV text.
 *
 * @example
 * ```ts
 * for await (const rows of redcap.records.exportBatches({ batchSize: 500, fields: ['record_id', 'age'] })) save(rows);
 * ```
 */
export type TypedExportBatchesCall<P extends ProjectTypes> = <
  const Fi extends ExportFields<P> = readonly [],
  const Fo extends readonly P['forms'][] = readonly [],
  F extends 'json' | 'csv' = 'json',
  L extends 'raw' | 'label' = 'raw',
  C extends CastOption = false,
>(
  params?: TypedExportRecordsParams<P, Fi, Fo, F, L, 'flat', C>,
  options?: CallOptions,
) => AsyncGenerator<F extends 'csv' ? string : TypedRecordRows<P, Fi[number], Fo[number], L, 'flat', C>>;

/**
 * What a typed import takes for one column: the raw strings REDCap accepts (choice codes,
 * `0`/`1`, ISO-like dates, a missing-data code) or the values casting gives (numbers,
 * booleans, `Date`s, a checkbox field's array of codes, a {@link MissingValue}), and
 * `null`, `undefined` or `""` for a blank. With `labels: true`, choices may be labels (`Lb`).
 *
 * @example
 * ```ts
 * const sex: TypedImportValue<Project, 'sex'> = '1';
 * const dob: TypedImportValue<Project, 'dob'> = new Date(1980, 3, 12);
 * ```
 */
export type TypedImportValue<P extends ProjectTypes, K extends ImportColumn<P>, Lb extends boolean = false> =
  | (K extends CheckboxColumn<P>
      ? '0' | '1' | 0 | 1
      : K extends FieldName<P>
        ? FieldImportValue<P['fields'][K], Lb> | P['missingCodes'] | Missing<P>
        : K extends CompleteField<P>
          ? '0' | '1' | '2' | 0 | 1 | 2
          : K extends 'redcap_repeat_instance'
            ? number | 'new'
            : K extends 'redcap_event_name'
              ? EventName<P>
              : K extends 'redcap_repeat_instrument'
                ? P['repeatingForms']
                : string)
  | ''
  | null
  | undefined;

/** One field's import value besides blanks and missing-data codes: its raw text, or its cast value. */
type FieldImportValue<F extends FieldTypes, Lb extends boolean> = F['kind'] extends 'checkbox'
  ? readonly (Lb extends true ? string : NonNullable<F['codes']>)[]
  : F['kind'] extends 'choice'
    ? Lb extends true
      ? string
      : RawValue<F>
    : RawValue<F> | CastFieldValue<F, 'date', false>;

/**
 * A row to import into a typed client: only the project's columns.
 *
 * @example
 * ```ts
 * const row: TypedImportRow<Project> = { record_id: '7', age: 42, race___2: '1' };
 * ```
 */
export type TypedImportRow<P extends ProjectTypes, Lb extends boolean = false> = {
  readonly [K in ImportColumn<P>]?: TypedImportValue<P, K, Lb>;
};

/** The columns an import takes: an export's columns, and a checkbox field's name for the array of its checked codes. */
type ImportColumn<P extends ProjectTypes> = RecordColumn<P> | CheckboxFieldName<P>;

/** Each row with its unknown columns typed `never`, so that a row held in a variable is checked too (not only object literals). */
type KnownColumnsOnly<R extends readonly unknown[], Allowed extends string> = {
  readonly [I in keyof R]: R[I] & { readonly [K in Exclude<keyof R[I], Allowed>]: never };
};

/**
 * `records.import()` of a typed client: rows with an unknown column, or a value that does
 * not fit its field, do not compile. CSV text is taken as it is.
 *
 * @example
 * ```ts
 * await redcap.records.import([{ record_id: '7', age: 42 }]);
 * // @ts-expect-error no field `agee`
 * await redcap.records.import([{ record_id: '7', agee: 42 }]);
 * ```
 */
export type TypedImportRecordsCall<P extends ProjectTypes> = <
  const R extends readonly TypedImportRow<P, Lb>[],
  C extends ReturnContent = 'count',
  B extends boolean = false,
  Lb extends boolean = false,
>(
  data: (R & KnownColumnsOnly<R, ImportColumn<P>>) | string,
  options?: ImportRecordsOptions<C, B> & CallOptions & { readonly labels?: Lb },
) => Promise<ImportRecordsResult<C, B>>;

/**
 * `redcap.records` of a typed client: export, batched export and import typed by the
 * project; the other methods as in {@link RecordsNamespace}.
 *
 * @example
 * ```ts
 * const records: TypedRecordsNamespace<Project> = redcap.records;
 * ```
 */
export interface TypedRecordsNamespace<P extends ProjectTypes> extends Omit<RecordsNamespace, 'export' | 'exportBatches' | 'import'> {
  /** Exports records, typed by the fields asked for. See {@link RecordsNamespace.export}. */
  readonly export: TypedExportRecordsCall<P>;
  /** Exports records batch by batch, typed by the fields asked for. See {@link RecordsNamespace.exportBatches}. */
  readonly exportBatches: TypedExportBatchesCall<P>;
  /** Imports records; unknown columns do not compile. See {@link RecordsNamespace.import}. */
  readonly import: TypedImportRecordsCall<P>;
}

/**
 * The client `createRedcap<Project>(options)` returns: a {@link Redcap} whose records
 * namespace is typed by the project (see {@link ProjectTypes}). The same object at run time.
 *
 * @example
 * ```ts
 * import type { Project } from './project.ts';
 *
 * const redcap: TypedRedcap<Project> = createRedcap<Project>({ url, token });
 * ```
 */
export type TypedRedcap<P extends ProjectTypes> = RedcapClient &
  Omit<RedcapNamespaces, 'records'> & {
    /** Records typed by the project: see {@link TypedRecordsNamespace}. */
    readonly records: TypedRecordsNamespace<P>;
  };

import type { RedcapClient } from '../client/create-client.ts';
import type { CallOptions } from '../client/options.ts';

/** The data formats REDCap answers in. JSON is parsed; CSV and XML come back as text. */
export type Format = 'json' | 'csv' | 'xml';

/** The result of an export in format `F`: parsed JSON, or the text REDCap sent. */
export type Formatted<F extends Format, Json> = F extends 'json' ? Json : string;

/** Arguments `(params?, options?)`, with `params` required when any of its keys is. */
export type ParamArgs<P> = {} extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

/**
 * A standalone function type that knows its namespace form (`redcap.<namespace>.<verb>`):
 * a phantom member, never set, read only by {@link CallOf}.
 */
export interface HasCall<Call> {
  /** Type-level only: the method as a namespace member. Never set. */
  readonly '~call'?: Call;
}

/** The namespace form of a standalone method function: the same call without the client. */
export type CallOf<F extends HasCall<unknown>> = NonNullable<F['~call']>;

/** An export whose result depends on `format`. */
export type ExportCall<P, Json> = <F extends Format = 'json'>(
  ...args: ParamArgs<P & { readonly format?: F }>
) => Promise<Formatted<F, Json>>;
/** {@link ExportCall} as a standalone function taking the client first. */
export interface ExportFunction<P, Json> extends HasCall<ExportCall<P, Json>> {
  <F extends Format = 'json'>(client: RedcapClient, ...args: ParamArgs<P & { readonly format?: F }>): Promise<Formatted<F, Json>>;
}

/** A call taking one parameters object and resolving to `R`. */
export type ParamsCall<P, R> = (...args: ParamArgs<P>) => Promise<R>;
/** {@link ParamsCall} as a standalone function taking the client first. */
export interface ParamsFunction<P, R> extends HasCall<ParamsCall<P, R>> {
  (client: RedcapClient, ...args: ParamArgs<P>): Promise<R>;
}

/** An import: the data first, then REDCap's import parameters and the call options in one object. */
export type DataCall<D, O, R> = (data: D, options?: O & CallOptions) => Promise<R>;
/** {@link DataCall} as a standalone function taking the client first. */
export interface DataFunction<D, O, R> extends HasCall<DataCall<D, O, R>> {
  (client: RedcapClient, data: D, options?: O & CallOptions): Promise<R>;
}

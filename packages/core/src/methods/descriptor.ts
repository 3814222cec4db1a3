import type * as v from 'valibot';
import type { WireFile, WireValue } from '../request/encode.ts';
import type { AnswerKind } from '../request/read-answer.ts';
import type { RunContext } from './invoke.ts';

/** Which calls may be sent again after a failure. */
export type RetryKind = 'read' | 'write' | 'never';

/** What a descriptor turns validated parameters into. */
export interface WireCall {
  readonly params: Readonly<Record<string, WireValue>>;
  readonly file?: WireFile;
}

/**
 * One REDCap API method: everything the client, the namespaces, the simulator,
 * the docs table and the every-method tests need to know about it.
 * `Call` is the namespace method's type; it exists only at the type level.
 */
export interface MethodDescriptor<Call = unknown, Namespace extends string = string, Verb extends string = string> {
  /** The standalone function's name, after REDCap's method name: `exportRecords`. */
  readonly name: string;
  /** REDCap's method name as its docs title it: `Export Records`. */
  readonly title: string;
  /** The namespace of `createRedcap`'s client (`''` for methods on the client itself). */
  readonly namespace: Namespace;
  /** The method's name in its namespace: `export`. */
  readonly verb: Verb;
  readonly content: string;
  readonly action: string;
  /** The REDCap version that added the method. */
  readonly since: string;
  /** `params`: `(params?, options?)`; `data`: `(data, options?)` with call options inside. */
  readonly takes: 'params' | 'data';
  /** Whether failures are retried: by default for reads, on request for writes, never for writes that could duplicate. */
  readonly retry: RetryKind | ((params: any) => RetryKind);
  /** Schema of the parameters (for `data` methods: the options, call options excluded). Unknown keys are errors. */
  readonly params: v.GenericSchema<any, any>;
  /** Schema of the data of `data` methods. */
  readonly data?: v.GenericSchema<any, any> | undefined;
  /** REDCap's parameters for validated input. */
  readonly toWire: (params: any, data: any) => WireCall;
  /** What the body holds (per call when it depends on the parameters). `json` becomes text when `format` is csv or xml. */
  readonly answer: AnswerKind | ((params: any) => AnswerKind);
  /** For text answers: false when the 200 body is REDCap's error text, not a result. */
  readonly accept?: ((text: string) => boolean) | undefined;
  /** The error text when `accept` refuses a body, for answers that must not be repeated (tokens). */
  readonly refusal?: ((text: string) => string) | undefined;
  /** Schema the parsed JSON answer must match (loose: newer REDCaps add keys). */
  readonly result?: v.GenericSchema<any, any> | undefined;
  /** Turns the checked answer into what the caller gets. */
  readonly finish?: ((value: any, params: any) => unknown) | undefined;
  /** A flow of its own (batching) instead of one request; `context.send()` sends one. */
  readonly run?: ((context: RunContext) => Promise<unknown>) | undefined;
  /** The answer is the server's version: the client remembers it. */
  readonly tellsVersion?: boolean;
  /** Phantom: the namespace method's type. Never set. */
  readonly call?: Call;
}

/**
 * Declares a method. Only a typing helper: the object is returned as is.
 *
 * @example
 * ```ts
 * export const exportVersionMethod: MethodDescriptor<TextCall, '', 'version'> = defineMethod({ ... });
 * ```
 */
export function defineMethod<Call, Namespace extends string, Verb extends string>(
  descriptor: MethodDescriptor<Call, Namespace, Verb>,
): MethodDescriptor<Call, Namespace, Verb> {
  return descriptor;
}

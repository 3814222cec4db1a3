import type * as v from 'valibot';
import type { RedcapClient } from '../client/create-client.ts';
import type { WireFile, WireValue } from '../request/encode.ts';
import type { AnswerKind } from '../request/read-answer.ts';
import { invoke, type RunContext } from './invoke.ts';

/** Which calls may be sent again after a failure. */
export type RetryKind = 'read' | 'write' | 'never';

/** What a descriptor turns validated parameters into. */
export interface WireCall {
  readonly params: Readonly<Record<string, WireValue>>;
  readonly file?: WireFile;
}

/**
 * One REDCap API method: everything the client, the namespaces, the simulator,
 * the docs table and the every-method tests need to know about it. Internal:
 * users see the function {@link defineMethod} makes of it.
 */
export interface MethodDescriptor {
  /** The standalone function's name, after REDCap's method name: `exportRecords`. */
  readonly name: string;
  /** REDCap's method name as its docs title it: `Export Records`. */
  readonly title: string;
  /** The namespace of `createRedcap`'s client (`''` for methods on the client itself). */
  readonly namespace: string;
  /** The method's name in its namespace: `export`. */
  readonly verb: string;
  readonly content: string;
  readonly action: string;
  /** The REDCap version that added the method. */
  readonly since: string;
  /** `params`: `(params?, options?)`; `data`: `(data, options?)` with call options inside. */
  readonly takes: 'params' | 'data';
  /** Whether failures are retried: by default for reads, on request for writes, never for writes that could duplicate. */
  readonly retry: RetryKind | ((params: any, data: any) => RetryKind);
  /** For the docs table: the parameter that makes a write, otherwise retried on request, never retried. */
  readonly neverRetriedWhen?: string;
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
}

/**
 * Where a method function keeps its descriptor. A registered symbol, so that the
 * SDK's own tests reach it through the built package too; it is in no public type.
 */
const descriptorKey: unique symbol = Symbol.for('@redcap-sdk/core/method');

/**
 * Declares a REDCap method once and returns its standalone function, typed by the
 * declaration's annotation: `(client, ...args) => Promise<result>`. Free of side
 * effects, so that a bundle drops every method it does not call.
 *
 * @example
 * ```ts
 * export const exportVersion: ParamsFunction<{}, string> = defineMethod({ name: 'exportVersion', ... });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineMethod<F>(descriptor: MethodDescriptor): F {
  const method = (client: RedcapClient, ...args: unknown[]): Promise<unknown> => invoke(client, descriptor, args);
  Object.defineProperty(method, descriptorKey, { value: descriptor });
  return method as F;
}

/**
 * The descriptor behind a function made by {@link defineMethod}.
 *
 * @example
 * ```ts
 * const { content, action } = descriptorOf(exportRecords); // 'record', 'export'
 * ```
 */
export function descriptorOf(method: unknown): MethodDescriptor {
  const descriptor = (method as { [descriptorKey]?: MethodDescriptor } | undefined)?.[descriptorKey];
  if (!descriptor) throw new TypeError('Expected a REDCap method function of @redcap-sdk/core.');
  return descriptor;
}

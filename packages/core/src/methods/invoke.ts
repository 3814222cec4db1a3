import * as v from 'valibot';
import type { RedcapClient } from '../client/create-client.ts';
import { callOptionNames, type CallOptions } from '../client/options.ts';
import { stateOf } from '../client/state.ts';
import { checkByteLimit, checkRetryOption, checkTimeout } from '../client/check-options.ts';
import { checkObserver } from '../client/events.ts';
import { RedcapHttpError } from '../errors/http-error.ts';
import { RedcapResponseError } from '../errors/response-error.ts';
import { RedcapValidationError } from '../errors/validation-error.ts';
import type { RedcapOperation } from '../errors/redcap-error.ts';
import { scrub } from '../internal/scrub.ts';
import { validate } from '../internal/validate.ts';
import { compareVersions } from '../internal/version.ts';
import { type AttemptOutcome, send } from '../request/send.ts';
import type { MethodDescriptor } from './descriptor.ts';

/**
 * Runs a method for its namespace form or its standalone function: splits the
 * arguments by the method's call shape, validates everything before sending,
 * sends, and checks the answer.
 */
export async function invoke(client: RedcapClient, method: MethodDescriptor, args: readonly unknown[]): Promise<unknown> {
  const context = prepare(client, method, args);
  return method.run ? method.run(context) : context.send();
}

/** Validates a call's arguments and gives the context to run it in; nothing is sent yet. */
export function prepare(client: RedcapClient, method: MethodDescriptor, args: readonly unknown[]): RunContext {
  const operation = { content: method.content, action: method.action };
  const { params: rawParams, data: rawData, options } = splitArguments(method, args, operation);
  const params = validate(method.params, rawParams ?? {}, '', operation) as Record<string, unknown>;
  const data = method.data ? validate(method.data, rawData, 'data', operation) : undefined;
  checkCallOptions(options, operation);

  const known = stateOf(client).serverVersion;
  if (known !== undefined && compareVersions(known, method.since) < 0) {
    throw new RedcapValidationError(method.name, `needs REDCap ${method.since} or newer, and this server runs REDCap ${known}.`, operation);
  }
  return {
    client,
    operation,
    params,
    data,
    options,
    send: (p = params, d = data, extra = {}) => sendOnce(client, method, p, d, { ...options, ...extra }),
  };
}

/** What a method with its own flow (batching) gets: its validated input and a way to send one request. */
export interface RunContext {
  readonly client: RedcapClient;
  readonly operation: RedcapOperation;
  readonly params: Record<string, unknown>;
  readonly data: unknown;
  readonly options: CallOptions;
  /** Sends one request of this method (with other params or data if given) and returns its checked result. */
  readonly send: (params?: Record<string, unknown>, data?: unknown, extra?: SendExtras) => Promise<unknown>;
}

/** Per-request additions that are not call options. */
export interface SendExtras {
  /** Told the size in bytes of each answer's body. */
  readonly onBody?: (bytes: number) => void;
  readonly signal?: AbortSignal;
  /**
   * Told how each attempt ended (retries included), so that a batched write knows
   * whether an earlier attempt may have landed although a later one was refused.
   */
  readonly onAttempt?: (outcome: AttemptOutcome) => void;
  /** Rewrites a successful text answer before it is read (project creation: PHP warnings before the token). */
  readonly rewrite?: (body: string) => string;
}

/** One request of a method with already validated input: send, check the answer's shape, finish it. */
export async function sendOnce(
  client: RedcapClient,
  method: MethodDescriptor,
  params: Record<string, unknown>,
  data: unknown,
  options: CallOptions & SendExtras,
): Promise<unknown> {
  const operation = { content: method.content, action: method.action };
  const wire = method.toWire(params, data);
  const answer = typeof method.answer === 'function' ? method.answer(params) : method.answer;
  const wantsText = answer === 'json' && typeof params.format === 'string' && params.format !== 'json';
  // REDCap ends every CSV line with a line break: a body that stops mid-line was cut short.
  const csv = wantsText && params.format === 'csv';
  const { onAttempt, onBody, rewrite, ...callOptions } = options;
  const value = await send(
    client,
    {
      operation,
      params: wire.params,
      file: wire.file,
      answer: wantsText ? 'text' : answer,
      retry: typeof method.retry === 'function' ? method.retry(params, data) : method.retry,
      accept: method.accept,
      refusal: method.refusal,
      onBody,
      csv,
      onAttempt,
      rewrite,
      method: method.name,
    },
    callOptions,
  );
  if (wantsText) return value;
  if (method.tellsVersion) stateOf(client).serverVersion = String(value).trim();
  if (method.result) {
    const checked = v.safeParse(method.result, value);
    if (!checked.success) {
      const where = checked.issues[0].path?.map((item) => String(item.key)).join('.') || 'the top level';
      throw new RedcapResponseError(
        `REDCap's answer does not have the expected shape (at ${where}: expected ${checked.issues[0].expected}).`,
        scrub(String(JSON.stringify(value) ?? ''), stateOf(client).token),
        operation,
      );
    }
  }
  if (!method.finish) return value;
  try {
    return method.finish(value, params);
  } catch (error) {
    // A method's own shape check may quote the answer: the token never goes out with it.
    if (error instanceof RedcapHttpError || error instanceof RedcapResponseError) {
      (error as { bodySnippet: string }).bodySnippet = scrub(error.bodySnippet, stateOf(client).token);
    }
    throw error;
  }
}

function splitArguments(
  method: MethodDescriptor,
  args: readonly unknown[],
  operation: { content: string; action: string },
): { params: unknown; data: unknown; options: CallOptions } {
  if (method.takes === 'params') {
    const [params, options] = args;
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new RedcapValidationError(
        'options',
        'expected an object of call options ({ signal, timeout, totalTimeout, retry }).',
        operation,
      );
    }
    return { params, data: undefined, options: (options ?? {}) as CallOptions };
  }
  const [data, combined] = args;
  if (combined !== undefined && (typeof combined !== 'object' || combined === null || Array.isArray(combined))) {
    throw new RedcapValidationError('options', 'expected an object of import options and call options.', operation);
  }
  const params: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(combined ?? {})) {
    (callOptionNames.includes(key) ? options : params)[key] = value;
  }
  return { params, data, options: options as CallOptions };
}

function checkCallOptions(options: CallOptions, operation: { content: string; action: string }): void {
  const { signal, timeout, totalTimeout, retry, maxResponseBytes, onEvent, ...rest } = options as CallOptions & Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    throw new RedcapValidationError(
      `options.${unknown}`,
      'is not a call option; call options are signal, timeout, totalTimeout, retry, maxResponseBytes and onEvent.',
      operation,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new RedcapValidationError('options.signal', 'expected an AbortSignal.', operation);
  }
  checkTimeout('options.timeout', timeout, operation);
  checkTimeout('options.totalTimeout', totalTimeout, operation);
  checkRetryOption('options.retry', retry, operation);
  checkByteLimit('options.maxResponseBytes', maxResponseBytes, operation);
  checkObserver('options.onEvent', onEvent, operation);
}

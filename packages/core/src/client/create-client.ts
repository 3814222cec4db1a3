import { RedcapValidationError } from '../errors/validation-error.ts';
import { isBrowserLike, isLoopbackHost } from './environment.ts';
import type { ClientOptions, RetryOption } from './options.ts';
import { attachState, stateOf } from './state.ts';
import { defaultTokenPattern, maskToken } from './token.ts';
import { checkByteLimit, checkRateLimit, checkRetryOption, checkTimeout } from './check-options.ts';
import { Limiter } from '../request/limiter.ts';
import { checkObserver } from './events.ts';

const configure = { content: 'client', action: 'configure' } as const;
const defaultTimeout = 300_000;
// Generous: a whole 100k-record export fits; a runaway (a gzip bomb, a looping proxy) does not fill memory.
const defaultMaxResponseBytes = 256 * 1024 * 1024;

/**
 * A connection to one REDCap API endpoint with one token. Pass it to the standalone
 * functions (`exportRecords(client, ...)`). It prints as its URL and a masked token;
 * the token itself cannot be read back from it.
 *
 * @example
 * ```ts
 * const client = createClient({ url: 'https://redcap.example.edu/api/', token });
 * console.log(String(client)); // REDCap client for https://redcap.example.edu/api/ with token 9A3***...10
 * ```
 */
export class RedcapClient {
  /** The API endpoint. */
  readonly url: string;

  /** @internal Use {@link createClient}. */
  constructor(options: ClientOptions) {
    const url = checkUrl(options.url);
    const token = checkToken(options);
    this.url = url;
    attachState(this, {
      url,
      token,
      timeout: checkTimeout('timeout', options.timeout, configure) ?? defaultTimeout,
      totalTimeout: checkTimeout('totalTimeout', options.totalTimeout, configure) ?? false,
      retry: checkRetryOption('retry', options.retry, configure),
      maxResponseBytes: checkByteLimit('maxResponseBytes', options.maxResponseBytes, configure) ?? defaultMaxResponseBytes,
      fetch: checkFetch(options.fetch),
      headers: checkHeaders(options.headers),
      limiter: new Limiter(checkRateLimit(options.rateLimit, configure)),
      onEvent: checkObserver('onEvent', options.onEvent, configure),
      serverVersion: undefined,
    });
    // Node's util.inspect / console.log and Deno.inspect print toString(), not the fields.
    const print = { value: () => this.toString(), enumerable: false };
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), print);
    Object.defineProperty(this, Symbol.for('Deno.customInspect'), print);
  }

  /** `REDCap client for <url> with token 9A3***...10`. */
  toString(): string {
    const { token } = stateOf(this);
    return `REDCap client for ${this.url} ${token ? `with token ${maskToken(token)}` : 'without a token'}`;
  }

  /** The same text as `toString()`, for `JSON.stringify`. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Creates a bare client for the standalone, tree-shakable functions. Options are
 * checked at once; a bad URL or token throws a {@link RedcapValidationError}.
 *
 * @example
 * ```ts
 * import { createClient, exportRecords } from '@redcap-sdk/core';
 *
 * const client = createClient({ url: 'https://redcap.example.edu/api/', token }); // the token from your own configuration
 * const rows = await exportRecords(client, { fields: ['record_id', 'age'] });
 * ```
 */
export function createClient(options: ClientOptions): RedcapClient {
  return new RedcapClient(options);
}

function checkUrl(input: unknown): string {
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw new RedcapValidationError('url', 'expected the API endpoint as a string, e.g. "https://redcap.example.edu/api/".', configure);
  }
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new RedcapValidationError('url', 'expected an absolute URL with its scheme, e.g. "https://redcap.example.edu/api/".', configure);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RedcapValidationError('url', `expected an http(s) URL, got the scheme "${url.protocol}".`, configure);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new RedcapValidationError(
      'url',
      'must use https: plain http would send the token and patient data unencrypted. Only loopback hosts (localhost, 127.0.0.1) may use http.',
      configure,
    );
  }
  if (url.username || url.password) {
    throw new RedcapValidationError('url', 'must not contain a user name or password.', configure);
  }
  return url.href;
}

function checkToken(options: ClientOptions): string | undefined {
  const { token, tokenPattern = defaultTokenPattern } = options;
  // `token: null` says "no token here: the URL is a proxy that adds it". Anything else without a
  // token is refused: a missing key is a forgotten token, and a key that is present but undefined
  // or blank is what reading an unset environment variable gives (`token: env.REDCAP_TOKEN`).
  if (token === null) return undefined;
  if (!('token' in options)) {
    throw new RedcapValidationError(
      'token',
      'is missing. Pass the API token, or `token: null` if the URL is a proxy of yours that adds the token on the server.',
      configure,
    );
  }
  if (token === undefined || (typeof token === 'string' && token.trim() === '')) {
    throw new RedcapValidationError(
      'token',
      `is ${token === undefined ? 'undefined' : 'empty'}: most likely the environment variable it is read from (e.g. REDCAP_TOKEN) is not set. Set it, or pass \`token: null\` if the URL is a proxy of yours that adds the token on the server.`,
      configure,
    );
  }
  if (!(tokenPattern instanceof RegExp)) {
    throw new RedcapValidationError('tokenPattern', 'expected a RegExp.', configure);
  }
  if (typeof token !== 'string') {
    throw new RedcapValidationError('token', 'expected the API token as a string, or `null` for a proxy that adds it.', configure);
  }
  // REDCapR's users paste tokens from files; a trailing newline is not part of the token.
  const trimmed = token.trim();
  if (!tokenPattern.test(trimmed)) {
    const shape =
      tokenPattern === defaultTokenPattern
        ? `expected 32 hexadecimal characters (64 for a super token); got ${trimmed.length} characters${/^[0-9a-f]*$/i.test(trimmed) ? '' : ' including non-hexadecimal ones'}. Copy it again from REDCap's API page, or pass \`tokenPattern\` if your site issues tokens of another shape.`
        : 'does not match `tokenPattern`.';
    throw new RedcapValidationError('token', shape, configure);
  }
  if (isBrowserLike() && options.dangerouslyAllowBrowser !== true) {
    throw new RedcapValidationError(
      'token',
      'a token in a browser can be read by anyone who opens the page, and it grants access to patient data. Call a server endpoint of yours that adds the token (`createRedcap({ url: <that endpoint>, token: null })`, e.g. with @redcap-sdk/proxy), or pass `dangerouslyAllowBrowser: true` if you understand the risk.',
      configure,
    );
  }
  return trimmed;
}

function checkFetch(fetch: unknown): typeof globalThis.fetch | undefined {
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new RedcapValidationError('fetch', 'expected a fetch-compatible function.', configure);
  }
  return fetch as typeof globalThis.fetch | undefined;
}

function checkHeaders(headers: unknown): Readonly<Record<string, string>> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new RedcapValidationError('headers', 'expected an object of header names to string values.', configure);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new RedcapValidationError(`headers.${name}`, 'expected a string value.', configure);
  }
  return { ...headers } as Record<string, string>;
}

export type { RetryOption };

import type { MethodName } from '@redcap-sdk/core/methods';
import { checkAllowlist, methodOf, readOnlyMethods } from './allowlist.ts';
import { checkOrigin } from './origin.ts';
import { type ProxyParams, paramsOf } from './params.ts';
import { type ProxyRateLimit, type ProxyRequestInfo, RateLimiter } from './rate-limit.ts';
import { BadMultipart } from './multipart-scanner.ts';
import { BodyTooLarge, readForm } from './read-form.ts';
import { refuse } from './refuse.ts';
import { scrubStream } from './scrub-stream.ts';

/** The call a page asked for, as the `authorize` callback sees it. */
export interface ProxyCall {
  /** The method, named as in `@redcap-sdk/core/methods`: `exportRecords`. */
  readonly method: MethodName;
  /** REDCap's `content` parameter. */
  readonly content: string;
  /** REDCap's `action` parameter. */
  readonly action: string;
  /** The call's parameters (the page's token, if any, already dropped). */
  readonly params: ProxyParams;
}

/**
 * What `authorize` decides: `true` forwards the call, `false` refuses it with 403, a
 * `Response` is sent to the page instead (your own refusal).
 */
export type ProxyDecision = boolean | Response;

/** Options of {@link createRedcapProxy}. */
export interface RedcapProxyOptions {
  /** REDCap's API endpoint, e.g. `https://redcap.example.edu/api/`. */
  readonly url: string | URL;
  /** The API token the proxy adds. It never reaches the page, not even in error answers. */
  readonly token: string;
  /**
   * Checks the app's own session for every call: who is asking, and may they make this
   * call (these records, fields, DAGs)? Required: a proxy that anyone can call hands out
   * the token's rights. Pass `() => true` only if the proxy is reachable by trusted users alone.
   */
  readonly authorize: (request: Request, call: ProxyCall) => ProxyDecision | Promise<ProxyDecision>;
  /** The methods the proxy forwards. @default readOnlyMethods */
  readonly allow?: readonly MethodName[];
  /**
   * The origins of the pages that may call the proxy, e.g. `['https://study.example.edu']`.
   * @default the origin of the request's own URL (same origin). Behind a reverse proxy that
   * rewrites the URL, list the public origin here.
   */
  readonly origins?: readonly string[];
  /**
   * A header every call must carry; a cross-site form cannot send one, and a cross-site
   * script cannot send it without a CORS preflight, which the proxy never grants.
   * Set it in the page with `createRedcap({ url, token: null, headers: { 'X-REDCap-Proxy': '1' } })`.
   * @default 'X-REDCap-Proxy'
   */
  readonly header?: string;
  /**
   * The largest request body accepted, in bytes (uploads included). An upload streams, so
   * its bytes are counted as they pass: past the limit the request to REDCap is aborted
   * (REDCap never runs the call) and the page gets 413. @default 33554432 (32 MiB)
   */
  readonly maxBodyBytes?: number;
  /** Calls per minute per user. `false` turns the limit off. @default { perMinute: 120 } per client address */
  readonly rateLimit?: ProxyRateLimit | false;
  /**
   * How the proxy reaches REDCap. A multipart upload comes as a `ReadableStream` body with
   * `duplex: 'half'` and its `content-type`; a urlencoded call as `URLSearchParams`.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch;
}

/** A running proxy: a web-standard handler, for `Deno.serve`, `Bun.serve`, Hono, Next.js route handlers and more. */
export type RedcapProxy = (request: Request, info?: ProxyRequestInfo) => Promise<Response>;

/** Headers of REDCap's answer that the SDK needs; everything else (cookies, server details) stays behind. */
const passedHeaders = ['content-type', 'content-disposition', 'retry-after'];
/** Parameters REDCap reads the operation or the credentials from: the proxy sets them itself. */
const controlled = new Set(['token', 'content', 'action']);

function checkOptions(options: RedcapProxyOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('createRedcapProxy: expected an options object.');
  let url: URL;
  try {
    url = new URL(String(options.url));
  } catch {
    throw new TypeError('createRedcapProxy: `url` must be the absolute URL of REDCap\'s API, e.g. "https://redcap.example.edu/api/".');
  }
  if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw new TypeError(
      'createRedcapProxy: `url` must use https (plain http would send the token unencrypted); only loopback hosts may use http.',
    );
  }
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new TypeError(
      `createRedcapProxy: \`token\` is ${options.token === undefined ? 'undefined' : 'empty or not a string'}: most likely the environment variable it is read from (e.g. REDCAP_TOKEN) is not set.`,
    );
  }
  if (typeof options.authorize !== 'function') {
    throw new TypeError(
      "createRedcapProxy: `authorize(request, call)` is required: check your app's session there and return true to forward the call. A proxy anyone can call hands out the token's rights.",
    );
  }
  const max = options.maxBodyBytes;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new TypeError(`createRedcapProxy: \`maxBodyBytes\` must be a whole number of bytes, got ${String(max)}.`);
  }
}

/**
 * Creates a REDCap API proxy: a `(request) => Promise<Response>` handler that a page's
 * token-less client calls on its own origin. For each call it refuses what is not a
 * same-origin POST carrying the proxy header, drops any token the page sent, checks the
 * method against the allowlist (read-only methods by default) and asks your `authorize`,
 * enforces the body size and per-user rate limits, adds the token and forwards the call.
 * REDCap's answer comes back with its status, streamed, with the token scrubbed from it.
 *
 * Uploads stream too: of a multipart body the proxy holds only the fields before the file
 * (8 KiB each, 64 KiB in all), checks them, and then passes the file on as it arrives, read
 * from the page only as fast as REDCap takes it. After the file, a token part is dropped and
 * any other part is refused with 400 (PHP keeps the last of repeated names, so it would
 * change the checked call); the SDK sends the fields first and the file last.
 *
 * @example
 * ```ts
 * import { createRedcapProxy } from '@redcap-sdk/proxy';
 *
 * const proxy = createRedcapProxy({
 *   url: 'https://redcap.example.edu/api/',
 *   token: Deno.env.get('REDCAP_TOKEN')!,
 *   authorize: async (request) => (await sessionOf(request))?.role === 'coordinator',
 * });
 * Deno.serve((request, info) => proxy(request, { remoteAddress: info.remoteAddr.hostname }));
 * // In the page: createRedcap({ url: `${location.origin}/`, token: null, headers: { 'X-REDCap-Proxy': '1' } })
 * ```
 */
export function createRedcapProxy(options: RedcapProxyOptions): RedcapProxy {
  checkOptions(options);
  const upstream = new URL(String(options.url)).href;
  const token = options.token.trim();
  const allow = checkAllowlist(options.allow ?? readOnlyMethods);
  const header = options.header ?? 'X-REDCap-Proxy';
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? {});
  const send = options.fetch ?? globalThis.fetch;

  return async function redcapProxy(request: Request, info: ProxyRequestInfo = {}): Promise<Response> {
    if (request.method !== 'POST') return refuse(405, 'The REDCap proxy takes POST requests only.', { allow: 'POST' });
    const origin = checkOrigin(request, options.origins, header);
    if (origin !== undefined) return refuse(403, origin);
    const wait = limiter?.take(request, info) ?? 0;
    if (wait > 0) return refuse(429, 'Too many requests: try again shortly.', { 'retry-after': String(wait) });

    let form: Awaited<ReturnType<typeof readForm>>;
    try {
      form = await readForm(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return refuse(413, `The request is larger than the proxy accepts (${maxBodyBytes} bytes).`);
      return refuse(400, (error as Error).message);
    }
    // A token from the page is dropped: the proxy's own is the only one REDCap sees.
    const fields = form.fields.filter(([name]) => !/^token(\[|$)/.test(name));
    // PHP keeps the last of repeated names and turns `name[0]` into an array: one plain value only.
    for (const name of ['content', 'action']) {
      const values = fields.filter(([key]) => key === name || key.startsWith(`${name}[`));
      if (values.length > 1 || values.some(([key]) => key !== name)) return refuse(400, `The request has more than one \`${name}\`.`);
    }
    const content = fields.find(([key]) => key === 'content')?.[1] ?? '';
    // REDCap treats a missing action as an export; it is sent explicitly so REDCap does what was checked.
    const action = fields.find(([key]) => key === 'action')?.[1] ?? 'export';
    const method = methodOf(content, action);
    if (method === undefined) return refuse(400, `content=${content} with action=${action} is not a REDCap API method.`);
    if (!allow.has(method.name)) return refuse(403, `This proxy does not forward ${method.name} (content=${content}, action=${action}).`);

    const decision = await options.authorize(request, { method: method.name, content, action, params: paramsOf(fields) });
    if (decision instanceof Response) return decision;
    if (decision !== true) return refuse(403, `You are not allowed to call ${method.name} here.`);

    const entries: Array<[string, string]> = [
      ['token', token],
      ['content', content],
      ['action', action],
    ];
    for (const [name, value] of fields) if (!controlled.has(name)) entries.push([name, value]);
    let answer: Response;
    try {
      // Not request.signal: Deno.serve aborts it once the answer starts, which would cut a streamed
      // download. A page that goes away cancels the answer's stream, and with it REDCap's body.
      if (form.multipart) {
        // The file streams through: Node's fetch takes a stream body only with duplex 'half'.
        const body = form.forward(entries);
        const init = { method: 'POST', body, headers: { 'content-type': form.contentType }, redirect: 'manual', duplex: 'half' };
        answer = await send(upstream, init as RequestInit);
      } else {
        answer = await send(upstream, { method: 'POST', body: new URLSearchParams(entries), redirect: 'manual' });
      }
    } catch {
      // A streamed upload that failed half-way: the upstream request was aborted before REDCap had all of it.
      const failure = form.multipart ? form.failure() : undefined;
      if (failure instanceof BodyTooLarge) return refuse(413, `The request is larger than the proxy accepts (${maxBodyBytes} bytes).`);
      if (failure instanceof BadMultipart) return refuse(400, failure.message);
      // The error could carry the URL or the body: the page learns only that REDCap was not reached.
      return refuse(502, 'The proxy could not reach REDCap.');
    }
    const headers = new Headers({ 'cache-control': 'no-store' });
    for (const name of passedHeaders) {
      const value = answer.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return new Response(answer.body?.pipeThrough(scrubStream(token)) ?? null, { status: answer.status, headers });
  };
}

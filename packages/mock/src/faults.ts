import { readParams } from './wire/params.ts';

/**
 * A failure the simulator can inject in place of (or on top of) REDCap's answer:
 * what a slow or broken network, a proxy, PHP or REDCap's rate limiter do to real calls.
 *
 * Whether the request still takes effect (a record saved, a file stored, a log
 * entry written) matters for writes, and is fixed per kind:
 * - `latency`, `reset-mid-body`, `truncate`, `hang`, `slow-body`, `warning-prefix`: the simulator
 *   handles the request first (its effects happen), then the answer is delayed or damaged.
 * - `reset`, `gateway`, `php-fatal`: nothing happens, unless `processed: true`
 *   (the answer was lost after REDCap saved: the case that makes retried writes duplicate).
 * - `rate-limit`, `banned`, `redirect`, `bad-retry-after`, `gzip-bomb`, `echo-request`: nothing
 *   happens (they are answered before REDCap runs).
 */
export type Fault =
  /** The answer arrives `ms` milliseconds late (the request is handled at once). */
  | { readonly kind: 'latency'; readonly ms: number }
  /** The connection is reset before any answer: `fetch` rejects (`Response.error()` through `handle` and msw). */
  | { readonly kind: 'reset'; readonly processed?: boolean }
  /** Status and headers arrive, then the connection is reset after `after` bytes of the body (default: half of it). */
  | { readonly kind: 'reset-mid-body'; readonly after?: number }
  /** The body ends cleanly but early, after `keep` bytes (default: half of it). An empty body stays empty. */
  | { readonly kind: 'truncate'; readonly keep?: number }
  /** A proxy's HTML error page: 502 Bad Gateway (default), 503 Service Unavailable or 504 Gateway Timeout. */
  | { readonly kind: 'gateway'; readonly status?: 502 | 503 | 504; readonly processed?: boolean }
  /** HTTP 200 with PHP's fatal-error HTML, then REDCap's `{"error":"REDCap ran out of server memory. ..."}`. */
  | { readonly kind: 'php-fatal'; readonly processed?: boolean }
  /** A proxy's 429 Too Many Requests page, with `Retry-After` (seconds, or an HTTP date) when given. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: number | string }
  /** REDCap's banned-IP answer: 429, `Your IP address (<ip>) has been banned due to suspected abuse.` */
  | { readonly kind: 'banned'; readonly ip?: string }
  /** A redirect (302 by default) to `location`, absolute or relative to the request's URL. */
  | { readonly kind: 'redirect'; readonly location: string; readonly status?: 301 | 302 | 303 | 307 | 308 }
  /**
   * Status and headers arrive (and `after` bytes of the body, default none), then the body never ends.
   * Through msw in Node (msw 3.0.5), headers reach the client only with the first bytes, and a
   * client that aborts after some bytes trips an assertion inside Node's fetch: keep `after` at 0 there.
   */
  | { readonly kind: 'hang'; readonly after?: number }
  /**
   * The answer trickles: `chunk` bytes (default 1024) every `interval` ms (default 20). With `size`,
   * the body is padded with spaces after REDCap's answer to that many bytes (JSON and CSV readers ignore them):
   * a large export over a slow link.
   */
  | { readonly kind: 'slow-body'; readonly chunk?: number; readonly interval?: number; readonly size?: number }
  /**
   * 200 JSON that inflates to `size` bytes (default 1 GiB) of `[0,0,0,...`, made as it is read.
   * By default the body is what fetch hands over after decoding; with `encoded: true` it is the
   * gzip stream itself with `Content-Encoding: gzip`, for serving over HTTP.
   */
  | { readonly kind: 'gzip-bomb'; readonly size?: number; readonly encoded?: boolean }
  /** A proxy that echoes the request back in its error page: `status` (default 400), the form body as received. */
  | { readonly kind: 'echo-request'; readonly status?: number }
  /**
   * REDCap's answer after a PHP warning (a server with display_errors on), as HTML
   * (`<br />\n<b>Warning</b>: ... on line <b>N</b><br />`, the default) or as text (`html: false`).
   */
  | { readonly kind: 'warning-prefix'; readonly html?: boolean }
  /**
   * A 429 whose `Retry-After` no client should wait for: `value` (default `99999999999`), or
   * several values sent as separate headers (which fetch joins as `3600, 1`).
   */
  | { readonly kind: 'bad-retry-after'; readonly value?: string | readonly string[] };

/** The kinds of {@link Fault}. */
export type FaultKind = Fault['kind'];

/** Every {@link FaultKind}, for tables of tests.
 *
 * @example
 * ```ts
 * for (const kind of FAULT_KINDS) console.log(kind); // 'latency', 'reset', ...
 * ```
 */
export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'reset',
  'reset-mid-body',
  'truncate',
  'gateway',
  'php-fatal',
  'rate-limit',
  'banned',
  'redirect',
  'hang',
  'slow-body',
  'gzip-bomb',
  'echo-request',
  'warning-prefix',
  'bad-retry-after',
];

/** Which requests get a fault, and how often. */
export interface FaultOptions {
  /** How many requests get the fault; after that it is spent. @default Infinity */
  readonly times?: number;
  /** The chance (0 to 1) that a matching request gets it, drawn from the simulator's seeded generator. @default 1 */
  readonly probability?: number;
  /** Only requests whose parameters, as sent, have these values. */
  readonly match?: { readonly content?: string; readonly action?: string };
}

/** A fault with the requests it applies to: an entry of `createMockRedcap({ faults })`. */
export interface FaultRule extends FaultOptions {
  readonly fault: Fault;
}

/** An injected fault, as {@link MockRedcap.inject} returns it. */
export interface InjectedFault {
  /** How many requests it has been applied to so far. */
  readonly applied: number;
  /** Stops injecting it. */
  remove(): void;
}

/** One fault the simulator applied: `mock.faultLog` holds them in order. Never holds a token. */
export interface FaultLogEntry {
  /** The 1-based number of the request among all the simulator received (faulty or not). */
  readonly request: number;
  readonly kind: FaultKind;
  /** The request's `content` and `action` parameters as sent (`''` when absent). */
  readonly content: string;
  readonly action: string;
  /** Whether the simulator handled the request (its effects happened) before the fault. */
  readonly processed: boolean;
}

/**
 * A small seeded generator (mulberry32): the same seed draws the same numbers,
 * so a run with `probability` faults can be replayed.
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // a number in [0, 1), the same for every run with seed 42
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActiveRule {
  readonly fault: Fault;
  readonly probability: number;
  readonly match: FaultOptions['match'];
  remaining: number;
  applied: number;
  removed: boolean;
}

/** What the simulator needs to answer with faults: its rules, generator and log. */
export interface FaultInjector {
  inject(fault: Fault, options?: FaultOptions): InjectedFault;
  clear(): void;
  readonly log: readonly FaultLogEntry[];
  /** Answers a request, applying the first rule that fires; `answer` runs the simulator. */
  handle(request: Request, answer: (request: Request) => Promise<Response>, version: string): Promise<Response>;
}

/** Creates the fault machinery of one simulator. */
export function createFaultInjector(seed: number, rules: readonly FaultRule[] = []): FaultInjector {
  const random = mulberry32(seed);
  const active: ActiveRule[] = [];
  const log: FaultLogEntry[] = [];
  let requests = 0;

  const inject = (fault: Fault, options: FaultOptions = {}): InjectedFault => {
    checkFault(fault);
    const times = options.times ?? Infinity;
    const probability = options.probability ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times >= 0)))
      throw new TypeError('`times` must be a whole number of requests (0 or more).');
    if (!(typeof probability === 'number' && probability >= 0 && probability <= 1))
      throw new TypeError('`probability` must be a number from 0 to 1.');
    const rule: ActiveRule = { fault, probability, match: options.match, remaining: times, applied: 0, removed: false };
    active.push(rule);
    return {
      get applied() {
        return rule.applied;
      },
      remove() {
        rule.removed = true;
        const index = active.indexOf(rule);
        if (index >= 0) active.splice(index, 1);
      },
    };
  };
  for (const rule of rules) inject(rule.fault, rule);

  return {
    inject,
    clear() {
      for (const rule of active) rule.removed = true;
      active.length = 0;
    },
    log,
    async handle(request, answer, version) {
      const number = ++requests;
      const live = active.filter((rule) => rule.remaining > 0);
      if (live.length === 0) return answer(request);
      const { content, action } = await operationOf(request);
      const rule = live.find((candidate) => {
        if (candidate.removed) return false;
        if (candidate.match?.content !== undefined && candidate.match.content !== content) return false;
        if (candidate.match?.action !== undefined && candidate.match.action !== action) return false;
        // A number is drawn only for a matching rule that is not certain: other requests and rules use up no draws.
        return candidate.probability >= 1 || random() < candidate.probability;
      });
      if (!rule) return answer(request);
      rule.remaining--;
      rule.applied++;
      const processed = processes(rule.fault);
      log.push({ request: number, kind: rule.fault.kind, content, action, processed });
      return applyFault(rule.fault, request, answer, version);
    },
  };
}

/** Whether the simulator handles a request before this fault spoils the answer. */
function processes(fault: Fault): boolean {
  switch (fault.kind) {
    case 'latency':
    case 'reset-mid-body':
    case 'truncate':
    case 'hang':
    case 'slow-body':
    case 'warning-prefix':
      return true;
    case 'reset':
    case 'gateway':
    case 'php-fatal':
      return fault.processed === true;
    default:
      return false;
  }
}

function checkFault(fault: Fault): void {
  if (typeof fault !== 'object' || fault === null) throw new TypeError("a fault is an object with a `kind`, e.g. { kind: 'reset' }.");
  if (!FAULT_KINDS.includes(fault.kind))
    throw new TypeError(`unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)}; one of ${FAULT_KINDS.join(', ')}.`);
  const count = (name: string, value: unknown): void => {
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0))
      throw new TypeError(`\`${name}\` of a ${fault.kind} fault must be a whole number (0 or more).`);
  };
  if (fault.kind === 'latency') {
    if (!(typeof fault.ms === 'number' && fault.ms >= 0 && Number.isFinite(fault.ms)))
      throw new TypeError('`ms` of a latency fault must be a number of milliseconds (0 or more).');
  }
  if (fault.kind === 'reset-mid-body' || fault.kind === 'hang') count('after', fault.after);
  if (fault.kind === 'truncate') count('keep', fault.keep);
  if (fault.kind === 'slow-body') {
    count('interval', fault.interval);
    count('size', fault.size);
    if (fault.chunk !== undefined) count('chunk', fault.chunk - 1);
  }
  if (fault.kind === 'gzip-bomb') count('size', fault.size);
  if (
    fault.kind === 'echo-request' &&
    fault.status !== undefined &&
    !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)
  )
    throw new TypeError('`status` of an echo-request fault must be an HTTP status from 200 to 599.');
  if (fault.kind === 'bad-retry-after' && fault.value !== undefined && !(typeof fault.value === 'string' || Array.isArray(fault.value)))
    throw new TypeError('`value` of a bad-retry-after fault must be a string or a list of strings.');
  if (fault.kind === 'gateway' && fault.status !== undefined && ![502, 503, 504].includes(fault.status))
    throw new TypeError('`status` of a gateway fault must be 502, 503 or 504.');
  if (fault.kind === 'redirect') {
    if (typeof fault.location !== 'string' || fault.location === '') throw new TypeError('a redirect fault needs a `location`.');
    if (fault.status !== undefined && ![301, 302, 303, 307, 308].includes(fault.status))
      throw new TypeError('`status` of a redirect fault must be 301, 302, 303, 307 or 308.');
  }
}

/** `content` and `action` as sent, read from a copy of the request. */
async function operationOf(request: Request): Promise<{ content: string; action: string }> {
  if (request.method.toUpperCase() !== 'POST') return { content: '', action: '' };
  const params = await readParams(request.clone());
  const text = (name: string): string => {
    const value = params.values.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { content: text('content'), action: text('action') };
}

const GATEWAY_PAGES: Record<502 | 503 | 504, { reason: string; page: string }> = {
  502: {
    reason: 'Bad Gateway',
    page: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  },
  503: {
    reason: 'Service Unavailable',
    page: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n</body></html>\n',
  },
  504: {
    reason: 'Gateway Time-out',
    page: '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  },
};

const TOO_MANY =
  '<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** What PHP prints when REDCap runs out of memory after the 200 status line went out (§1.10). */
function phpFatalPage(version: string): string {
  return (
    '<br />\n<b>Fatal error</b>:  Allowed memory size of 2147483648 bytes exhausted (tried to allocate 20480 bytes) in ' +
    `<b>/var/www/html/redcap/redcap_v${version}/Classes/Records.php</b> on line <b>4521</b><br />\n` +
    '{"error":"REDCap ran out of server memory. The request cannot be processed. Please try importing\\/exporting a smaller amount of data."}'
  );
}

const html = (body: string, status: number, statusText: string, extra: Record<string, string> = {}): Response =>
  new Response(body, { status, statusText, headers: { 'content-type': 'text/html; charset=UTF-8', ...extra } });

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a reset connection gives a body reader (as undici words it). */
function connectionReset(): TypeError {
  return new TypeError('terminated', { cause: new Error('other side closed (connection reset by the REDCap simulator)') });
}

async function applyFault(
  fault: Fault,
  request: Request,
  answer: (request: Request) => Promise<Response>,
  version: string,
): Promise<Response> {
  const discard = async (): Promise<void> => {
    if (processes(fault)) await (await answer(request)).body?.cancel();
  };
  switch (fault.kind) {
    case 'latency': {
      const response = await answer(request);
      await delay(fault.ms);
      return response;
    }
    case 'reset':
      await discard();
      return Response.error();
    case 'gateway': {
      await discard();
      const status = fault.status ?? 502;
      return html(GATEWAY_PAGES[status].page, status, GATEWAY_PAGES[status].reason);
    }
    case 'php-fatal':
      await discard();
      return html(phpFatalPage(version), 200, 'OK');
    case 'rate-limit':
      return html(TOO_MANY, 429, 'Too Many Requests', fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) });
    case 'banned':
      // REDCap answers before the API runs: plain text, no Retry-After (§6.1).
      return html(`Your IP address (${fault.ip ?? '127.0.0.1'}) has been banned due to suspected abuse.`, 429, '');
    case 'redirect': {
      const status = fault.status ?? 302;
      const target = new URL(fault.location, request.url).href;
      return html(
        `<html><head><title>Moved</title></head><body><p>The document has moved <a href="${target}">here</a>.</p></body></html>`,
        status,
        status === 301 ? 'Moved Permanently' : 'Found',
        { location: fault.location },
      );
    }
    case 'truncate': {
      const response = await answer(request);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const keep = Math.min(fault.keep ?? Math.floor(bytes.length / 2), bytes.length);
      return rebody(response, bytes.length === 0 ? null : bytes.slice(0, keep));
    }
    case 'reset-mid-body': {
      const response = await answer(request);
      if (nullBody(response)) return rebody(response, null);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const after = Math.min(fault.after ?? Math.floor(bytes.length / 2), Math.max(bytes.length - 1, 0));
      return rebody(
        response,
        partialBody(bytes.slice(0, after), (controller) => controller.error(connectionReset())),
      );
    }
    case 'hang': {
      const response = await answer(request);
      if (nullBody(response)) return rebody(response, null);
      const bytes = new Uint8Array(await response.arrayBuffer());
      // Never resolves: the body neither ends nor fails. Cancelling the stream releases it.
      return rebody(
        response,
        partialBody(bytes.slice(0, fault.after ?? 0), () => new Promise<void>(() => undefined)),
      );
    }
    case 'slow-body': {
      const response = await answer(request);
      if (nullBody(response)) return rebody(response, null);
      return rebody(response, slowBody(new Uint8Array(await response.arrayBuffer()), fault));
    }
    case 'gzip-bomb': {
      const inflated = jsonBomb(fault.size ?? 2 ** 30);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (!fault.encoded) return new Response(inflated, { headers });
      return new Response(inflated.pipeThrough(new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>), {
        headers: { ...headers, 'content-encoding': 'gzip' },
      });
    }
    case 'echo-request': {
      const sent = await request.clone().text();
      return new Response(`Bad Request. Your request was: ${request.method} ${request.url}\n\n${sent}`, {
        status: fault.status ?? 400,
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
      });
    }
    case 'warning-prefix': {
      const response = await answer(request);
      if (nullBody(response)) return response;
      const where = `/var/www/html/redcap/redcap_v${version}/Config/init_functions.php`;
      const warning =
        fault.html === false
          ? `\nWarning: Undefined array key "HTTP_X_FORWARDED_FOR" in ${where} on line 1842\n`
          : `<br />\n<b>Warning</b>:  Undefined array key "HTTP_X_FORWARDED_FOR" in <b>${where}</b> on line <b>1842</b><br />\n`;
      const body = new Uint8Array(await response.arrayBuffer());
      const prefix = new TextEncoder().encode(warning);
      const joined = new Uint8Array(prefix.length + body.length);
      joined.set(prefix);
      joined.set(body, prefix.length);
      return rebody(response, joined);
    }
    case 'bad-retry-after': {
      const headers = new Headers({ 'content-type': 'text/html; charset=UTF-8' });
      const values = fault.value === undefined ? ['99999999999'] : typeof fault.value === 'string' ? [fault.value] : fault.value;
      for (const value of values) headers.append('retry-after', value);
      return new Response(TOO_MANY, { status: 429, statusText: 'Too Many Requests', headers });
    }
  }
}

/** The body in `chunk`-byte pieces, one every `interval` ms, padded with spaces to `size` bytes. */
function slowBody(body: Uint8Array, fault: Extract<Fault, { kind: 'slow-body' }>): ReadableStream<Uint8Array> {
  const chunk = fault.chunk ?? 1024;
  const size = Math.max(fault.size ?? 0, body.length);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= size) return controller.close();
      if (sent > 0) await delay(fault.interval ?? 20);
      const piece = new Uint8Array(Math.min(chunk, size - sent)).fill(0x20);
      if (sent < body.length) piece.set(body.subarray(sent, sent + piece.length));
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
}

/** `[0,0,0,...` up to `size` bytes, made only as fast as it is read. */
function jsonBomb(size: number): ReadableStream<Uint8Array> {
  const block = new TextEncoder().encode('0,'.repeat(32 * 1024));
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const piece = sent === 0 ? new TextEncoder().encode(`[${'0,'.repeat(32 * 1024 - 1)}0`) : block;
      const part = piece.subarray(0, Math.min(piece.length, size - sent));
      sent += part.length;
      controller.enqueue(part);
    },
  });
}

/**
 * A body that sends `head` (if any) on one pull and then does what `then` does on
 * the next: erroring in the same pull would drop the bytes already queued.
 */
function partialBody(
  head: Uint8Array,
  then: (controller: ReadableStreamDefaultController<Uint8Array>) => void | Promise<void>,
): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent && head.length > 0) {
        sent = true;
        controller.enqueue(head);
        return undefined;
      }
      return then(controller);
    },
  });
}

/** Statuses that cannot have a body. */
const nullBody = (response: Response): boolean => [101, 103, 204, 205, 304].includes(response.status);

/** The same status and headers with another body (and no stale `content-length`). */
function rebody(response: Response, body: BodyInit | null): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

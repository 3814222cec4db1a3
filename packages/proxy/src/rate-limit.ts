/** How many calls one user may make through the proxy. */
export interface ProxyRateLimit {
  /** Calls per rolling minute per key. @default 120 */
  readonly perMinute?: number;
  /**
   * Who a request belongs to: the app's user or session id, from its own session. Requests
   * with the same key share one budget. @default the client's address (see `ProxyRequestInfo`), else one shared budget
   */
  readonly key?: (request: Request, info: ProxyRequestInfo) => string | undefined;
}

/** What a server knows of a request besides the request itself. Adapters fill it in. */
export interface ProxyRequestInfo {
  /** The client's IP address (Node: `socket.remoteAddress`, Deno: `info.remoteAddr.hostname`, Bun: `server.requestIP(request)`). */
  readonly remoteAddress?: string;
}

const minute = 60_000;

/** A sliding window per key: the start times of the calls of the last minute. */
export class RateLimiter {
  readonly #perMinute: number;
  readonly #key: (request: Request, info: ProxyRequestInfo) => string | undefined;
  readonly #calls = new Map<string, number[]>();

  constructor(options: ProxyRateLimit) {
    const perMinute = options.perMinute ?? 120;
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new TypeError(
        `createRedcapProxy: \`rateLimit.perMinute\` must be a whole number of calls of at least 1, got ${String(perMinute)}.`,
      );
    }
    if (options.key !== undefined && typeof options.key !== 'function') {
      throw new TypeError('createRedcapProxy: `rateLimit.key` must be a function (request, info) => string, e.g. the session user.');
    }
    this.#perMinute = perMinute;
    this.#key = options.key ?? ((_request, info) => info.remoteAddress);
  }

  /** Counts a call; returns the seconds to wait when the key's budget is spent, else 0. */
  take(request: Request, info: ProxyRequestInfo, now: number = Date.now()): number {
    const key = this.#key(request, info) ?? '';
    const recent = (this.#calls.get(key) ?? []).filter((start) => start > now - minute);
    if (recent.length >= this.#perMinute) {
      this.#calls.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + minute - now) / 1000));
    }
    recent.push(now);
    this.#calls.set(key, recent);
    // Keys of users who left would otherwise stay forever.
    if (this.#calls.size > 10_000) {
      for (const [other, starts] of this.#calls) if ((starts.at(-1) ?? 0) <= now - minute) this.#calls.delete(other);
    }
    return 0;
  }
}

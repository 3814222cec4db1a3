/** Limits of a client's request rate: REDCap bans an IP for good past its per-minute threshold. */
export interface RateLimit {
  /** Requests sent per rolling minute, at most. @default 300 (REDCap bans at 600 by default) */
  readonly perMinute?: number;
  /** Requests in flight at once, at most. @default 4 */
  readonly concurrency?: number;
}

const maxTimer = 2_147_483_647;

/**
 * One per client, shared by every call: at most `concurrency` requests in flight
 * and `perMinute` started in any 60 s window. A 429 pauses every call of the client.
 */
export class Limiter {
  readonly #perMinute: number;
  readonly #concurrency: number;
  readonly #started: number[] = [];
  readonly #waiting: (() => void)[] = [];
  #inFlight = 0;
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limit: RateLimit | false) {
    this.#perMinute = limit === false ? Infinity : (limit.perMinute ?? 300);
    this.#concurrency = limit === false ? Infinity : (limit.concurrency ?? 4);
  }

  /** Waits for a slot; resolves to the function that frees it. Rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const take = (): void => {
        signal?.removeEventListener('abort', abort);
        this.#inFlight++;
        this.#started.push(Date.now());
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#inFlight--;
          this.#drain();
        });
      };
      const abort = (): void => {
        const index = this.#waiting.indexOf(take);
        if (index >= 0) this.#waiting.splice(index, 1);
        // Re-planned, so a timer kept only for this call is cleared and does not hold the process open.
        this.#drain();
        reject(signal!.reason);
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      this.#waiting.push(take);
      this.#drain();
    });
  }

  /** Holds every call back until `ms` from now (a 429's Retry-After, already capped by `maxRetryAfter`). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + Math.min(ms, maxTimer));
    this.#drain();
  }

  #drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#waiting.length > 0) {
      const now = Date.now();
      while (this.#started.length > 0 && this.#started[0]! <= now - 60_000) this.#started.shift();
      const wait = Math.max(this.#pausedUntil - now, this.#started.length >= this.#perMinute ? this.#started[0]! + 60_000 - now : 0);
      if (wait > 0) {
        // A wait past setTimeout's range would fire at once and re-arm every millisecond.
        this.#timer = setTimeout(() => this.#drain(), Math.min(wait, maxTimer));
        return;
      }
      if (this.#inFlight >= this.#concurrency) return;
      this.#waiting.shift()!();
    }
  }
}

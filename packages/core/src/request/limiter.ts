/** Limits of a client's request rate: REDCap bans an IP for good past its per-minute threshold. */
export interface RateLimit {
  /** Requests sent per rolling minute, at most. @default 300 (REDCap bans at 600 by default) */
  readonly perMinute?: number;
  /** Requests in flight at once, at most. @default 4 */
  readonly concurrency?: number;
}

const maxTimer = 2_147_483_647;

/** Told that a request waits for the limiter: for how long, and whether a 429 or the per-minute budget holds it. */
export type WaitObserver = (ms: number, reason: 'per-minute' | '429') => void;

/** A request waiting for a slot. */
interface Waiter {
  readonly take: () => void;
  readonly onWait: WaitObserver | undefined;
  /** The end of the last wait it was told of, so that one wait is told once. */
  toldUntil: number;
}

/**
 * One per client, shared by every call: at most `concurrency` requests in flight
 * and `perMinute` started in any 60 s window. A 429 pauses every call of the client.
 */
export class Limiter {
  readonly #perMinute: number;
  readonly #concurrency: number;
  readonly #started: number[] = [];
  readonly #waiting: Waiter[] = [];
  #inFlight = 0;
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limit: RateLimit | false) {
    this.#perMinute = limit === false ? Infinity : (limit.perMinute ?? 300);
    this.#concurrency = limit === false ? Infinity : (limit.concurrency ?? 4);
  }

  /**
   * Waits for a slot; resolves to the function that frees it. Rejects if `signal` aborts first.
   * `onWait` is told when the request is held back by time (not by the concurrency cap).
   */
  acquire(signal?: AbortSignal, onWait?: WaitObserver): Promise<() => void> {
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
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        // Re-planned, so a timer kept only for this call is cleared and does not hold the process open.
        this.#drain();
        reject(signal!.reason);
      };
      const waiter: Waiter = { take, onWait, toldUntil: 0 };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      this.#waiting.push(waiter);
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
      const paused = this.#pausedUntil - now;
      const budget = this.#started.length >= this.#perMinute ? this.#started[0]! + 60_000 - now : 0;
      const wait = Math.max(paused, budget);
      if (wait > 0) {
        this.#tell(now + wait, wait, paused >= budget ? '429' : 'per-minute');
        // A wait past setTimeout's range would fire at once and re-arm every millisecond.
        this.#timer = setTimeout(() => this.#drain(), Math.min(wait, maxTimer));
        return;
      }
      if (this.#inFlight >= this.#concurrency) return;
      this.#waiting.shift()!.take();
    }
  }

  /** Tells each waiting request of a wait until `until`, unless it was told of it already. */
  #tell(until: number, ms: number, reason: 'per-minute' | '429'): void {
    for (const waiter of this.#waiting) {
      // A timer firing a few ms early re-plans the same wait: only a later end is news, and a few ms is no wait.
      if (!waiter.onWait || ms < 50 || until <= waiter.toldUntil + 50) continue;
      waiter.toldUntil = until;
      waiter.onWait(ms, reason);
    }
  }
}

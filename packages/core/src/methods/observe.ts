import type { RedcapClient } from '../client/create-client.ts';
import { attachState, stateOf } from '../client/state.ts';

/** How one attempt of a request ended, as far as the transport knows. */
export interface AttemptOutcome {
  /**
   * The HTTP status of the answer, or `undefined` when none came (connection lost,
   * timeout, abort). Only a 4xx proves REDCap did not run the request: anything
   * else may have come after REDCap saved.
   */
  readonly status: number | undefined;
}

/** What {@link observed} watches for. */
export interface Observation {
  /** Told each attempt's outcome, once, as soon as it is known. */
  readonly onAttempt?: ((outcome: AttemptOutcome) => void) | undefined;
  /** The answer is CSV: a 2xx body must end with a line break (REDCap ends every CSV line with `\n`). */
  readonly csv?: boolean | undefined;
  /** Rewrites a 2xx text body before the pipeline reads it (small answers only: the body is read whole). */
  readonly rewrite?: ((body: string) => string) | undefined;
}

/**
 * A stand-in for `client` whose transport reports each attempt and checks CSV
 * bodies end whole, so that the request pipeline (retries, timeouts, limiter,
 * redirects) runs unchanged around it. A failed check fails the attempt's fetch,
 * which the pipeline treats as an answer lost on the way: retried for reads.
 *
 * Why here and not in the pipeline: send() has no per-attempt hook yet. Once it
 * calls `onAttempt` and checks CSV endings itself, this wrapper can go.
 *
 * @example
 * ```ts
 * const watched = observed(client, { csv: true, onAttempt: ({ status }) => statuses.push(status) });
 * await send(watched, request, options);
 * ```
 */
export function observed(client: RedcapClient, observation: Observation): RedcapClient {
  const state = stateOf(client);
  const base = state.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    let told = false;
    const tell = (status: number | undefined): void => {
      if (told) return;
      told = true;
      observation.onAttempt?.({ status });
    };
    // An attempt the pipeline gives up on (its timeout) ends now, not when fetch finally settles.
    const abandoned = (): void => tell(undefined);
    signal?.addEventListener('abort', abandoned, { once: true });
    return base(input, init).then(
      (response) => {
        signal?.removeEventListener('abort', abandoned);
        tell(response.status);
        if (!response.ok) return response;
        if (observation.rewrite) return rewritten(response, observation.rewrite);
        return observation.csv ? lineEnded(response) : response;
      },
      (error: unknown) => {
        signal?.removeEventListener('abort', abandoned);
        tell(undefined);
        throw error;
      },
    );
  };
  const stand = Object.create(client) as RedcapClient;
  attachState(stand, { ...state, fetch: fetch as typeof globalThis.fetch });
  return stand;
}

const lineFeed = 0x0a;
const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === lineFeed;

/**
 * The response as it came, once its whole body has arrived and its CSV's last
 * line is complete; otherwise the attempt fails as an answer lost on the way.
 * The body is read here, not checked as it streams: browsers replace a stream's
 * own error by a bare "Failed to fetch", and the reason must reach the caller.
 * Bodies that start like JSON or HTML are REDCap's or a proxy's error texts, which
 * the pipeline reads as such; an empty body is REDCap's empty export.
 */
async function lineEnded(response: Response): Promise<Response> {
  if (!response.body) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const first = bytes.find((byte) => !isSpace(byte));
  const errorText = first === 0x7b /* { */ || first === 0x3c; /* < */
  if (bytes.length > 0 && bytes[bytes.length - 1] !== lineFeed && !errorText) {
    throw new Error(
      'the CSV answer ends part way through a line: it was cut short on the way (REDCap ends every CSV line with a line break)',
    );
  }
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The response with its text body rewritten; status and headers kept, the length dropped (it changed). */
async function rewritten(response: Response, rewrite: (body: string) => string): Promise<Response> {
  const body = rewrite(await response.text());
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

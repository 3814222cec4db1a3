import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/**
 * No answer arrived: DNS failure, refused or reset connection, CORS rejection in a
 * browser. `reason` is the runtime's own description (never the request).
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof RedcapNetworkError) console.log('Is the server reachable?', error.reason);
 * }
 * ```
 */
export class RedcapNetworkError extends RedcapError {
  override name: 'RedcapNetworkError' = 'RedcapNetworkError';
  /** The runtime's description of the failure, e.g. `fetch failed: ECONNRESET`. */
  readonly reason: string;

  constructor(reason: string, operation: RedcapOperation) {
    super(`Network error (${operation.content}/${operation.action}): ${reason}`, operation);
    this.reason = reason;
  }
}

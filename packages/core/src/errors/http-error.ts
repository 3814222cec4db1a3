import { cut } from '../internal/scrub.ts';
import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/**
 * An HTTP answer that did not come from REDCap's API layer: a proxy's 502 page,
 * a web server's 404, an unexpected status. `bodySnippet` holds the start of the
 * body as text (at most 500 characters) to help diagnose it.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof RedcapHttpError && error.status === 404) console.log('Check the URL: it should end in /api/');
 * }
 * ```
 */
export class RedcapHttpError extends RedcapError {
  override name: 'RedcapHttpError' = 'RedcapHttpError';
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The first 500 characters of the body. */
  readonly bodySnippet: string;

  constructor(status: number, explanation: string, bodySnippet: string, operation: RedcapOperation) {
    super(`HTTP ${status} (${operation.content}/${operation.action}): ${explanation}`, operation);
    this.status = status;
    this.bodySnippet = cut(bodySnippet, 500);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, bodySnippet: this.bodySnippet };
  }
}

import { cut } from '../internal/scrub.ts';
import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/**
 * REDCap answered with success (HTTP 200), but the body is not what the method
 * returns: not valid JSON, empty where JSON is sent, the wrong shape, or larger
 * than `maxResponseBytes`. Unlike {@link RedcapHttpError} (an answer that did not
 * come from REDCap), the answer came through; its content is wrong. `bodySnippet`
 * holds the start of the body, scrubbed, at most 300 characters.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof RedcapResponseError) console.log(error.message, error.bodySnippet);
 * }
 * ```
 */
export class RedcapResponseError extends RedcapError {
  override name: 'RedcapResponseError' = 'RedcapResponseError';
  /** The HTTP status of the answer: 200 (or another 2xx). */
  readonly status: number;
  /** The start of the body as text, scrubbed of the token and of sent data, at most 300 characters. */
  readonly bodySnippet: string;

  /**
   * @param explanation What is wrong with the answer, as a sentence.
   * @param bodySnippet The body (or its start), already scrubbed with `scrub()`; cut here to 300 characters.
   */
  constructor(explanation: string, bodySnippet: string, operation: RedcapOperation, status: number = 200) {
    super(`Unexpected answer (${operation.content}/${operation.action}): ${explanation}`, operation);
    this.status = status;
    this.bodySnippet = cut(bodySnippet);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, bodySnippet: this.bodySnippet };
  }
}

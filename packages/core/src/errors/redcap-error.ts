/** The REDCap operation an error belongs to, as REDCap names it on the wire. */
export interface RedcapOperation {
  /** REDCap's `content` parameter, e.g. `record`. */
  readonly content: string;
  /** REDCap's `action` parameter, e.g. `export`. */
  readonly action: string;
}

/**
 * The \`name\` of each error class of the SDK.
 *
 * @example
 * ```ts
 * const name: RedcapErrorName = 'RedcapTimeoutError';
 * ```
 */
export type RedcapErrorName =
  | 'RedcapError'
  | 'RedcapApiError'
  | 'RedcapHttpError'
  | 'RedcapResponseError'
  | 'RedcapCastError'
  | 'RedcapNetworkError'
  | 'RedcapTimeoutError'
  | 'RedcapValidationError'
  | 'RedcapImportCheckError'
  | 'RedcapBatchError';

/**
 * Base class of every error the SDK throws.
 *
 * Errors never hold the token, the request body or a ky object: only the
 * operation, a message and (for answers) the status and REDCap's own text.
 *
 * @example
 * ```ts
 * try {
 *   await redcap.records.export();
 * } catch (error) {
 *   if (isRedcapError(error)) console.error(error.content, error.action, error.message);
 * }
 * ```
 */
export class RedcapError extends Error {
  // A union, not \`string\`: each subclass narrows it to its own literal, so \`switch (error.name)\` narrows too.
  override name: RedcapErrorName = 'RedcapError';
  /** REDCap's `content` parameter of the failed call (`record`, `metadata`, ...). */
  readonly content: string;
  /** REDCap's `action` parameter of the failed call (`export`, `import`, ...). */
  readonly action: string;

  constructor(message: string, operation: RedcapOperation, options?: { cause?: unknown }) {
    super(message, options);
    this.content = operation.content;
    this.action = operation.action;
  }

  /** The safe fields of the error, for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, content: this.content, action: this.action };
  }
}

/**
 * True for any error thrown by the SDK, also across realms (iframes, workers)
 * where `instanceof` fails.
 *
 * @example
 * ```ts
 * if (isRedcapError(error)) console.log(error.name);
 * ```
 */
export function isRedcapError(error: unknown): error is RedcapError {
  return (
    error instanceof RedcapError ||
    (error instanceof Error && /^Redcap\w*Error$/.test(error.name) && 'content' in error && 'action' in error)
  );
}

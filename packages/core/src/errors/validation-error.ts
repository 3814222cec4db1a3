import { RedcapError, type RedcapOperation } from './redcap-error.ts';

/**
 * Bad input found before anything was sent. `path` names the option or parameter
 * (`token`, `records[2]`, `retry.limit`); the message says what is expected.
 * Values are never echoed, so a mistyped token cannot leak through here.
 *
 * @example
 * ```ts
 * try {
 *   createRedcap({ url: 'redcap.example.edu', token });
 * } catch (error) {
 *   if (error instanceof RedcapValidationError) console.log(error.path, error.message);
 * }
 * ```
 */
export class RedcapValidationError extends RedcapError {
  // A subclass, the import pre-check's error, has its own name.
  override name: 'RedcapValidationError' | 'RedcapImportCheckError' = 'RedcapValidationError';
  /** The option or parameter at fault, in dotted form (`retry.limit`, `records[0]`). */
  readonly path: string;

  constructor(path: string, problem: string, operation: RedcapOperation) {
    super(`Invalid \`${path}\`: ${problem}`, operation);
    this.path = path;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path };
  }
}

/**
 * The simulator's own diagnostics: what it could not do as REDCap would, said instead of
 * done silently. They never appear in any API answer (REDCap's Logging export included).
 */

/** One thing the simulator could not simulate. */
export interface MockDiagnostic {
  /** `unsupported-calculation`: a calc field whose formula the simulator cannot evaluate; the field stays blank. */
  readonly kind: 'unsupported-calculation';
  /** The project's `project_id`. */
  readonly projectId: string;
  /** The calc field. */
  readonly field: string;
  /** The formula as stored in the data dictionary. */
  readonly formula: string;
  /** What is unsupported: a function (`stdev()`), a smart variable (`[event-name]`), a reference... */
  readonly part: string;
  /** One line for people, naming the project, field and the unsupported part. */
  readonly message: string;
}

/** Receives each diagnostic as it happens. */
export type DiagnosticSink = (diagnostic: MockDiagnostic) => void;

/**
 * A sink that keeps every diagnostic in `list`, then passes it to `listener`.
 *
 * @example
 * const list: MockDiagnostic[] = [];
 * const report = diagnosticSink(list, (d) => process.stderr.write(`${d.message}\n`));
 */
export function diagnosticSink(list: MockDiagnostic[], listener?: DiagnosticSink): DiagnosticSink {
  return (diagnostic) => {
    list.push(diagnostic);
    listener?.(diagnostic);
  };
}

/**
 * The scenario suite is written once and run by several runners (node:test with
 * msw's setupServer, Chromium with msw's setupWorker, Deno and Bun with a wrapped
 * global fetch). A scenario gets the URL the runner intercepts and a way to choose
 * which simulator answers there.
 */
export interface ScenarioEnv {
  /** The intercepted REDCap endpoint, e.g. `https://redcap.example.test/api/`. */
  readonly url: string;
  /** Routes requests to `url` to this handler (a simulator's `handle`) until the next call. */
  use(handler: (request: Request) => Promise<Response>): void;
  /** Where the scenario runs: lets a scenario skip what a runtime cannot do (none do today). */
  readonly runtime: 'node' | 'browser' | 'deno' | 'bun';
}

export interface Scenario {
  readonly name: string;
  readonly run: (env: ScenarioEnv) => Promise<void>;
}

/** Collects scenarios under a group name. */
export function group(prefix: string, cases: Record<string, (env: ScenarioEnv) => Promise<void>>): Scenario[] {
  return Object.entries(cases).map(([name, run]) => ({ name: `${prefix}: ${name}`, run }));
}

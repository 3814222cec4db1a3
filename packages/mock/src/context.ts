import type { Params } from './wire/params.ts';
import type { WireFormat } from './wire/respond.ts';
import type { ProjectState, UserDef } from './types.ts';
import type { DiagnosticSink } from './diagnostics.ts';

/** What the simulated server holds besides the project of a request. */
export interface ServerState {
  /** Every project: the one `createMockRedcap` made first, then those of Create Project. */
  readonly projects: ProjectState[];
  /** The super token (64 upper-case hex characters): Create Project and Export Version. */
  readonly superToken: string;
  /** Where the simulator says what it cannot simulate ({@link MockRedcap.diagnostics}). */
  readonly report: DiagnosticSink;
}

/** Everything a method handler needs, after the router's checks and normalisation (§1.7). */
export interface RequestContext {
  readonly state: ProjectState;
  readonly user: UserDef;
  /** Every project of the server and its super token (Create Project). */
  readonly server: ServerState;
  readonly params: Params;
  readonly content: string;
  /** The effective action. */
  readonly action: string;
  /** `format` as normalised: default and unknown values are `xml`. */
  readonly format: 'json' | 'csv' | 'xml' | 'odm';
  readonly returnFormat: WireFormat;
  /** The `data` parameter, when present. */
  readonly data: string | undefined;
  /** `data` decoded by the router when `format=json` (undefined otherwise). */
  readonly jsonData: unknown;
  readonly type: 'flat' | 'eav';
  readonly overwriteBehavior: 'normal' | 'overwrite';
  readonly returnContent: 'count' | 'ids' | 'auto_ids' | 'nothing';
  readonly rawOrLabel: 'raw' | 'label';
  readonly rawOrLabelHeaders: 'raw' | 'label';
  readonly dateFormat: 'YMD' | 'MDY' | 'DMY';
  readonly version: string;
  /** Base URL of the simulated server, ending in `/` (survey links). */
  readonly baseUrl: string;
  readonly now: Date;
  /** Appends a logging entry for the token's user. */
  log(action: string, details: string, record?: string): void;
}

/** A method implementation. Throw `fail(status, message)` for REDCap's error answers. */
export type Handler = (context: RequestContext) => Response | Promise<Response>;

/** `format` for success bodies of methods that only write json/csv/xml. */
export function outputFormat(context: RequestContext): WireFormat {
  return context.format === 'odm' ? 'xml' : context.format;
}

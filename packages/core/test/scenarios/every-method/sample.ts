import type { Redcap } from '@redcap-sdk/core';
import type { MockRedcap } from '@redcap-sdk/mock';

/** How the every-method loop exercises one method against a fresh simulator. */
export interface MethodSample {
  /** The fixture to start from. @default 'longitudinal' */
  readonly project?: 'classic' | 'longitudinal';
  /** The fixture for `failure`, when it differs. @default project */
  readonly failureProject?: 'classic' | 'longitudinal';
  /** Calls the method (through the namespace) with valid input and asserts what the user gets. */
  readonly success: (redcap: Redcap, mock: MockRedcap) => Promise<void>;
  /** Calls it so that REDCap answers an error; asserts it is a RedcapApiError with REDCap's status and message. */
  readonly failure: (redcap: Redcap, mock: MockRedcap) => Promise<void>;
}

/** Samples keyed by the descriptor's `name` (`exportRecords`, ...). */
export type Samples = Readonly<Record<string, MethodSample>>;

/** Takes rights away from the simulator's token user, to provoke REDCap's privilege errors. */
export function restrict(mock: MockRedcap, rights: Partial<Record<keyof MockRedcap['project']['users'][number]['rights'], unknown>>): void {
  Object.assign(mock.project.users[0]!.rights, rights);
}

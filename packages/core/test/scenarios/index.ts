import type { Scenario } from '../support/scenario.ts';
import { badInputScenarios } from './bad-input.ts';
import { batchVerdictScenarios } from './batch-verdicts.ts';
import { clientScenarios } from './client.ts';
import { createProjectScenarios } from './create-project.ts';
import { largeScenarios } from './large.ts';
import { csvBatchScenarios } from './csv-batches.ts';
import { eventScenarios } from './events.ts';
import { everyMethodScenarios } from './every-method/loop.ts';
import { faultScenarios } from './faults.ts';
import { importInputScenarios } from './import-input.ts';
import { noDuplicateScenarios } from './no-duplicates.ts';
import { projectScenarios } from './project.ts';
import { precheckScenarios } from './precheck.ts';
import { projectLoadScenarios } from './project-load.ts';
import { projectCastScenarios } from './project-cast.ts';
import { recordScenarios } from './records.ts';
import { resilienceScenarios } from './resilience.ts';
import { secrecyScenarios } from './secrecy.ts';
import { shortAnswerScenarios } from './short-answers.ts';
import { tourScenarios } from './tour.ts';
import { transportScenarios } from './transport.ts';

/** The whole suite, in the order it runs. */
export const scenarios: readonly Scenario[] = [
  ...clientScenarios,
  ...transportScenarios,
  ...faultScenarios,
  ...resilienceScenarios,
  ...eventScenarios,
  ...secrecyScenarios,
  ...badInputScenarios,
  ...recordScenarios,
  ...largeScenarios,
  ...csvBatchScenarios,
  ...shortAnswerScenarios,
  ...batchVerdictScenarios,
  ...noDuplicateScenarios,
  ...importInputScenarios,
  ...createProjectScenarios,
  ...projectScenarios,
  ...precheckScenarios,
  ...projectLoadScenarios,
  ...projectCastScenarios,
  ...everyMethodScenarios,
  ...tourScenarios,
];

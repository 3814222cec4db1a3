import { methodDescriptors } from '../../support/methods.ts';
import { AssertionError } from '../../support/assert.ts';
import type { Scenario } from '../../support/scenario.ts';
import { setup } from '../../support/setup.ts';
import type { Samples } from './sample.ts';
import { baseSamples } from './samples-base.ts';
import { designSamples } from './samples-design.ts';
import { peopleSamples } from './samples-people.ts';

const samples: Samples = { ...baseSamples, ...designSamples, ...peopleSamples };

/**
 * Two scenarios per method of the table, success and REDCap's error, so a method
 * added to the table without a sample fails here.
 */
export const everyMethodScenarios: Scenario[] = methodDescriptors.flatMap((method) => {
  const title = `every method: ${method.name} (${method.content}/${method.action})`;
  const sample = samples[method.name];
  const missing = async (): Promise<void> => {
    throw new AssertionError(`no sample for ${method.name}: add one to packages/core/test/scenarios/every-method/`);
  };
  return [
    {
      name: `${title} succeeds`,
      run: sample
        ? async (env) => {
            const { redcap, mock } = setup(env, sample.project ? { project: sample.project } : {});
            await sample.success(redcap, mock);
          }
        : missing,
    },
    {
      name: `${title} reports REDCap's error`,
      run: sample
        ? async (env) => {
            const failing = sample.failureProject ?? sample.project;
            const { redcap, mock } = setup(env, failing ? { project: failing } : {});
            await sample.failure(redcap, mock);
          }
        : missing,
    },
  ];
});

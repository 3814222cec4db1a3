import { createRedcap, loadProject, loadedProject, RedcapApiError } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { describeRequest } from '../support/projects.ts';
import { deepEqual, equal, ok, rejects } from '../support/assert.ts';
import { group, type ScenarioEnv } from '../support/scenario.ts';

/** A simulator of the given project, a client of it, and the `content` of every request it answered. */
function counted(env: ScenarioEnv, project: 'classic' | 'longitudinal') {
  const mock = createMockRedcap({ project });
  const contents: string[] = [];
  let failNext = false;
  env.use(async (request) => {
    contents.push((await describeRequest(request)).content);
    if (failNext) {
      failNext = false;
      return new Response(JSON.stringify({ error: 'You do not have permissions to use the API' }), { status: 403 });
    }
    return mock.handle(request);
  });
  const redcap = createRedcap({ url: env.url, token: mock.token, dangerouslyAllowBrowser: true, retry: false });
  return { mock, redcap, contents, failOnce: () => (failNext = true) };
}

export const projectLoadScenarios = group('project load', {
  async 'a longitudinal project: dictionary, instruments, arms, events, designations, repeating setup and info, in one load'(env) {
    const { redcap, contents } = counted(env, 'longitudinal');
    const project = await redcap.project.load();
    deepEqual([...contents].sort(), ['arm', 'event', 'formEventMapping', 'instrument', 'metadata', 'project', 'repeatingFormsEvents']);
    equal(project.recordIdField, 'record_id');
    equal(project.isLongitudinal, true);
    equal(project.hasRepeating, true);
    deepEqual(
      project.arms.map((arm) => arm.arm_num),
      [1, 2],
    );
    deepEqual(project.formsOf('visit_1_arm_1'), ['visits', 'survey_form']);
    equal(project.isRepeatingForm('visits', 'visit_1_arm_1'), true);
    equal(project.isRepeatingForm('visits', 'baseline_arm_1'), false);
    deepEqual(project.checkboxColumns('race'), ['race___1', 'race___2', 'race___3', 'race___4', 'race___5']);
    deepEqual(project.choicesOf('sex'), [
      { code: '0', label: 'Female' },
      { code: '1', label: 'Male' },
    ]);
  },

  async 'a classic project: no arms, events or designations are asked for (REDCap refuses them)'(env) {
    const { redcap, contents } = counted(env, 'classic');
    const project = await redcap.project.load();
    deepEqual([...contents].sort(), ['instrument', 'metadata', 'project', 'repeatingFormsEvents']);
    equal(project.isLongitudinal, false);
    deepEqual(project.formsOf(), ['demographics', 'medications']);
    equal(project.isRepeatingForm('medications'), true);
    deepEqual(project.events, []);
  },

  async 'loaded once: later and concurrent loads share one fetch; refresh fetches again'(env) {
    const { redcap, contents } = counted(env, 'classic');
    const [a, b] = await Promise.all([redcap.project.load(), loadProject(redcap)]);
    equal(a, b);
    equal(await redcap.project.load(), a);
    equal(contents.length, 4);
    equal(loadedProject(redcap), a);
    const fresh = await redcap.project.load({ refresh: true });
    equal(contents.length, 8);
    ok(fresh !== a);
    equal(loadedProject(redcap), fresh);
    await redcap.project.refresh();
    equal(contents.length, 12);
  },

  async 'a failed load caches nothing: the next load fetches again'(env) {
    const { redcap, contents, failOnce } = counted(env, 'classic');
    failOnce();
    await rejects(redcap.project.load(), RedcapApiError);
    equal(loadedProject(redcap), undefined);
    const before = contents.length;
    const project = await redcap.project.load();
    equal(project.recordIdField, 'record_id');
    equal(contents.length - before, 4);
  },
});

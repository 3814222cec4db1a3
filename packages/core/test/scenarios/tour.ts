import { tour } from '../../../../examples/tour-steps.ts';
import { equal, match, ok } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { setup } from '../support/setup.ts';

export const tourScenarios = group('tour', {
  async 'the seed walkthrough runs end to end on the simulator'(env) {
    const { mock } = setup(env);
    const lines: string[] = [];
    const steps = await tour(
      { url: env.url, token: mock.token, dangerouslyAllowBrowser: true },
      { write: true, log: (line) => lines.push(line) },
    );
    const text = lines.join('\n');
    equal(steps, 12);
    match(text, /with token [0-9A-F]{3}\*{27}[0-9A-F]{2}/);
    ok(!text.includes(mock.token), 'the token is never printed');
    match(text, /2 of 3 imports succeeded/);
    match(text, /one import refused, as expected: The following fields were not found in the project as real data fields: not_a_field/);
    match(text, /imported 10 records \(expected 10\)/);
    match(text, /is now ""/);
    match(text, /uploaded and downloaded consent\.pdf \(23 bytes\) in instance 2/);
    match(text, /deleted 12 records/);
    match(text, /\/surveys\/\?s=/);
    match(text, /record \d+: \w+ = .+ \((number|boolean|checked codes)\)/);
    match(text, /refused before sending, 2 problems at once:\n {5}row 1, not_a_field: .*\n {5}row 2, not_a_field_either: /);
  },

  async 'read-only mode changes nothing'(env) {
    const { mock, redcap } = setup(env);
    const before = JSON.stringify(await redcap.records.export());
    const lines: string[] = [];
    await tour({ url: env.url, token: mock.token, dangerouslyAllowBrowser: true }, { write: false, log: (line) => lines.push(line) });
    equal(JSON.stringify(await redcap.records.export()), before);
    match(lines.join('\n'), /read-only/);
  },
});

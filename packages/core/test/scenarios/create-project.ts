/** Project creation on servers that print PHP warnings before the new token. */
import { createRedcap, RedcapError } from '@redcap-sdk/core';
import { equal, match, ok, rejects } from '../support/assert.ts';
import { group } from '../support/scenario.ts';
import { canaryToken, serve } from '../support/setup.ts';

export const createProjectScenarios = group('create project', {
  async 'project.create with PHP warnings before the token returns the token and reports the warnings'(env) {
    const token = 'ABCDEF0123456789ABCDEF0123456789';
    const warnings =
      '<br />\n<b>Warning</b>:  Undefined array key "odm" in <b>/var/www/redcap/Classes/Project.php</b> on line <b>812</b><br />\n';
    for (const body of [`${warnings}${token}`, `\nDeprecated: strlen(): Passing null in /var/www/x.php on line 3\n${token}\n`]) {
      serve(env, () => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
      const admin = createRedcap({ url: env.url, token: `${canaryToken}${canaryToken}`, dangerouslyAllowBrowser: true });
      const seen: string[] = [];
      equal(await admin.project.create({ project_title: 'Pilot', purpose: 0 }, { onWarning: (text) => seen.push(text) }), token);
      equal(seen.length, 1);
      ok(!seen[0]!.includes(token), 'the warning does not carry the token');
      match(seen[0]!, /Undefined array key|Deprecated/);
      ok(!seen[0]!.includes('<b>'), 'warnings are plain text');
      equal(await admin.project.create({ project_title: 'Pilot', purpose: 0 }), token, 'no onWarning: still the token');
    }
    // A warning and part of a token: an error that never shows the hexadecimal digits.
    serve(env, () => new Response(`${warnings}${token.slice(0, 20)}`, { headers: { 'content-type': 'text/html' } }));
    const admin = createRedcap({ url: env.url, token: `${canaryToken}${canaryToken}`, dangerouslyAllowBrowser: true });
    await rejects(admin.project.create({ project_title: 'Pilot', purpose: 0 }), RedcapError, (error) => {
      ok(!JSON.stringify(error.toJSON()).includes(token.slice(0, 20)));
      ok(!error.message.includes(token.slice(0, 20)));
      match(error.message, /may have been created/);
    });
  },
});

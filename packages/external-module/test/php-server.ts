/**
 * The example module deployed as a REDCap site would hold it (its files plus the kit's PHP
 * in redcap-sdk/ and the <script> builds in js/), run by `php -S` with the stand-in
 * framework, forwarding to the simulator over HTTP. PHP comes from Debian (bootstrap.sh).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockRedcap, type MockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';

const root = join(import.meta.dirname, '..', '..', '..');

/** Users of the stand-in REDCap: a data manager, a user without data export rights, and a super user. */
export const users = {
  ada: { super: false, rights: { data_export_tool: '1', data_import_tool: '1', record_delete: '1' } },
  viewer: { super: false, rights: { data_export_tool: '0', data_import_tool: '0' } },
  admin: { super: true, rights: {} },
};

export interface ModuleServer {
  /** The module's base URL: `<url>records.php` is the page, `<url>ajax` is module.ajax. */
  readonly url: string;
  readonly mock: MockRedcap;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilUp(url: string, php: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (php.exitCode !== null) throw new Error(`php -S exited with ${php.exitCode}: ${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`php -S did not start: ${output()}`);
}

/** Starts the simulator and the example module under `php -S`. */
export async function startModuleServer(): Promise<ModuleServer> {
  const mock = createMockRedcap();
  const redcap = await startMockServer(mock, { port: 0 });
  const deployed = await mkdtemp(join(tmpdir(), 'redcap-sdk-module-'));
  await cp(join(root, 'examples', 'external-module'), deployed, { recursive: true });
  await cp(join(root, 'packages', 'external-module', 'php'), join(deployed, 'redcap-sdk'), { recursive: true });
  const port = await freePort();
  let output = '';
  const php = spawn('php', ['-S', `127.0.0.1:${port}`, join(import.meta.dirname, 'stand-in', 'router.php')], {
    env: {
      ...process.env,
      PHP_CLI_SERVER_WORKERS: '2',
      MODULE_DIR: deployed,
      MODULE_CLASS: 'Example\\RedcapSdkExample\\RedcapSdkExampleModule',
      REDCAP_BASE_URL: redcap.url.replace(/api\/$/, ''),
      STAND_IN_USERS: JSON.stringify(users),
      STAND_IN_USER: 'ada',
      STAND_IN_SETTINGS: JSON.stringify({ 'redcap-sdk-api-token': mock.token }),
      STAND_IN_JS: JSON.stringify({
        'redcap.global.js': join(root, 'packages', 'core', 'dist', 'redcap.global.js'),
        'redcap-module-ajax.global.js': join(root, 'packages', 'external-module', 'dist', 'redcap-module-ajax.global.js'),
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stopping it stops its workers too.
    detached: true,
  });
  php.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  php.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilUp(url, php, () => output);
  } catch (error) {
    if (php.pid !== undefined && php.exitCode === null) process.kill(-php.pid, 'SIGTERM');
    if ((error as Error).message.includes('ENOENT'))
      throw new Error('PHP is not installed: run scripts/bootstrap.sh (php-cli, php-curl from Debian).');
    throw error;
  }
  return {
    url,
    mock,
    close: async () => {
      const exited = new Promise((resolve) => php.once('exit', resolve));
      if (php.exitCode === null && php.pid !== undefined) process.kill(-php.pid, 'SIGTERM');
      await exited;
      await redcap.close();
      await rm(deployed, { recursive: true, force: true });
    },
  };
}

/** A stand-in for the framework's JavaScript Module Object: `ajax` posts to the module as `user`. */
export function standInModule(server: ModuleServer, user: string): { ajax(action: string, payload: unknown): Promise<unknown> } {
  return {
    async ajax(action, payload) {
      const response = await fetch(`${server.url}ajax`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-stand-in-user': user },
        body: JSON.stringify({ action, payload }),
      });
      if (!response.ok) throw new Error(`The module request failed with ${response.status}`);
      return response.json();
    },
  };
}

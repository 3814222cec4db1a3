import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isCancel, password } from '@clack/prompts';
import { type ClientOptions, createRedcap, type Redcap } from '@redcap-sdk/core';

/** A problem with how the command was called or configured: exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** No token anywhere: on a terminal, {@link connect} asks for one instead. */
class NoTokenError extends UsageError {}

/** The connection flags every REDCap subcommand takes (global options of the program). */
export interface ConnectionFlags {
  readonly url?: string;
  readonly token?: string;
  readonly profile?: string;
}

/** One project in the config file. */
interface Profile {
  readonly url?: string;
  readonly token?: string;
}

/**
 * Where profiles live: `$REDCAP_CONFIG`, else `redcap/config.json` in the user's config
 * directory (`%APPDATA%` on Windows, `$XDG_CONFIG_HOME` or `~/.config` elsewhere).
 *
 * @example
 * ```ts
 * configPath(process.env); // '/home/ann/.config/redcap/config.json'
 * ```
 */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.REDCAP_CONFIG) return env.REDCAP_CONFIG;
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
  return join(base, 'redcap', 'config.json');
}

/**
 * Reads a profile from the config file (`{ "profiles": { "name": { "url", "token" } } }`).
 * A file that group or other users can read is refused: it holds tokens. A missing file
 * is no profile, unless one was asked for by name.
 */
function readProfile(path: string, name: string | undefined): Profile | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    if (name) throw new UsageError(`profile "${name}" was asked for, but there is no config file at ${path}.`);
    return undefined;
  }
  // Windows has no POSIX modes: its user profile directory is private by default.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new UsageError(
      `refusing to read ${path}: other users can read it (mode ${(mode & 0o777).toString(8)}), and it holds tokens. Run: chmod 600 ${path}`,
    );
  }
  let config: { profiles?: Record<string, Profile> };
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as typeof config;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const profiles = config.profiles ?? {};
  const chosen = name ?? 'default';
  const profile = profiles[chosen];
  if (!profile && name) {
    throw new UsageError(`no profile "${name}" in ${path}; it has: ${Object.keys(profiles).join(', ') || 'none'}.`);
  }
  return profile;
}

/**
 * The client options for a subcommand: URL and token from the flags, else `REDCAP_URL` and
 * `REDCAP_TOKEN`, else a profile of the config file (`--profile`, `REDCAP_PROFILE`, or `default`).
 * A token given with `--token` works, with a warning: other users see it in the process list.
 *
 * @example
 * ```ts
 * const options = resolveConnection({ profile: 'study-a' }, process.env, (line) => process.stderr.write(line));
 * ```
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, warn: (line: string) => void): ClientOptions {
  if (flags.token !== undefined) {
    warn(
      'warning: a token given with --token can be seen by other users of this machine in the process list; prefer REDCAP_TOKEN or a profile.\n',
    );
  }
  const needsProfile =
    flags.profile !== undefined || (flags.url ?? env.REDCAP_URL) === undefined || (flags.token ?? env.REDCAP_TOKEN) === undefined;
  const profile = needsProfile ? readProfile(configPath(env), flags.profile ?? env.REDCAP_PROFILE) : undefined;
  const url = flags.url ?? (flags.profile ? undefined : env.REDCAP_URL) ?? profile?.url;
  const token = flags.token ?? (flags.profile ? undefined : env.REDCAP_TOKEN) ?? profile?.token;
  if (!url) throw new UsageError('no REDCap URL: pass --url, set REDCAP_URL, or add a profile to the config file.');
  if (!token) throw new NoTokenError('no API token: set REDCAP_TOKEN, add a profile to the config file, or pass --token.');
  return { url, token };
}

/** Whether a person is at the terminal: both ends a TTY, and not CI. */
function interactive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI;
}

/**
 * Asks for the token with hidden input (@clack/prompts `password`, which echoes a mask, never the
 * token). Ctrl-C or Escape cancels: a usage error, nothing is sent.
 */
async function promptToken(): Promise<string> {
  const answer = await password({
    message: 'REDCap API token (input is hidden; set REDCAP_TOKEN or a profile to skip this)',
    mask: '*',
    validate: (text) =>
      text && /^(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})$/.test(text.trim()) ? undefined : 'a REDCap token is 32 (or 64) hexadecimal characters',
  });
  if (isCancel(answer)) throw new UsageError('cancelled: no API token was given.');
  return answer.trim();
}

/**
 * A client for a subcommand, from its connection flags and the environment. When no token is
 * found and a person is at the terminal, it is asked for with hidden input.
 *
 * @example
 * ```ts
 * const redcap = await connect(program.opts(), { onEvent: display.onEvent });
 * ```
 */
export async function connect(flags: ConnectionFlags, extra: Partial<ClientOptions> = {}): Promise<Redcap> {
  let options: ClientOptions;
  try {
    options = resolveConnection(flags, process.env, (line) => process.stderr.write(line));
  } catch (error) {
    if (!(error instanceof NoTokenError) || !interactive()) throw error;
    options = resolveConnection({ ...flags, token: await promptToken() }, process.env, () => undefined);
  }
  try {
    return createRedcap({ ...options, ...extra });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

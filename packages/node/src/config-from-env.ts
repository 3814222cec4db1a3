/** What {@link configFromEnv} reads: the endpoint and the token for `createClient`. */
export interface EnvConfig {
  url: string;
  token: string;
}

const hints = {
  REDCAP_URL: 'your REDCap API endpoint, e.g. REDCAP_URL=https://redcap.example.edu/api/',
  REDCAP_TOKEN: "your project's API token (REDCap > API > My token), e.g. REDCAP_TOKEN=<32 hex characters>",
} as const;

function read(env: Readonly<Record<string, string | undefined>>, variable: keyof typeof hints): string {
  const value = env[variable]?.trim();
  if (!value) {
    throw new Error(
      `${variable} is not set. Set it to ${hints[variable]}: in the shell (export ${variable}=...) ` +
        'or in a .env file loaded with `node --env-file=.env`.',
    );
  }
  return value;
}

/**
 * Reads the client's `url` and `token` from `REDCAP_URL` and `REDCAP_TOKEN`, so that
 * the token stays out of the source. Throws an `Error` naming a missing variable and
 * how to set it (the token's value never appears in an error).
 *
 * @example
 * ```ts
 * import { createClient } from '@redcap-sdk/core';
 * import { configFromEnv } from '@redcap-sdk/node';
 *
 * // node --env-file=.env app.ts
 * const client = createClient(configFromEnv());
 * ```
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): EnvConfig {
  return { url: read(env, 'REDCAP_URL'), token: read(env, 'REDCAP_TOKEN') };
}

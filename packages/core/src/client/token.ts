/** Tokens REDCap issues: 32 hex characters for a project, 64 for a super token. */
export const defaultTokenPattern: RegExp = /^(?:[0-9A-F]{32}|[0-9A-F]{64})$/i;

/**
 * Masks a token for display: first 3 and last 2 characters, the rest as `*`,
 * same length. Short tokens are masked whole.
 *
 * @example
 * ```ts
 * maskToken('9A3F0C1D2E3F4A5B6C7D8E9F0A1B2C10'); // '9A3***************************10'
 * ```
 */
export function maskToken(token: string): string {
  if (token.length < 12) return '*'.repeat(token.length);
  return token.slice(0, 3) + '*'.repeat(token.length - 5) + token.slice(-2);
}

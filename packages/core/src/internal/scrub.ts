/**
 * Replaces a secret (the token), in any case, by `[token]`: for texts from a server
 * that go into an error, since a misconfigured proxy may echo the request.
 */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), '[token]');
}

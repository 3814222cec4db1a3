/**
 * `json_encode` as PHP writes it with default flags: compact, `/` escaped as `\/`,
 * every non-ASCII character as a lower-case `\uXXXX` escape (astral characters as a
 * surrogate pair), control characters as `\b \f \n \r \t` or `\u00XX`.
 */
export function phpJsonEncode(value: unknown): string {
  // JSON.stringify does the walking natively (big exports are megabytes); PHP's
  // differences are then patched in: `\/`, and `\uXXXX` for every non-ASCII unit.
  const json =
    JSON.stringify(value, (_key, item: unknown) =>
      item === undefined ? null : typeof item === 'number' && !Number.isFinite(item) ? 0 : item,
    ) ?? 'null';
  return json.replace(/[/\u0080-\uffff]/g, (ch) => (ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

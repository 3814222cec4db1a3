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

/** One PHP-escaped JSON string literal, quotes included. */
export function phpJsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/') out += '\\/';
    else if (code === 0x08) out += '\\b';
    else if (code === 0x0c) out += '\\f';
    else if (code === 0x0a) out += '\\n';
    else if (code === 0x0d) out += '\\r';
    else if (code === 0x09) out += '\\t';
    else if (code < 0x20 || code > 0x7e) {
      if (code === 0x7f) out += ch;
      else out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

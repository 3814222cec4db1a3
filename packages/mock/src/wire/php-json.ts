/**
 * `json_encode` as PHP writes it with default flags: compact, `/` escaped as `\/`,
 * every non-ASCII character as a lower-case `\uXXXX` escape (astral characters as a
 * surrogate pair), control characters as `\b \f \n \r \t` or `\u00XX`.
 */
export function phpJsonEncode(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return phpJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((item) => phpJsonEncode(item)).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      parts.push(`${phpJsonString(key)}:${phpJsonEncode(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return 'null';
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

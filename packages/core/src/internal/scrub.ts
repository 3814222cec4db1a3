/**
 * The one place where texts that go into an error are cleaned of secrets: the token
 * (in any case, also `\u`-escaped or percent-encoded, also cut short at either edge),
 * any other 32/64-hex run (a token the server sent back), and echoes of what the call
 * sent (`data`: a server that echoes the request would put imported rows, PHI, into
 * the error). Scrub first, then cut: cutting first can leave most of a token behind.
 */

/** At most this many characters of server text go into an error's `message`. */
export const maxQuote = 300;

// A token the server returns (a new project's token, a super token) has no other name to match by.
const hexRun = /(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{32})(?![0-9a-f])/gi;
// Shorter runs of a secret than this are too likely to be ordinary text.
const minEdgeRun = 8;
const minEcho = 16;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One character of a secret as it can appear in a server's text: itself, JSON-`\u`-escaped, or percent-encoded. */
function charPattern(char: string): string {
  const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
  return `(?:${escapeRegExp(char)}|\\\\u00${hex}|%${hex})`;
}

/** The longest run (8 or more characters) that ends `text` and starts `secret`, ignoring case: 0 if none. */
function overlap(text: string, secret: string): number {
  for (let n = Math.min(secret.length - 1, text.length); n >= minEdgeRun; n--) if (text.endsWith(secret.slice(0, n))) return n;
  return 0;
}

const reverse = (text: string): string => [...text].reverse().join('');

/** The forms a sent value takes when a server echoes it: as sent in a form body, as is, inside a JSON string. */
function echoForms(value: string): string[] {
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  return [...new Set([value, form, JSON.stringify(value).slice(1, -1)])].filter((f) => f.length >= minEcho);
}

/** Blanks every run of `text` that repeats a long stretch of `form` from its start (an echo, maybe cut short). */
function blankEchoes(text: string, form: string): string {
  const head = form.slice(0, minEcho);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, from)) {
    let length = minEcho;
    while (at + length < text.length && length < form.length && text[at + length] === form[length]) length++;
    out += `${text.slice(from, at)}[data]`;
    from = at + length;
  }
  return out + text.slice(from);
}

/**
 * Replaces a secret (the token), in any case, by `[token]`, and any 32/64-hex run too:
 * for texts from a server that go into an error, since a misconfigured proxy may
 * echo the request. `echoes` are other values the call sent (its `data`): their
 * echoes become `[data]`.
 *
 * @example
 * ```ts
 * scrub('bad token 9A3F...10', token); // 'bad token [token]'
 * ```
 */
export function scrub(text: string, secret: string | undefined, echoes: readonly string[] = []): string {
  let out = text;
  for (const value of echoes) for (const form of echoForms(value)) out = blankEchoes(out, form);
  if (secret) {
    out = out.replace(new RegExp([...secret].map(charPattern).join(''), 'gi'), '[token]');
    // A body cut short (by the server, or by the few kB read of an error body) can end in the token's first characters.
    const lower = secret.toLowerCase();
    const end = overlap(out.toLowerCase(), lower);
    if (end > 0) out = `${out.slice(0, -end)}[token]`;
    const start = overlap(reverse(out.toLowerCase()), reverse(lower));
    if (start > 0) out = `[token]${out.slice(start)}`;
  }
  return out.replace(hexRun, '[token]');
}

/**
 * Cuts an already scrubbed text to `max` characters for an error. A run of 8 or
 * more hex characters at the cut is dropped: if the text was not scrubbed with the
 * token (a caller's own snippet), it may be the start of one.
 *
 * @example
 * ```ts
 * cut(scrub(body, token), 300);
 * ```
 */
export function cut(text: string, max: number = maxQuote): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/[0-9a-f]{8,}$/i, '')}…`;
}

/**
 * Scrubs, then cuts: server text as an error may quote it.
 *
 * @example
 * ```ts
 * quote(responseText, token, [sentData], 300);
 * ```
 */
export function quote(text: string, secret: string | undefined, echoes: readonly string[] = [], max: number = maxQuote): string {
  return cut(scrub(text, secret, echoes), max);
}

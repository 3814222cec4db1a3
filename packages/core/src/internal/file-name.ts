// REDCap stores whatever file name an uploader sent (survey participants, API scripts,
// imports), so a downloaded file's name is untrusted input: `../x`, `/etc/x`, `CON`, a
// newline. These helpers turn it into a name that is safe to join to a directory on any
// operating system, and keep the stored one for display.

/** Windows refuses these as file names, with or without an extension (`CON.txt` too). */
const windowsReserved = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
/** Characters no file name may hold somewhere: separators, Windows' reserved punctuation. */
const unsafeCharacters = /[<>:"|?*\\/]/g;
/** C0 and C1 control characters, DEL, and the bidirectional overrides that disguise extensions. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Most file systems allow 255 bytes per name; UTF-8 is what they count. */
const maxBytes = 255;
const fallbackName = 'download';

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Cuts `text` to at most `bytes` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, bytes: number): string {
  let out = '';
  for (const character of text) {
    if (utf8Length(out + character) > bytes) break;
    out += character;
  }
  return out;
}

/** Shortens a name to {@link maxBytes}, keeping a short extension so the file still opens. */
function shorten(name: string): string {
  if (utf8Length(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return cutToBytes(name.slice(0, name.length - extension.length), maxBytes - utf8Length(extension)) + extension;
}

/**
 * A file name that is safe to save under: the base name only (no `/` or `\`), no control
 * characters, no leading dots, no trailing dots or spaces, none of Windows' reserved names
 * or characters, at most 255 UTF-8 bytes. An empty result becomes `download`.
 *
 * @example
 * ```ts
 * safeFileName('../../etc/passwd'); // 'passwd'
 * safeFileName('..\\x.pdf');        // 'x.pdf'
 * safeFileName('CON');              // '_CON'
 * safeFileName('.bashrc');          // 'bashrc'
 * ```
 */
export function safeFileName(name: string): string {
  // The last path segment, whichever separator the uploader's system used.
  const base = String(name).split(/[/\\]/).pop() ?? '';
  let safe = base.normalize('NFC').replace(controlCharacters, '').replace(unsafeCharacters, '_');
  // Leading dots hide a file (or make `..`); trailing dots and spaces are dropped by Windows.
  safe = safe.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (windowsReserved.test(safe)) safe = `_${safe}`;
  safe = shorten(safe);
  return safe === '' ? fallbackName : safe;
}

/** A downloaded `File`: `name` is {@link safeFileName}'s, `storedName` the name REDCap stored. */
export type StoredFile = File & {
  /** The file name exactly as REDCap stored it: untrusted, for display only (escape it in HTML). */
  readonly storedName: string;
};

/**
 * Makes a downloaded file: named with {@link safeFileName}, the name REDCap stored kept as
 * `storedName`. A plain `File` with an own property, so it is a `File` in Node, Deno, Bun
 * and browsers alike (a subclass would be lost by `structuredClone` just the same).
 *
 * @example
 * ```ts
 * const file = storedFile([bytes], '../consent.pdf', { type: 'application/pdf' });
 * file.name;       // 'consent.pdf'
 * file.storedName; // '../consent.pdf'
 * ```
 */
export function storedFile(parts: BlobPart[], storedName: string, options?: FilePropertyBag): StoredFile {
  const file = new File(parts, safeFileName(storedName), options);
  Object.defineProperty(file, 'storedName', { value: storedName, enumerable: true });
  return file as StoredFile;
}

/** A multipart body the proxy will not forward, with the reason for the page. */
export class BadMultipart extends Error {}

/** The headers of one part that the proxy acts on. */
export interface PartHeaders {
  /** The `name` of its `Content-Disposition`. */
  readonly name: string;
  /** The `filename`, when the part is a file (even an empty one). */
  readonly filename?: string;
  /** Its `Content-Type`, as sent. */
  readonly contentType?: string;
}

/**
 * What the scanner found in the bytes pushed so far: a part's headers, bytes of the
 * current part's body (views into a copy made by that `push`, never written again), or
 * the closing delimiter.
 */
export type ScanEvent =
  | { readonly kind: 'headers'; readonly headers: PartHeaders }
  | { readonly kind: 'body'; readonly bytes: Uint8Array }
  | { readonly kind: 'end' };

const CR = 13;
const LF = 10;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** RFC 2046 §5.1.1: 1 to 70 characters of bchars, not ending in a space. */
const boundaryPattern = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** Characters that a parameter of a part's header may not hold: the proxy re-encodes names, and PHP reads `\` as an escape. */
const unsafeValue = /["\\\p{Cc}]/u;

/** The boundary of a `multipart/form-data` content type, checked. */
export function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2] ?? '';
  if (!boundaryPattern.test(boundary)) {
    throw new BadMultipart('The multipart/form-data body has no valid boundary (1 to 70 characters, RFC 2046) in its Content-Type.');
  }
  return boundary;
}

/** Parses `form-data; name="a"; filename="b"` (quoted or token values, each parameter once). */
function dispositionOf(value: string): { name: string; filename?: string } {
  const [type = '', ...rest] = value.split(';');
  if (type.trim().toLowerCase() !== 'form-data') throw new BadMultipart('A part of the multipart body is not form-data.');
  const params = new Map<string, string>();
  // A quoted value may hold `;`: parameters are read with one pattern, not split.
  const pattern = /\s*([^\s=;]+)\s*=\s*(?:"([^"]*)"|([^\s;"]*))\s*(?:;|$)/y;
  const text = rest.join(';');
  pattern.lastIndex = 0;
  while (pattern.lastIndex < text.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(text);
    if (match === null || pattern.lastIndex === start) {
      throw new BadMultipart('A part of the multipart body has a Content-Disposition header the proxy cannot read.');
    }
    const key = (match[1] ?? '').toLowerCase();
    if (params.has(key)) throw new BadMultipart(`A part of the multipart body names its ${key} twice.`);
    params.set(key, match[2] ?? match[3] ?? '');
  }
  const name = params.get('name');
  if (name === undefined || name === '') throw new BadMultipart('A part of the multipart body has no name.');
  const filename = params.get('filename');
  for (const part of [name, filename ?? '']) {
    if (unsafeValue.test(part)) {
      throw new BadMultipart('A part of the multipart body has a name or file name with a quote, backslash or control character.');
    }
  }
  return filename === undefined ? { name } : { name, filename };
}

/** Reads a part's header block (the bytes before the blank line). */
function headersOf(block: Uint8Array): PartHeaders {
  let disposition: { name: string; filename?: string } | undefined;
  let contentType: string | undefined;
  for (const line of decoder.decode(block).split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 1 || /^\s/.test(line)) throw new BadMultipart('A part of the multipart body has a malformed header line.');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      if (disposition !== undefined) throw new BadMultipart('A part of the multipart body has two Content-Disposition headers.');
      disposition = dispositionOf(value);
    } else if (key === 'content-type') {
      if (/\p{Cc}/u.test(value)) throw new BadMultipart('A part of the multipart body has a control character in its Content-Type.');
      contentType = value;
    }
  }
  if (disposition === undefined) throw new BadMultipart('A part of the multipart body has no Content-Disposition header.');
  return contentType === undefined ? disposition : { ...disposition, contentType };
}

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

/**
 * A push parser for `multipart/form-data`: bytes go in chunk by chunk, as they arrive,
 * and come out as {@link ScanEvent}s. A delimiter split across chunks is found: only the
 * bytes that could begin one are held back, so memory stays at one chunk plus the
 * delimiter, whatever the size of a part. Headers over `maxHeaderBytes` are refused.
 *
 * @example
 * ```ts
 * const scanner = new MultipartScanner(boundaryOf(request.headers.get('content-type') ?? ''));
 * for await (const chunk of request.body) for (const event of scanner.push(chunk)) console.log(event.kind);
 * scanner.finish(); // throws if the closing delimiter never came
 * ```
 */
export class MultipartScanner {
  /** `\r\n--boundary`: the body is read as if it began with `\r\n`, so the first delimiter needs no special case. */
  readonly #delimiter: Uint8Array;
  readonly #maxHeaderBytes: number;
  #state: State = 'preamble';
  #buffer: Uint8Array = new Uint8Array([CR, LF]);

  constructor(boundary: string, maxHeaderBytes = 8192) {
    this.#delimiter = encoder.encode(`\r\n--${boundary}`);
    this.#maxHeaderBytes = maxHeaderBytes;
  }

  /** Whether the closing delimiter was seen (what follows it, the epilogue, is ignored). */
  get done(): boolean {
    return this.#state === 'done';
  }

  /** Scans one more chunk; throws {@link BadMultipart} on a malformed body. */
  push(chunk: Uint8Array): ScanEvent[] {
    if (this.#state === 'done') return [];
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const events: ScanEvent[] = [];
    let at = 0;
    for (;;) {
      const next = this.#step(joined, at, events);
      if (next === undefined) break;
      at = next;
    }
    return events;
  }

  /** Call at the end of the body: throws if it stopped before the closing delimiter. */
  finish(): void {
    if (this.#state !== 'done') throw new BadMultipart('The multipart body ended before its closing boundary.');
  }

  /** One step from `at`; returns where the next starts, or `undefined` when more bytes are needed (the rest kept). */
  #step(bytes: Uint8Array, at: number, events: ScanEvent[]): number | undefined {
    switch (this.#state) {
      case 'preamble':
      case 'body': {
        const [found, complete] = this.#find(bytes, at);
        if (this.#state === 'body' && found > at) events.push({ kind: 'body', bytes: bytes.subarray(at, found) });
        if (!complete) {
          this.#buffer = bytes.slice(found);
          return undefined;
        }
        this.#state = 'after-delimiter';
        return found + this.#delimiter.length;
      }
      case 'after-delimiter': {
        // `--` closes the body; otherwise optional transport padding, then CRLF.
        let index = at;
        if (bytes.length - index < 2) return this.#keep(bytes, at);
        if (bytes[index] === 0x2d && bytes[index + 1] === 0x2d) {
          this.#state = 'done';
          this.#buffer = new Uint8Array(0);
          events.push({ kind: 'end' });
          return undefined;
        }
        while (index < bytes.length && (bytes[index] === 0x20 || bytes[index] === 0x09)) index++;
        if (index - at > 64) throw new BadMultipart('A boundary line of the multipart body is malformed.');
        if (bytes.length - index < 2) return this.#keep(bytes, at);
        if (bytes[index] !== CR || bytes[index + 1] !== LF) throw new BadMultipart('A boundary line of the multipart body is malformed.');
        this.#state = 'headers';
        return index + 2;
      }
      case 'headers': {
        // A part without headers starts with the blank line itself.
        const end = bytes[at] === CR && bytes[at + 1] === LF ? at - 2 : indexOfBlankLine(bytes, at);
        if (end === -1) {
          if (bytes.length - at > this.#maxHeaderBytes) {
            throw new BadMultipart(`The headers of a part of the multipart body are over ${this.#maxHeaderBytes} bytes.`);
          }
          return this.#keep(bytes, at);
        }
        if (end - at > this.#maxHeaderBytes) {
          throw new BadMultipart(`The headers of a part of the multipart body are over ${this.#maxHeaderBytes} bytes.`);
        }
        events.push({ kind: 'headers', headers: headersOf(bytes.subarray(at, Math.max(at, end))) });
        this.#state = 'body';
        return end + 4;
      }
      default:
        return undefined;
    }
  }

  #keep(bytes: Uint8Array, at: number): undefined {
    this.#buffer = bytes.slice(at);
    return undefined;
  }

  /**
   * The next delimiter from `at`: `[index, true]` when whole; `[index, false]` when the
   * bytes from `index` on could be its beginning (kept for the next chunk) or none is
   * there (`index` is then the end).
   */
  #find(bytes: Uint8Array, at: number): [number, boolean] {
    const delimiter = this.#delimiter;
    let index = bytes.indexOf(CR, at);
    while (index !== -1) {
      let offset = 1;
      while (offset < delimiter.length && index + offset < bytes.length && bytes[index + offset] === delimiter[offset]) offset++;
      if (offset === delimiter.length) return [index, true];
      if (index + offset === bytes.length) return [index, false];
      index = bytes.indexOf(CR, index + 1);
    }
    return [bytes.length, false];
  }
}

/** The index of the next `\r\n\r\n` from `at`, or -1. */
function indexOfBlankLine(bytes: Uint8Array, at: number): number {
  let index = bytes.indexOf(CR, at);
  while (index !== -1 && index + 3 < bytes.length) {
    if (bytes[index + 1] === LF && bytes[index + 2] === CR && bytes[index + 3] === LF) return index;
    index = bytes.indexOf(CR, index + 1);
  }
  return -1;
}

import { BadMultipart, boundaryOf, MultipartScanner, type PartHeaders, type ScanEvent } from './multipart-scanner.ts';

/** The largest value of one field part, and of all of them: fields are held while the call is checked. */
export const maxFieldBytes = 8192;
export const maxFieldsBytes = 65_536;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The fields of a multipart body, read up to its first file part, and the way to forward the rest. */
export interface MultipartHead {
  /** The field parts before the file part, in order. */
  readonly fields: Array<[string, string]>;
  /** The Content-Type of the forwarded body (the page's boundary, which its parts were checked not to hold). */
  readonly contentType: string;
  /**
   * The body for REDCap: `fields` encoded, then the file part with its bytes passed on as
   * they arrive. It errors (and so aborts the upstream request before REDCap has the whole
   * body) on a malformed rest, an oversized body, or a part after the file other than a
   * token, which is dropped: PHP keeps the last of repeated names, so a later `record` or
   * `action` would change the call after it was checked.
   */
  forward(fields: ReadonlyArray<readonly [string, string]>): ReadableStream<Uint8Array>;
  /** Why the forwarded body failed, once it has. */
  failure(): unknown;
}

const isToken = (name: string): boolean => /^token(\[|$)/.test(name);

function fieldPart(boundary: string, name: string, value: string): string {
  if (value.includes(`\r\n--${boundary}`)) throw new BadMultipart('A field of the multipart body holds its boundary.');
  return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}

function filePart(boundary: string, file: PartHeaders): string {
  const type = file.contentType ?? 'application/octet-stream';
  return `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename ?? ''}"\r\nContent-Type: ${type}\r\n\r\n`;
}

/**
 * Reads a multipart body up to its first part with a file name (the SDK sends the fields
 * first and the file last), holding only the fields: at most {@link maxFieldBytes} each,
 * {@link maxFieldsBytes} in all. The file's bytes stay in the page's stream until
 * `forward` passes them on.
 */
export async function readMultipartHead(body: ReadableStream<Uint8Array>, contentType: string): Promise<MultipartHead> {
  const boundary = boundaryOf(contentType);
  const scanner = new MultipartScanner(boundary);
  const reader = body.getReader();
  const fields: Array<[string, string]> = [];
  let field: { name: string; chunks: Uint8Array[]; size: number } | undefined;
  let held = 0;
  let file: PartHeaders | undefined;
  let pending: ScanEvent[] = [];
  const close = (): void => {
    if (field === undefined) return;
    const bytes = new Uint8Array(field.size);
    let offset = 0;
    for (const chunk of field.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    fields.push([field.name, decoder.decode(bytes)]);
    field = undefined;
  };
  try {
    reading: for (;;) {
      const { done, value } = await reader.read();
      if (done) scanner.finish();
      const events = scanner.push(value ?? new Uint8Array(0));
      for (const [index, event] of events.entries()) {
        if (event.kind === 'end') {
          close();
          break reading;
        }
        if (event.kind === 'headers') {
          close();
          if (event.headers.filename !== undefined) {
            file = event.headers;
            pending = events.slice(index + 1);
            break reading;
          }
          field = { name: event.headers.name, chunks: [], size: 0 };
        } else if (field !== undefined) {
          field.size += event.bytes.length;
          held += event.bytes.length;
          if (field.size > maxFieldBytes) {
            throw new BadMultipart(
              `The multipart field ${field.name} is over ${maxFieldBytes} bytes; the proxy holds fields while it checks the call. Send large values urlencoded, as the SDK does.`,
            );
          }
          if (held > maxFieldsBytes) throw new BadMultipart(`The fields of the multipart body are over ${maxFieldsBytes} bytes in all.`);
          field.chunks.push(event.bytes.slice());
        }
      }
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    throw error;
  }
  if (file === undefined) void reader.cancel().catch(() => {});

  let failure: unknown;
  const closing = encoder.encode(`\r\n--${boundary}--\r\n`);
  return {
    fields,
    // RFC 2046 lets a boundary hold characters that a bare header parameter may not: those are quoted.
    contentType: `multipart/form-data; boundary=${/^[0-9A-Za-z'+_\-.]+$/.test(boundary) ? boundary : `"${boundary}"`}`,
    failure: () => failure,
    forward(entries) {
      let head = entries.map(([name, value]) => fieldPart(boundary, name, value)).join('');
      if (file === undefined) head += `--${boundary}--\r\n`;
      else head += filePart(boundary, file);
      // After the file part only token parts may follow, and they are dropped.
      let passing = true;
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(head));
          if (file === undefined) controller.close();
        },
        async pull(controller) {
          try {
            for (;;) {
              let events = pending;
              pending = [];
              if (events.length === 0) {
                const { done, value } = await reader.read();
                if (done) scanner.finish();
                events = scanner.push(value ?? new Uint8Array(0));
              }
              let sent = false;
              for (const event of events) {
                if (event.kind === 'body') {
                  if (passing && event.bytes.length > 0) {
                    controller.enqueue(event.bytes);
                    sent = true;
                  }
                } else if (event.kind === 'headers') {
                  if (!isToken(event.headers.name) || event.headers.filename !== undefined) {
                    throw new BadMultipart(
                      `The multipart body has a part (${event.headers.name}) after its file; the proxy forwards the fields first and the file last, as the SDK sends them.`,
                    );
                  }
                  passing = false;
                } else {
                  controller.enqueue(closing);
                  controller.close();
                  void reader.cancel().catch(() => {});
                  return;
                }
              }
              if (sent) return;
            }
          } catch (error) {
            failure = error;
            controller.error(error);
            void reader.cancel().catch(() => {});
          }
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      });
    },
  };
}

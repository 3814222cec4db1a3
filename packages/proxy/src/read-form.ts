import { BadMultipart } from './multipart-scanner.ts';
import { type MultipartHead, readMultipartHead } from './read-multipart.ts';

/** A request body past the proxy's size limit. */
export class BodyTooLarge extends Error {}

/** A body that is not a form REDCap would accept. */
export class NotAForm extends Error {}

/**
 * The request's form: its text fields in order; for a multipart body also the way to
 * forward it, its file streaming through.
 */
export type ReadForm =
  | { readonly multipart: false; readonly fields: Array<[string, string]> }
  | ({ readonly multipart: true } & MultipartHead);

/** The body as a stream that errors once more than `limit` bytes have passed. */
function limited(body: ReadableStream<Uint8Array>, limit: number, state: { exceeded: boolean }): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          state.exceeded = true;
          controller.error(new BodyTooLarge());
        } else controller.enqueue(chunk);
      },
    }),
  );
}

const empty = (): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start: (controller) => {
      controller.close();
    },
  });

/**
 * Reads the page's urlencoded or multipart form, refusing bodies over `limit` bytes as
 * they arrive (a `Content-Length` over it is refused before reading anything). A
 * urlencoded body is read whole; a multipart one only up to its file, whose bytes are
 * counted against `limit` while they are forwarded.
 */
export async function readForm(request: Request, limit: number): Promise<ReadForm> {
  const type = request.headers.get('content-type') ?? '';
  const multipart = type.toLowerCase().startsWith('multipart/form-data');
  if (!multipart && !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new NotAForm('Expected a form body (application/x-www-form-urlencoded or multipart/form-data), as the SDK sends.');
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new BodyTooLarge();
  // Runtimes report a failed body stream under their own error types: the flag says why.
  const state = { exceeded: false };
  const body = limited(request.body ?? empty(), limit, state);
  if (multipart) {
    try {
      const head = await readMultipartHead(body, type);
      return { ...head, multipart, failure: () => (state.exceeded ? new BodyTooLarge() : head.failure()) };
    } catch (error) {
      if (state.exceeded) throw new BodyTooLarge();
      if (error instanceof BadMultipart) throw new NotAForm(error.message);
      throw new NotAForm('The form body could not be read.');
    }
  }
  let text: string;
  try {
    text = await new Response(body).text();
  } catch {
    if (state.exceeded) throw new BodyTooLarge();
    throw new NotAForm('The form body could not be read.');
  }
  return { multipart, fields: [...new URLSearchParams(text)] };
}

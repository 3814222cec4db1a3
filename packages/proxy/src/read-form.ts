/** A request body past the proxy's size limit. */
export class BodyTooLarge extends Error {}

/** A body that is not a form REDCap would accept. */
export class NotAForm extends Error {}

/** The request's form: its text fields in order, and its files. */
export interface ReadForm {
  readonly fields: Array<[string, string]>;
  readonly files: Array<[string, File]>;
  readonly multipart: boolean;
}

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

/**
 * Reads the page's urlencoded or multipart form, refusing bodies over `limit` bytes as
 * they arrive (a `Content-Length` over it is refused before reading anything).
 */
export async function readForm(request: Request, limit: number): Promise<ReadForm> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const multipart = type.startsWith('multipart/form-data');
  if (!multipart && !type.startsWith('application/x-www-form-urlencoded')) {
    throw new NotAForm('Expected a form body (application/x-www-form-urlencoded or multipart/form-data), as the SDK sends.');
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new BodyTooLarge();
  if (request.body === null) return { fields: [], files: [], multipart };
  // Runtimes report a failed body stream under their own error types: the flag says why.
  const state = { exceeded: false };
  const body = limited(request.body, limit, state);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    if (state.exceeded) throw new BodyTooLarge();
    throw new NotAForm('The form body could not be parsed.');
  }
  const fields: Array<[string, string]> = [];
  const files: Array<[string, File]> = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') fields.push([name, value]);
    else files.push([name, value]);
  }
  return { fields, files, multipart };
}

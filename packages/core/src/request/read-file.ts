import { RedcapApiError } from '../errors/api-error.ts';
import { RedcapResponseError } from '../errors/response-error.ts';
import { storedFile } from '../internal/file-name.ts';
import { scrub } from '../internal/scrub.ts';
import { type FileAnswer, fail, htmlSnippet, htmlStart, redcapErrorMessage, withoutNotices } from './read-answer.ts';

/**
 * Reads a file answer (`answer: fileAnswer` in a method's declaration). A file
 * answer is bytes. REDCap names every file it sends in `Content-Type: <mime>;
 * name="..."`; only a PDF export (`content=pdf`) comes without a name (and as
 * text/html), so an unnamed answer is a file only there, and only if it is a PDF.
 */
export const fileAnswer: FileAnswer = {
  read: (received, contentType, spec) => {
    const { operation, secret, echoes } = spec;
    const { status, body } = received;
    const type = contentType.split(';')[0]!.trim();
    const bytes = body.byteLength;
    if (/;\s*name=/i.test(contentType)) {
      return { ok: true, value: storedFile([body as Uint8Array<ArrayBuffer>], fileNameOf(contentType), { type }), bytes };
    }
    const head = new TextDecoder().decode(body.subarray(0, 4096));
    if (operation.content === 'pdf' && head.startsWith('%PDF')) {
      return { ok: true, value: storedFile([body as Uint8Array<ArrayBuffer>], 'pdf.pdf', { type: 'application/pdf' }), bytes };
    }
    const text = scrub(withoutNotices(head), secret, echoes);
    const message = redcapErrorMessage(text);
    if (message !== undefined) return fail(new RedcapApiError(status, message, operation), htmlStart.test(text));
    if (htmlStart.test(text)) {
      return fail(
        new RedcapApiError(status, `REDCap answered with an HTML page where a file was expected: ${htmlSnippet(text, spec)}`, operation),
        true,
      );
    }
    return fail(
      new RedcapResponseError(
        operation.content === 'pdf' ? 'not a PDF.' : 'no file name in its Content-Type: not a file from REDCap.',
        text,
        operation,
      ),
      false,
    );
  },
};

/** The file name REDCap puts in `Content-Type: <mime>; name="<file>"`. */
export function fileNameOf(contentType: string): string {
  const match = /;\s*name=(?:"([^"]*)"|'([^']*)'|([^;]+))/i.exec(contentType);
  return (match?.[1] ?? match?.[2] ?? match?.[3] ?? 'file').trim();
}

import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/**
 * Writes a `Blob` or `File` (e.g. from `exportFile`) to disk, streaming it without
 * holding the whole file in memory. An existing file is replaced; the parent folder
 * must exist.
 *
 * @example
 * ```ts
 * import { exportFile } from '@redcap-sdk/core';
 * import { saveFile } from '@redcap-sdk/node';
 *
 * const file = await exportFile(client, { record: '1', field: 'consent_file' });
 * await saveFile(file, `./downloads/${file.name}`);
 * ```
 */
export async function saveFile(file: Blob, path: string): Promise<void> {
  if (!(file instanceof Blob)) throw new TypeError('saveFile: expected a Blob or File.');
  if (typeof path !== 'string' || path === '') throw new TypeError('saveFile: expected a file path (a non-empty string).');
  await pipeline(Readable.fromWeb(file.stream() as NodeReadableStream<Uint8Array>), createWriteStream(path));
}

import { createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { type StoredFile, safeFileName } from '@redcap-sdk/core';

/** Options of {@link saveFile}. */
export interface SaveFileOptions {
  /** Replaces a file that is already there. @default false */
  readonly overwrite?: boolean;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The name to save a downloaded file under inside a folder: the name REDCap stored
 * (`storedName` of a file from `exportFile`), or the File's own name, made safe by
 * `safeFileName` either way, since a File from elsewhere may carry any name.
 */
function nameInFolder(file: Blob): string {
  const { storedName, name } = file as Partial<StoredFile>;
  return safeFileName(typeof storedName === 'string' ? storedName : typeof name === 'string' ? name : '');
}

/**
 * Writes a `Blob` or `File` (e.g. from `exportFile`) to disk, streaming it without
 * holding the whole file in memory, and resolves to the path written.
 *
 * `target` is a folder (one that exists, or any path ending in `/`) or a file path. In a
 * folder the file is saved under its safe name (`file.name` of a downloaded file, which
 * `safeFileName` made from the name REDCap stored), so an uploader's `../escaped.pdf`
 * lands inside the folder. An existing file is not replaced unless `overwrite: true`;
 * a failed write leaves no partial file behind.
 *
 * @example
 * ```ts
 * import { exportFile } from '@redcap-sdk/core';
 * import { saveFile } from '@redcap-sdk/node';
 *
 * const file = await exportFile(client, { record: '1', field: 'consent_file' });
 * const path = await saveFile(file, './downloads/'); // './downloads/consent.pdf'
 * await saveFile(file, './latest-consent.pdf', { overwrite: true });
 * ```
 */
export async function saveFile(file: Blob, target: string, options: SaveFileOptions = {}): Promise<string> {
  if (!(file instanceof Blob)) throw new TypeError('saveFile: expected a Blob or File.');
  if (typeof target !== 'string' || target === '') {
    throw new TypeError('saveFile: expected a folder or file path (a non-empty string).');
  }
  const intoFolder = target.endsWith('/') || target.endsWith(sep) || (await isDirectory(target));
  if (intoFolder && !(await isDirectory(target))) {
    throw Object.assign(new Error(`saveFile: the folder ${target} does not exist. Create it first (mkdir -p).`), { code: 'ENOENT' });
  }
  const path = intoFolder ? join(target, nameInFolder(file)) : target;
  let created = false;
  try {
    const sink = createWriteStream(path, { flags: options.overwrite === true ? 'w' : 'wx' });
    sink.once('open', () => {
      created = true;
    });
    await pipeline(Readable.fromWeb(file.stream() as NodeReadableStream<Uint8Array>), sink);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw Object.assign(new Error(`saveFile: ${path} already exists. Pass { overwrite: true } to replace it.`, { cause: error }), {
        code: 'EEXIST',
      });
    }
    // A half-written file would look like a complete download.
    if (created) await unlink(path).catch(() => undefined);
    throw error;
  }
  return path;
}

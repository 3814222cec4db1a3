import { openAsBlob, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';

/** Options of {@link fileFromPath}. */
export interface FileFromPathOptions {
  /** The MIME type. @default guessed from the extension (`''` when unknown) */
  readonly type?: string;
  /** The file name sent to REDCap. @default the path's last segment */
  readonly name?: string;
}

const mimeTypes: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};

/**
 * The MIME type of a common file extension, or `''` when it is not one of them.
 *
 * @example
 * ```ts
 * guessMimeType('consent.PDF'); // 'application/pdf'
 * ```
 */
export function guessMimeType(path: string): string {
  return mimeTypes[extname(path).toLowerCase()] ?? '';
}

/**
 * A `File` backed by a file on disk, for `importFile`. Nothing is read until the
 * upload streams it, so large files do not occupy memory. The file must not change
 * until it has been sent (reading a changed file fails with `NotReadableError`).
 *
 * Rejects with an `Error` naming the path when it does not exist or is a directory.
 *
 * @example
 * ```ts
 * import { importFile } from '@redcap-sdk/core';
 * import { fileFromPath } from '@redcap-sdk/node';
 *
 * const file = await fileFromPath('./scans/consent.pdf'); // name 'consent.pdf', type 'application/pdf'
 * await importFile(client, { record: '1', field: 'consent_file', file });
 * ```
 */
export async function fileFromPath(path: string, options: FileFromPathOptions = {}): Promise<File> {
  if (typeof path !== 'string' || path === '') throw new TypeError('fileFromPath: expected a file path (a non-empty string).');
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`fileFromPath: ${path} does not exist.`, { cause: error });
    throw new Error(`fileFromPath: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (stats.isDirectory()) throw new Error(`fileFromPath: ${path} is a directory, not a file.`);
  // The Blob from openAsBlob refers to the file on disk; a File made of it keeps that
  // reference rather than copying the bytes (checked by the package's tests).
  const blob = await openAsBlob(path);
  return new File([blob], options.name ?? basename(path), {
    type: options.type ?? guessMimeType(path),
    lastModified: stats.mtimeMs,
  });
}

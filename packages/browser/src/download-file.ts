import { type StoredFile, safeFileName } from '@redcap-sdk/core';

/**
 * Saves a `Blob` or `File` (e.g. from `exportFile`) through the browser's download
 * mechanism: a temporary `<a download>` link to an object URL, clicked once. The URL
 * is revoked right after the click. The name is made safe with `safeFileName` (REDCap
 * stores whatever name an uploader sent): `name` if given, else the name REDCap stored,
 * else the File's name, else `download`.
 *
 * @example
 * ```ts
 * import { exportFile } from '@redcap-sdk/core';
 * import { downloadFile } from '@redcap-sdk/browser';
 *
 * const file = await exportFile(client, { record: '1', field: 'consent_file' });
 * downloadFile(file); // saved as file.name: the name REDCap stored, made safe
 * ```
 */
export function downloadFile(file: Blob, name?: string): void {
  if (!(file instanceof Blob)) throw new TypeError('downloadFile: expected a Blob or File.');
  const { storedName, name: ownName } = file as Partial<StoredFile>;
  const fileName = safeFileName(name ?? (typeof storedName === 'string' ? storedName : typeof ownName === 'string' ? ownName : ''));
  const url = URL.createObjectURL(file);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    link.style.display = 'none';
    // Attached while clicked: some browsers ignore clicks on detached links.
    (document.body ?? document.documentElement).append(link);
    try {
      link.click();
    } finally {
      link.remove();
    }
  } finally {
    // The download has taken hold of the Blob once the click's navigation started;
    // revoking in the next task keeps it from being cut short.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/**
 * Saves a `Blob` or `File` (e.g. from `exportFile`) through the browser's download
 * mechanism: a temporary `<a download>` link to an object URL, clicked once. The URL
 * is revoked right after the click. The name defaults to the File's name, or
 * `download` for a Blob.
 *
 * @example
 * ```ts
 * import { exportFile } from '@redcap-sdk/core';
 * import { downloadFile } from '@redcap-sdk/browser';
 *
 * const file = await exportFile(client, { record: '1', field: 'consent_file' });
 * downloadFile(file); // saved as the name REDCap gave it
 * ```
 */
export function downloadFile(file: Blob, name?: string): void {
  if (!(file instanceof Blob)) throw new TypeError('downloadFile: expected a Blob or File.');
  const fileName = name ?? (typeof File !== 'undefined' && file instanceof File && file.name !== '' ? file.name : 'download');
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

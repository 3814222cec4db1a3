function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value;
  const element = value as { tagName?: unknown; type?: unknown };
  if (typeof element.tagName !== 'string') return 'an object that is not an element';
  const tag = element.tagName.toLowerCase();
  return tag === 'input' ? `<input type="${String(element.type)}">` : `<${tag}>`;
}

/**
 * The file chosen in an `<input type="file">`, for `importFile`. With `multiple`,
 * `index` picks one of the chosen files.
 *
 * Throws an `Error` when the element is not a file input, when no file is selected,
 * or when `index` is past the selected files.
 *
 * @example
 * ```ts
 * import { importFile } from '@redcap-sdk/core';
 * import { fileFromInput } from '@redcap-sdk/browser';
 *
 * const input = document.querySelector<HTMLInputElement>('#consent')!;
 * input.addEventListener('change', async () => {
 *   await importFile(client, { record: '1', field: 'consent_file', file: fileFromInput(input) });
 * });
 * ```
 */
export function fileFromInput(input: HTMLInputElement, index = 0): File {
  // Checked by shape rather than `instanceof`, so elements of other frames are accepted.
  const candidate = input as unknown as { tagName?: unknown; type?: unknown; files?: FileList | null } | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.tagName !== 'string' ||
    candidate.tagName.toLowerCase() !== 'input' ||
    candidate.type !== 'file' ||
    candidate.files == null
  ) {
    throw new Error(`fileFromInput: expected an <input type="file"> element, got ${describe(input)}.`);
  }
  if (!Number.isInteger(index) || index < 0) {
    throw new Error(`fileFromInput: expected the index to be a non-negative integer, got ${String(index)}.`);
  }
  const { files } = candidate;
  if (files.length === 0) throw new Error('fileFromInput: no file is selected in the input.');
  const file = files.item(index);
  if (file === null) {
    throw new Error(
      `fileFromInput: the input has ${files.length} selected file${files.length === 1 ? '' : 's'}; there is none at index ${index}.`,
    );
  }
  return file;
}

import * as v from 'valibot';
import type { StoredFile } from '../internal/file-name.ts';
import { name, positiveInteger, recordName, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { fileAnswer } from '../request/read-file.ts';
import { defineMethod } from './descriptor.ts';
import type { ParamsFunction } from './shapes.ts';

/** Which file field of which record (and event, and instance). */
export interface FileTarget {
  readonly record: string | number;
  /** A File Upload field. */
  readonly field: string;
  /** The unique event name (required in longitudinal projects). */
  readonly event?: string;
  /** The instance of a repeating instrument or event. @default 1 */
  readonly repeatInstance?: number;
}

/** Parameters of a file upload: the target and the file. */
export interface ImportFileParams extends FileTarget {
  /** The file's content. A `File` keeps its name unless `fileName` is given. */
  readonly file: Blob;
  /** The name REDCap stores; required for a plain `Blob`. */
  readonly fileName?: string;
}

const targetEntries = {
  record: recordName,
  field: name,
  event: v.optional(name),
  repeatInstance: v.optional(positiveInteger),
};
const fileTarget: Schema<FileTarget> = strictParams(targetEntries);
const importFileParams: Schema<ImportFileParams> = v.pipe(
  strictParams({
    ...targetEntries,
    file: v.instance(Blob, 'expected a Blob or File (in Node, `fileFromPath` from @redcap-sdk/node).'),
    fileName: v.optional(v.pipe(v.string(), v.nonEmpty('expected a non-empty file name.'))),
  }),
  v.check(
    (params) => params.fileName !== undefined || (typeof File !== 'undefined' && params.file instanceof File && params.file.name !== ''),
    '`fileName` is required when `file` is a Blob without a name.',
  ),
);

/**
 * Downloads the file in a record's File Upload field, named as REDCap names it.
 *
 * REDCap method: Export a File (`content=file&action=export`).
 *
 * @example
 * ```ts
 * const file = await exportFile(client, { record: '1', field: 'consent_file', event: 'visit_1_arm_1' });
 * console.log(file.name, file.size);
 * ```
 */
export const exportFile: ParamsFunction<FileTarget, StoredFile> = /* @__PURE__ */ defineMethod({
  name: 'exportFile',
  title: 'Export a File',
  namespace: 'files',
  verb: 'export',
  content: 'file',
  action: 'export',
  since: '5.0.0',
  takes: 'params',
  retry: 'read',
  params: fileTarget,
  toWire: (params) => ({ params: toWire(params) }),
  answer: fileAnswer,
});

/**
 * Uploads a file into a record's File Upload field (a missing repeat instance is created).
 *
 * REDCap method: Import a File (`content=file&action=import`, multipart).
 *
 * @example
 * ```ts
 * await importFile(client, { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 2,
 *   file: new File(['%PDF-1.4 ...'], 'consent.pdf', { type: 'application/pdf' }) });
 * ```
 */
export const importFile: ParamsFunction<ImportFileParams, void> = /* @__PURE__ */ defineMethod({
  name: 'importFile',
  title: 'Import a File',
  namespace: 'files',
  verb: 'import',
  content: 'file',
  action: 'import',
  since: '5.0.0',
  takes: 'params',
  // An upload that reached REDCap but whose answer was lost would be stored twice.
  retry: 'never',
  params: importFileParams,
  toWire: (params: ImportFileParams) => ({
    params: toWire(params, ['file', 'fileName']),
    file: { blob: params.file, name: params.fileName ?? (params.file as File).name },
  }),
  answer: 'empty',
});

/**
 * Removes the file from a record's File Upload field.
 *
 * REDCap method: Delete a File (`content=file&action=delete`).
 *
 * @example
 * ```ts
 * await deleteFile(client, { record: '1', field: 'consent_file', event: 'visit_1_arm_1', repeatInstance: 2 });
 * ```
 */
export const deleteFile: ParamsFunction<FileTarget, void> = /* @__PURE__ */ defineMethod({
  name: 'deleteFile',
  title: 'Delete a File',
  namespace: 'files',
  verb: 'delete',
  content: 'file',
  action: 'delete',
  since: '5.0.0',
  takes: 'params',
  retry: 'write',
  params: fileTarget,
  toWire: (params) => ({ params: toWire(params) }),
  answer: 'empty',
});

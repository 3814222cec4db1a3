import * as v from 'valibot';
import type { StoredFile } from '../internal/file-name.ts';
import { format, positiveInteger, strictParams, text, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { jsonExport } from './common.ts';
import { fileAnswer } from '../request/read-file.ts';
import { defineMethod } from './descriptor.ts';
import type { ExportFunction, ParamsFunction } from './shapes.ts';

/** Parameters of a folder creation in the File Repository. */
export interface CreateRepositoryFolderParams {
  /** The folder's name (REDCap keeps the first 150 characters); unique within its parent. */
  readonly name: string;
  /** The parent folder's id; the top level when left out. */
  readonly folderId?: number;
  /** Restrict the folder to this data access group (its id). Unknown ids are ignored by REDCap. */
  readonly dagId?: number;
  /** Restrict the folder to this user role (its id). Unknown ids are ignored by REDCap. */
  readonly roleId?: number;
}

/** Parameters of a File Repository listing. */
export interface ListRepositoryParams {
  /** The folder to list; the top level when left out. */
  readonly folderId?: number;
}

/** A folder in a File Repository listing. */
export interface RepositoryFolder {
  /** The folder's id. */
  folder_id: number;
  /** The folder's name. */
  name: string;
}

/** A file in a File Repository listing. */
export interface RepositoryFile {
  /** The file's id (for export and delete). */
  doc_id: number;
  /** The file's name. */
  name: string;
}

/** An entry of a File Repository listing: folders come first, then files. */
export type RepositoryItem = RepositoryFolder | RepositoryFile;

/** Which File Repository file. */
export interface RepositoryFileTarget {
  /** The file's id, from {@link listRepository}. */
  readonly docId: number;
}

/** Parameters of a File Repository upload. */
export interface ImportRepositoryFileParams {
  /** The file's content. A `File` keeps its name unless `fileName` is given. */
  readonly file: Blob;
  /** The name REDCap stores (made unique if taken); required for a plain `Blob`. */
  readonly fileName?: string;
  /** The folder to upload into; the top level when left out. */
  readonly folderId?: number;
}

const createFolderParams: Schema<CreateRepositoryFolderParams> = strictParams({
  name: text,
  folderId: v.optional(positiveInteger),
  dagId: v.optional(positiveInteger),
  roleId: v.optional(positiveInteger),
});

/**
 * Creates a folder in the File Repository and returns its id.
 *
 * REDCap method: Create a New Folder in the File Repository (`content=fileRepository&action=createFolder`, REDCap 13.1.0+).
 *
 * @example
 * ```ts
 * const folderId = await redcap.fileRepository.createFolder({ name: 'Consents' });
 * const parent = await createRepositoryFolder(client, { name: 'Consents' });
 * const siteFolder = await createRepositoryFolder(client, { name: 'CA site', folderId: parent, dagId: 12 });
 * ```
 */
export const createRepositoryFolder: ParamsFunction<CreateRepositoryFolderParams, number> = /* @__PURE__ */ defineMethod({
  name: 'createRepositoryFolder',
  title: 'Create a New Folder in the File Repository',
  namespace: 'fileRepository',
  verb: 'createFolder',
  content: 'fileRepository',
  action: 'createFolder',
  since: '13.1.0',
  takes: 'params',
  // Sent again after a lost answer, it fails with "already exists" although the folder was made.
  retry: 'never',
  params: createFolderParams,
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.pipe(v.array(v.looseObject({ folder_id: v.union([v.number(), v.string()]) })), v.minLength(1)),
  finish: (rows: { folder_id: number | string }[]) => Number(rows[0]!.folder_id),
});

const listParams: Schema<ListRepositoryParams> = strictParams({
  format: v.optional(format),
  folderId: v.optional(positiveInteger),
});

/**
 * The folders and files directly inside a File Repository folder (the top level
 * by default): folders first, then files.
 *
 * REDCap method: Export a List of Files/Folders from the File Repository (`content=fileRepository&action=list`, REDCap 13.1.0+).
 *
 * @example
 * ```ts
 * const items = await redcap.fileRepository.list({ folderId: 12 });
 * const items = await listRepository(client);
 * const files = items.filter((item) => 'doc_id' in item);
 * ```
 */
export const listRepository: ExportFunction<ListRepositoryParams, RepositoryItem[]> = /* @__PURE__ */ defineMethod({
  name: 'listRepository',
  title: 'Export a List of Files/Folders from the File Repository',
  namespace: 'fileRepository',
  verb: 'list',
  content: 'fileRepository',
  action: 'list',
  since: '13.1.0',
  ...jsonExport(listParams, v.array(v.looseObject({ name: v.string() }))),
});

const fileTarget: Schema<RepositoryFileTarget> = strictParams({ docId: positiveInteger });

/**
 * Downloads a File Repository file, named as REDCap names it.
 *
 * REDCap method: Export a File from the File Repository (`content=fileRepository&action=export`, REDCap 13.1.0+).
 *
 * @example
 * ```ts
 * const file = await redcap.fileRepository.export({ docId: 345 });
 * const file = await exportRepositoryFile(client, { docId: 345 });
 * console.log(file.name, file.size);
 * ```
 */
export const exportRepositoryFile: ParamsFunction<RepositoryFileTarget, StoredFile> = /* @__PURE__ */ defineMethod({
  name: 'exportRepositoryFile',
  title: 'Export a File from the File Repository',
  namespace: 'fileRepository',
  verb: 'export',
  content: 'fileRepository',
  action: 'export',
  since: '13.1.0',
  takes: 'params',
  retry: 'read',
  params: fileTarget,
  toWire: (params) => ({ params: toWire(params) }),
  answer: fileAnswer,
});

const importParams: Schema<ImportRepositoryFileParams> = v.pipe(
  strictParams({
    file: v.instance(Blob, 'expected a Blob or File (in Node, `fileFromPath` from @redcap-sdk/node).'),
    fileName: v.optional(v.pipe(v.string(), v.nonEmpty('expected a non-empty file name.'))),
    folderId: v.optional(positiveInteger),
  }),
  v.check(
    (params) => params.fileName !== undefined || (typeof File !== 'undefined' && params.file instanceof File && params.file.name !== ''),
    '`fileName` is required when `file` is a Blob without a name.',
  ),
);

/**
 * Uploads a file into the File Repository (the top level, or `folderId`).
 *
 * REDCap method: Import a File into the File Repository (`content=fileRepository&action=import`, multipart, REDCap 13.1.0+).
 *
 * @example
 * ```ts
 * await redcap.fileRepository.import({ file: new File(['...'], 'protocol.pdf'), folderId: 12 });
 * await importRepositoryFile(client, {
 *   file: new File(['%PDF-1.4 ...'], 'protocol-v2.pdf', { type: 'application/pdf' }),
 *   folderId: 12,
 * });
 * ```
 */
export const importRepositoryFile: ParamsFunction<ImportRepositoryFileParams, void> = /* @__PURE__ */ defineMethod({
  name: 'importRepositoryFile',
  title: 'Import a File into the File Repository',
  namespace: 'fileRepository',
  verb: 'import',
  content: 'fileRepository',
  action: 'import',
  since: '13.1.0',
  takes: 'params',
  // An upload that reached REDCap but whose answer was lost would be stored twice (REDCap renames duplicates).
  retry: 'never',
  params: importParams,
  toWire: (params: ImportRepositoryFileParams) => ({
    params: toWire(params, ['file', 'fileName']),
    file: { blob: params.file, name: params.fileName ?? (params.file as File).name },
  }),
  answer: 'empty',
});

/**
 * Moves a File Repository file to REDCap's recycle bin (kept 30 days).
 *
 * REDCap method: Delete a File from the File Repository (`content=fileRepository&action=delete`, REDCap 13.1.0+).
 *
 * @example
 * ```ts
 * await redcap.fileRepository.delete({ docId: 345 });
 * await deleteRepositoryFile(client, { docId: 345 });
 * ```
 */
export const deleteRepositoryFile: ParamsFunction<RepositoryFileTarget, void> = /* @__PURE__ */ defineMethod({
  name: 'deleteRepositoryFile',
  title: 'Delete a File from the File Repository',
  namespace: 'fileRepository',
  verb: 'delete',
  content: 'fileRepository',
  action: 'delete',
  since: '13.1.0',
  takes: 'params',
  retry: 'write',
  params: fileTarget,
  toWire: (params) => ({ params: toWire(params) }),
  answer: 'empty',
});

/** File Repository (§2.10): folders, files, soft delete. */
import { type Cell, respondRows } from '../wire/lists.ts';
import type { RequestContext } from '../context.ts';
import { roleOf } from '../state/rights.ts';
import type { RepositoryFolder } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { fail, respond, respondRaw } from '../wire/respond.ts';
import { dagByName } from './dag.ts';

function requireRepositoryRight(context: RequestContext): void {
  if (!context.user.rights.fileRepository) {
    throw fail(
      403,
      'The API request cannot complete because currently you do not have "File Repository" rights, which are required for this operation.',
    );
  }
}

/** Whether the token's user may use the folder (DAG- and role-restricted folders). */
function canUse(context: RequestContext, folder: RepositoryFolder): boolean {
  const { state, user } = context;
  if (folder.dagId !== null && user.dag !== '' && dagByName(state, user.dag)?.id !== folder.dagId) return false;
  const role = roleOf(state, user);
  if (folder.roleId !== null && role && role.id !== folder.roleId) return false;
  return true;
}

function folderError(id: string | number): never {
  throw fail(
    400,
    `The File Repository folder folder_id=${id} does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.`,
  );
}

/** The `folder_id` parameter: `null` (top level) when absent or blank; checked for existence and access. */
function folderParam(context: RequestContext): number | null {
  const text = (stringParam(context.params, 'folder_id') ?? '').trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) throw fail(400, 'folder_id is not valid');
  const id = Number(text);
  const folder = context.state.repository.folders.find((candidate) => candidate.id === id);
  if (!folder || !canUse(context, folder)) folderError(id);
  return id;
}

const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

/** Create a New Folder: `[{"folder_id":N}]`; unknown `dag_id`/`role_id` are ignored. */
export function createRepositoryFolder(context: RequestContext): Response {
  const { state, params } = context;
  requireRepositoryRight(context);
  const name = (stringParam(params, 'name') ?? '').trim().slice(0, 150);
  if (name === '') throw fail(400, "new folder 'name' not provided");
  const parent = folderParam(context);
  if (state.repository.folders.some((folder) => folder.parent === parent && folder.name.toLowerCase() === name.toLowerCase())) {
    throw fail(
      400,
      `ERROR: The folder name "${name}" could not be created because a folder with that same name already exists in this directory.`,
    );
  }
  const dagText = stringParam(params, 'dag_id') ?? '';
  const roleText = stringParam(params, 'role_id') ?? '';
  const dagId = /^\d+$/.test(dagText) && state.dags.some((dag) => dag.id === Number(dagText)) ? Number(dagText) : null;
  const roleId = /^\d+$/.test(roleText) && state.roles.some((role) => role.id === Number(roleText)) ? Number(roleText) : null;
  const id = state.repository.nextFolderId++;
  state.repository.folders.push({ id, name, parent, dagId, roleId });
  context.log('Create folder in File Repository (API)', `folder_id = ${id}`);
  return respondRows(context, [{ folder_id: id }], ['folder_id'], 'items');
}

/** List: folders (natural, case-insensitive order) then files, directly inside the folder. */
export function listRepository(context: RequestContext): Response {
  const { state } = context;
  requireRepositoryRight(context);
  const parent = folderParam(context);
  const folders = state.repository.folders
    .filter((folder) => folder.parent === parent && canUse(context, folder))
    .sort((a, b) => naturalOrder(a.name, b.name));
  const files = [...state.repository.files]
    .filter(([docId, folder]) => folder === parent && state.files.get(docId)?.deleted === false)
    .map(([docId]) => ({ docId, name: state.files.get(docId)?.name ?? '' }))
    .sort((a, b) => naturalOrder(a.name, b.name));
  context.log('Export list of files/folders from File Repository (API)', parent === null ? '' : `folder_id = ${parent}`);
  if (context.format === 'csv') {
    const rows: Record<string, Cell>[] = [
      ...folders.map((folder) => ({ folder_id: folder.id, doc_id: '', name: folder.name })),
      ...files.map((file) => ({ folder_id: '', doc_id: file.docId, name: file.name })),
    ];
    return respondRows(context, rows, ['folder_id', 'doc_id', 'name'], 'items');
  }
  const rows: Record<string, Cell>[] = [
    ...folders.map((folder) => ({ folder_id: folder.id, name: folder.name })),
    ...files.map((file) => ({ doc_id: file.docId, name: file.name })),
  ];
  return respondRows(context, rows, ['folder_id', 'doc_id', 'name'], 'items');
}

/** The repository file of `doc_id`, checked: exists, not deleted, in a folder the user may use. */
function repositoryFile(context: RequestContext): number {
  const { state } = context;
  const text = (stringParam(context.params, 'doc_id') ?? '').trim();
  const docId = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  const folder = state.repository.files.get(docId);
  if (folder === undefined || state.files.get(docId)?.deleted !== false) throw fail(400, 'Invalid or missing doc_id');
  if (folder !== null) {
    const def = state.repository.folders.find((candidate) => candidate.id === folder);
    if (!def || !canUse(context, def)) folderError(folder);
  }
  return docId;
}

/** Export a File: raw bytes with `Content-type: <mime>; name="<file>"`. */
export function exportRepositoryFile(context: RequestContext): Response {
  requireRepositoryRight(context);
  const docId = repositoryFile(context);
  const file = context.state.files.get(docId);
  if (!file) throw fail(400, 'Invalid or missing doc_id');
  context.log('Download file from File Repository (API)', `doc_id = ${docId}`);
  const type = file.type.toLowerCase().startsWith('text/')
    ? `${file.type}; name="${file.name}";charset=UTF-8`
    : `${file.type}; name="${file.name}"`;
  return respondRaw(file.bytes.slice(), type, { 'content-security-policy': "script-src 'none'" });
}

/** `a.pdf` → `a (2).pdf` while the name is taken in the folder. */
function uniqueFileName(context: RequestContext, folder: number | null, name: string): string {
  const { state } = context;
  const taken = new Set(
    [...state.repository.files]
      .filter(([docId, at]) => at === folder && state.files.get(docId)?.deleted === false)
      .map(([docId]) => (state.files.get(docId)?.name ?? '').toLowerCase()),
  );
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})${extension}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** Import a File: multipart `file` (+ `folder_id`); empty body. Taken names are made unique. */
export async function importRepositoryFile(context: RequestContext): Promise<Response> {
  const { state } = context;
  requireRepositoryRight(context);
  const upload = context.params.files.get('file');
  if (!upload) throw fail(400, 'No valid file was uploaded');
  if (upload.name === '' && upload.size === 0) throw fail(400, 'There was a problem with the uploaded file');
  const folder = folderParam(context);
  const name = uniqueFileName(context, folder, upload.name === '' ? 'file' : upload.name);
  const docId = state.nextDocId++;
  state.files.set(docId, {
    docId,
    name,
    type: upload.type === '' ? 'application/octet-stream' : upload.type,
    bytes: new Uint8Array(await upload.arrayBuffer()),
    deleted: false,
  });
  state.repository.files.set(docId, folder);
  context.log('Upload file to File Repository (API)', `doc_id = ${docId}`);
  return respond('', context.returnFormat);
}

/** Delete a File: moved to the recycle bin (flagged deleted); empty body. */
export function deleteRepositoryFile(context: RequestContext): Response {
  requireRepositoryRight(context);
  const docId = repositoryFile(context);
  const file = context.state.files.get(docId);
  if (file) file.deleted = true;
  context.log('Delete file from File Repository (API)', `doc_id = ${docId}`);
  return respond('', context.returnFormat);
}

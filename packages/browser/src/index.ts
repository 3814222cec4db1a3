export { fileFromInput } from './file-from-input.ts';
export { downloadFile } from './download-file.ts';

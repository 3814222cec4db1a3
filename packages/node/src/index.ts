export { fileFromPath, guessMimeType, type FileFromPathOptions } from './file-from-path.ts';
export { type SaveFileOptions, saveFile } from './save-file.ts';
export { configFromEnv, type EnvConfig } from './config-from-env.ts';

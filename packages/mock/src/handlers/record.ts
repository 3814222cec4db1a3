export { deleteRecords } from '../records/delete.ts';
export { exportRecords } from '../records/export.ts';
export { importRecords } from '../records/import.ts';

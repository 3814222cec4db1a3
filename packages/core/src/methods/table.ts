import type { MethodDescriptor } from './descriptor.ts';
import { exportEventsMethod } from './events.ts';
import { deleteFileMethod, exportFileMethod, importFileMethod } from './files.ts';
import { exportMetadataMethod } from './metadata.ts';
import { exportProjectInfoMethod } from './project.ts';
import {
  deleteRecordsMethod, exportRecordsMethod, generateNextRecordNameMethod, importRecordsMethod,
} from './records/records.ts';
import { exportSurveyLinkMethod } from './surveys.ts';
import { exportVersionMethod } from './version.ts';

/**
 * Every REDCap API method the SDK knows: the single source for the namespaces,
 * the simulator's dispatch, the docs table and the every-method tests.
 *
 * @example
 * ```ts
 * for (const method of methodDescriptors) console.log(method.name, method.content, method.action);
 * ```
 */
export const methodDescriptors: readonly [
  typeof exportRecordsMethod, typeof importRecordsMethod, typeof deleteRecordsMethod, typeof generateNextRecordNameMethod,
  typeof exportMetadataMethod, typeof exportEventsMethod, typeof exportSurveyLinkMethod,
  typeof exportFileMethod, typeof importFileMethod, typeof deleteFileMethod,
  typeof exportVersionMethod, typeof exportProjectInfoMethod,
] = [
  exportRecordsMethod, importRecordsMethod, deleteRecordsMethod, generateNextRecordNameMethod,
  exportMetadataMethod, exportEventsMethod, exportSurveyLinkMethod,
  exportFileMethod, importFileMethod, deleteFileMethod,
  exportVersionMethod, exportProjectInfoMethod,
];

/** Any method of the table. */
export type AnyMethod = (typeof methodDescriptors)[number];

/** The namespace method type a descriptor carries. */
type CallOf<M> = M extends MethodDescriptor<infer Call, string, string> ? Call : never;

/** The namespaces of `createRedcap`'s client, derived from the table. */
export type RedcapNamespaces = {
  readonly [N in Exclude<AnyMethod['namespace'], ''>]: {
    readonly [M in Extract<AnyMethod, { namespace: N }> as M['verb']]: CallOf<M>;
  };
} & {
  readonly [M in Extract<AnyMethod, { namespace: '' }> as M['verb']]: CallOf<M>;
};

import { type MethodInfo, type MethodName, methodTable } from '@redcap-sdk/core/methods';

/**
 * The methods that only read: retried by default (so they change nothing) and exporting
 * or listing. Derived from core's method table, so a method added there is classified
 * without a change here. The proxy's default allowlist.
 *
 * @example
 * ```ts
 * import { createRedcapProxy, readOnlyMethods } from '@redcap-sdk/proxy';
 *
 * const allow = readOnlyMethods.filter((name) => name !== 'exportUsers' && name !== 'exportLogging');
 * const proxy = createRedcapProxy({ url, token, allow, authorize });
 * ```
 */
export const readOnlyMethods: readonly MethodName[] = Object.freeze(
  methodTable
    .filter((method) => method.retry === 'read' && (method.action === 'export' || method.action === 'list'))
    .map((method) => method.name),
);

const byOperation = new Map<string, MethodInfo>(methodTable.map((method) => [`${method.content}/${method.action}`, method]));
const byName = new Map<string, MethodInfo>(methodTable.map((method) => [method.name, method]));

/** The method a request's `content` and `action` name, if any. */
export function methodOf(content: string, action: string): MethodInfo | undefined {
  return byOperation.get(`${content}/${action}`);
}

/** Checks an allowlist against the method table, so a typo fails at start-up, not at the first call. */
export function checkAllowlist(allow: unknown): ReadonlySet<MethodName> {
  if (!Array.isArray(allow)) {
    throw new TypeError('createRedcapProxy: `allow` must be an array of method names, e.g. ["exportRecords", "exportMetadata"].');
  }
  for (const name of allow) {
    if (!byName.has(name)) {
      throw new TypeError(
        `createRedcapProxy: \`allow\` names ${JSON.stringify(name)}, which is not a REDCap method; use the names of @redcap-sdk/core/methods (e.g. "exportRecords").`,
      );
    }
  }
  return new Set(allow as MethodName[]);
}

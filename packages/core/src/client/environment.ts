/**
 * True in a page or a web worker, where anything the script holds is readable by
 * whoever loads it. Deno and Bun have no `document`, so they do not count.
 */
export function isBrowserLike(): boolean {
  const scope = globalThis as { document?: unknown; WorkerGlobalScope?: unknown; importScripts?: unknown };
  return typeof scope.document === 'object' || (typeof scope.WorkerGlobalScope === 'function' && typeof scope.importScripts === 'function');
}

/** True for hosts whose traffic never leaves the machine, where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

import { strictParams } from '../internal/schemas.ts';
import { defineMethod } from './descriptor.ts';
import type { ParamsFunction } from './shapes.ts';

/**
 * The server's REDCap version, e.g. `15.7.6`. The client remembers it, and from
 * then on refuses methods the server is too old for before sending them.
 *
 * REDCap method: Export REDCap Version (`content=version`). Works with a super token too.
 *
 * @example
 * ```ts
 * const version = await exportVersion(client);
 * ```
 */
export const exportVersion: ParamsFunction<{}, string> = /* @__PURE__ */ defineMethod({
  name: 'exportVersion',
  title: 'Export REDCap Version',
  namespace: '',
  verb: 'version',
  content: 'version',
  action: 'export',
  since: '5.0.0',
  takes: 'params',
  retry: 'read',
  params: strictParams({}),
  toWire: () => ({ params: {} }),
  answer: 'text',
  accept: (body) => /^\d+\.\d+\.\d+\S*$/.test(body.trim()),
  finish: (value: string) => value.trim(),
  tellsVersion: true,
});

import { readParams, type ParamValue } from './params.ts';

/**
 * Reads a request's parameters exactly as the simulator (and REDCap's PHP) sees
 * them: urlencoded or multipart, `name[0]`/`name[]` collected into arrays (in the
 * order sent), a repeated plain name keeping its last value. File parts of a
 * multipart body are left out; a body that is neither form gives `{}`.
 * The request is not consumed (a copy is read).
 *
 * Useful in a custom `fetch` to see what a client really sent.
 *
 * @param request - A request as `fetch` or msw sees it.
 * @returns Each parameter's value: a string, or an array of strings for `name[i]` parameters.
 *
 * @example
 * ```ts
 * import { decodeRequest } from '@redcap-sdk/mock';
 *
 * const sent: Record<string, string | string[]>[] = [];
 * const redcap = createRedcap({
 *   url: 'https://redcap.example.test/api/',
 *   token,
 *   fetch: async (input, init) => {
 *     sent.push(await decodeRequest(new Request(input, init)));
 *     return new Response('[]', { headers: { 'content-type': 'application/json' } });
 *   },
 * });
 * await redcap.records.export({ records: ['1', '2'] });
 * sent[0]!.records; // ['1', '2']
 * ```
 */
export async function decodeRequest(request: Request): Promise<Record<string, string | string[]>> {
  const params = await readParams(request.clone());
  const decoded: Record<string, string | string[]> = {};
  for (const [name, value] of params.values) decoded[name] = flatten(value);
  return decoded;
}

/** A PHP array as the list of its string values (nested arrays flattened, in order). */
function flatten(value: ParamValue): string | string[] {
  if (typeof value === 'string') return value;
  const out: string[] = [];
  for (const item of value.values()) {
    const inner = flatten(item);
    if (typeof inner === 'string') out.push(inner);
    else out.push(...inner);
  }
  return out;
}

// The heart of a REDCap proxy for pages: takes the page's API request, checks what it
// asks for, adds the token (which only the server knows) and forwards it to REDCap.
// Web-standard Request/Response only, so it runs in Node, Deno, Bun, a worker, or an
// edge function; proxy.mjs puts it behind a Node HTTP server.

/** What a read-only page may ask for: `content/action` pairs as the SDK sends them. */
export const readOnly = Object.freeze([
  'version/export',
  'record/export',
  'metadata/export',
  'instrument/export',
  'exportFieldNames/export',
  'formEventMapping/export',
  'event/export',
  'arm/export',
  'project/export',
  'repeatingFormsEvents/export',
]);

/**
 * Forwards one API request from a page to REDCap with the token added.
 *
 * @param {Request} request the page's POST (urlencoded or multipart, as the SDK sends it)
 * @param {{ redcapUrl: string, token: string, allow?: readonly string[], fetch?: typeof fetch }} options
 *   `allow`: the `content/action` pairs the page may use (default {@link readOnly});
 *   `fetch`: how to reach REDCap (default the global fetch).
 * @returns {Promise<Response>} REDCap's answer (status, content type and body), or the proxy's refusal
 */
export async function forward(request, { redcapUrl, token, allow = readOnly, fetch = globalThis.fetch }) {
  if (request.method !== 'POST') return refuse(405, 'Only POST is forwarded.');
  let form;
  try {
    form = await request.formData();
  } catch {
    return refuse(400, 'Expected a form body (application/x-www-form-urlencoded or multipart/form-data).');
  }
  // A token from the page means a token is in the page: refuse rather than use it.
  if (form.has('token')) return refuse(400, 'The page sent a token; the proxy adds it. Remove the token from the page.');
  const operation = `${form.get('content')}/${form.get('action') ?? 'export'}`;
  if (!allow.includes(operation)) return refuse(403, `This proxy does not forward ${operation}.`);
  form.set('token', token);
  const answer = await fetch(redcapUrl, { method: 'POST', body: form, redirect: 'manual' });
  const headers = new Headers();
  for (const name of ['content-type', 'content-disposition', 'retry-after']) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(answer.body, { status: answer.status, headers });
}

/**
 * The proxy's own errors, in REDCap's JSON error shape so the SDK reports them as API errors.
 *
 * @param {number} status
 * @param {string} message
 */
function refuse(status, message) {
  return Response.json({ error: message }, { status });
}

/**
 * The proxy's own refusals, in REDCap's JSON error shape (`{ "error": "..." }`), so the
 * SDK reports them as a `RedcapApiError` with the status and this message.
 */
export function refuse(status: number, message: string, headers?: Record<string, string>): Response {
  return Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/**
 * Why a request may not use the proxy, or `undefined` when it may: it must come from an
 * allowed origin (by default the proxy's own) and carry the proxy header, which a
 * cross-site form cannot send at all and a cross-site script not without a CORS
 * preflight that the proxy never grants.
 */
export function checkOrigin(request: Request, origins: readonly string[] | undefined, header: string): string | undefined {
  const allowed = origins ?? [new URL(request.url).origin];
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site') return 'Cross-site requests are refused.';
  if (origin === null) return 'Requests without an Origin header are refused: browsers send it with every POST.';
  if (!allowed.includes(origin)) {
    return `Requests from ${origin} are refused. A page on another origin is refused by design; behind a reverse proxy, list the public origin in \`origins\`.`;
  }
  if (request.headers.get(header) === null) {
    return `Requests without the ${header} header are refused: create the client with \`headers: { '${header}': '1' }\`.`;
  }
  return undefined;
}

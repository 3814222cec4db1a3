// A static server for the e2e page: no dependencies, loopback only.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = join(import.meta.dirname, 'public');
// The built core package, for pages that load its single-file builds with a script tag.
const sdk = join(import.meta.dirname, '..', 'packages', 'core', 'dist');
/** @type {Record<string, string>} */
const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
const port = Number(process.env.PORT ?? 4173);

createServer(async (request, response) => {
  const requested = normalize(new URL(request.url ?? '/', 'http://local').pathname).replace(/^(\.\.[/\\])+/, '');
  const path = requested === '/' ? '/index.html' : requested;
  try {
    const body = path.startsWith('/sdk/') ? await readFile(join(sdk, path.slice('/sdk/'.length))) : await readFile(join(root, path));
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(body);
  } catch {
    response.writeHead(404).end('not found');
  }
}).listen(port, '127.0.0.1');

/**
 * A static file server on node:http for a built web page (the playground):
 * files from one folder, by extension a content type, gzip for text when the
 * browser takes it (compressed once, kept), and the headers that make the
 * page cross-origin isolated (so that the wasm backend can use threads).
 * Nothing outside the folder is served.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.kf': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg', '.wasm', '.kf']);

/** Cross-origin isolation: SharedArrayBuffer, hence wasm threads. */
const isolationHeaders = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };

export interface StaticServer {
  server: Server;
  url: string;
}

export async function serveFolder(folder: string, options: { host: string; port: number }): Promise<StaticServer> {
  const root = resolve(folder);
  const compressed = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolve(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    const type = contentTypes[extname(file)];
    if ((file !== root && !file.startsWith(root + sep)) || !type || !isFile(file) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...isolationHeaders });
      response.end(`not found: ${pathname}\n`);
      return;
    }
    const gzip = compressible.has(extname(file)) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    let body: Buffer;
    if (gzip) {
      body = compressed.get(file) ?? gzipSync(readFileSync(file));
      compressed.set(file, body);
    } else {
      body = readFileSync(file);
    }
    response.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      ...isolationHeaders,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${options.host}:${port}/` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder } from '../../compiler/cli/static-server.ts';

/** The static server behind `keraflow playground`: a folder's files, gzipped when asked, cross-origin isolated, nothing outside it. */
describe('serveFolder', () => {
  let parent: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'keraflow-serve-'));
    const folder = join(parent, 'site');
    mkdirSync(join(folder, 'assets'), { recursive: true });
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(folder, 'assets/app.js'), 'console.log(1);'.repeat(100));
    writeFileSync(join(folder, 'assets/data.bin'), Buffer.from([1, 2, 3]));
    writeFileSync(join(parent, 'secret.txt'), 'outside');
    ({ server, url } = await serveFolder(folder, { host: '127.0.0.1', port: 0 }));
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(parent, { recursive: true, force: true });
  });

  it('serves index.html for /, with the cross-origin isolation headers', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await response.text()).toBe('<!doctype html><title>page</title>');
  });

  it('gzips text for a browser that takes it, and sends bytes as they are', async () => {
    const { request } = await import('node:http');
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((done) => {
      request(`${url}assets/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toBe('console.log(1);'.repeat(100));
    expect(raw.body.length).toBeLessThan(1500);
    const binary = await fetch(`${url}assets/data.bin`);
    expect(binary.headers.get('content-encoding')).toBeNull();
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('answers 404 for missing files, unknown kinds and paths that climb out of the folder', async () => {
    expect((await fetch(`${url}missing.js`)).status).toBe(404);
    expect((await fetch(`${url}..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${url}assets/..%2f..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${url}assets`)).status).toBe(404);
  });
});

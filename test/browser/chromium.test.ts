import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeraflow } from '../run-keraflow.ts';

/**
 * Keraflow in a real browser: examples/iris.kf compiled by `keraflow
 * compile`, a page program (page/main.ts) importing it and 'keraflow',
 * bundled by esbuild for the browser, served on 127.0.0.1 with the wasm
 * backend's files, and run in Debian's headless Chromium. Skipped (saying
 * so) where chromium is not installed, unless CI is set: then it fails.
 */

const root = resolve(import.meta.dirname, '../..');
const wasmFiles = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
const wasmFolder = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

function findChromium(): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (folder && existsSync(join(folder, name))) return join(folder, name);
  }
  return undefined;
}

const executablePath = findChromium();
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
if (!executablePath && !inCi) {
  console.warn('test/browser/chromium.test.ts: SKIPPED, chromium is not installed (apt-get install chromium, as .ci/run does)');
}

interface TrainReport {
  backend: string;
  losses: number[];
  /** The loss `evaluate` gives batch by batch, and the categorical crossentropy of one prediction of all the data. */
  evaluatedLoss: number;
  lossByHand: number;
  predictions: number[][];
  loadedPredictions: number[][];
  tfjsPredictions: number[][];
  architecture: string;
  weightBytes: number;
}

/** What page/main.ts puts on `window.page`. */
interface PageApi {
  describeBackend(): string;
  trainAndSave(epochs: number): Promise<TrainReport>;
  splitProduct(): Promise<{ threads: number; parts: number; difference: number }>;
  setBackend(name: string): Promise<string>;
  setWasmPath(url: string): Promise<string>;
  download(): Promise<void>;
  trainedPredictions(): Promise<number[][]>;
  pickedPredictions(): Promise<number[][]>;
  saveToFileError(): Promise<string>;
}

const html = '<!doctype html><meta charset="utf-8"><title>loading</title><input type="file" id="model-files" multiple><script type="module" src="app.js"></script>';

describe.skipIf(!executablePath && !inCi)('keraflow in headless Chromium', () => {
  let workDir: string;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!executablePath) throw new Error("CI is set but chromium is not installed: .ci/run installs Debian's chromium package");
    workDir = mkdtempSync(join(tmpdir(), 'keraflow-browser-'));

    // A user's project: the compiled model, and an entry that hands it to the page program.
    const compiled = runKeraflow(['compile', join(root, 'examples/iris.kf'), '-o', join(workDir, 'iris.ts')]);
    expect(compiled.status, compiled.stderr).toBe(0);
    writeFileSync(
      join(workDir, 'entry.ts'),
      [`import { startPage } from ${JSON.stringify(join(import.meta.dirname, 'page/main.ts'))};`, "import { buildIris } from './iris.ts';", 'startPage(buildIris);'].join('\n'),
    );
    await esbuild.build({
      entryPoints: [join(workDir, 'entry.ts')],
      outfile: join(workDir, 'app.js'),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      // Until the package is built, 'keraflow' is its browser entry's source.
      alias: { keraflow: join(root, 'runtime/index.ts') },
      logLevel: 'error',
    });

    const bundle = readFileSync(join(workDir, 'app.js'));
    const routes = new Map<string, { body: Buffer; type: string }>([
      ['/index.html', { body: Buffer.from(html), type: 'text/html' }],
      ['/app.js', { body: bundle, type: 'text/javascript' }],
      // The same page in a folder without the .wasm files: they are under /wasm/ only.
      ['/elsewhere/index.html', { body: Buffer.from(html), type: 'text/html' }],
      ['/elsewhere/app.js', { body: bundle, type: 'text/javascript' }],
    ]);
    // The same page, cross-origin isolated (COOP and COEP headers): threads.
    routes.set('/isolated/index.html', { body: Buffer.from(html), type: 'text/html' });
    routes.set('/isolated/app.js', { body: bundle, type: 'text/javascript' });
    for (const name of wasmFiles) {
      const file = { body: readFileSync(join(wasmFolder, name)), type: 'application/wasm' };
      routes.set(`/${name}`, file);
      routes.set(`/wasm/${name}`, file);
      routes.set(`/isolated/${name}`, file);
    }
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const route = routes.get(path);
      const isolation = path.startsWith('/isolated/') ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
      response.writeHead(route ? 200 : 404, { 'content-type': route?.type ?? 'text/plain', ...isolation });
      response.end(request.method === 'HEAD' ? undefined : (route?.body ?? 'not found'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath,
      headless: true,
      chromiumSandbox: false,
      // Without these, Chromium's own connections are refused on a closed network.
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** A fresh page at `path`, its console lines collected, once the program is running. */
  async function openPage(path: string): Promise<{ page: Page; console: string[] }> {
    const page = await browser.newPage({ acceptDownloads: true });
    const lines: string[] = [];
    page.on('console', (message) => lines.push(message.text()));
    page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));
    await page.goto(`${baseUrl}${path}`);
    await page.waitForFunction(() => document.title === 'ready' || document.title === 'failed', undefined, { timeout: 60_000 }).catch(() => {});
    expect(await page.title(), lines.join('\n')).toBe('ready');
    return { page, console: lines };
  }

  function call<K extends keyof PageApi>(page: Page, method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
    return page.evaluate(([name, values]) => (window as unknown as { page: Record<string, (...a: unknown[]) => unknown> }).page[name](...values), [method, args] as const) as never;
  }

  function expectTrainedAndSaved(report: TrainReport, backend: string): void {
    expect(report.backend).toBe(backend);
    expect(report.losses.at(-1)!).toBeLessThan(report.losses[0] * 0.8);
    expect(report.evaluatedLoss).toBeCloseTo(report.lossByHand, 4);
    expect(report.predictions).toHaveLength(15);
    // The three species apart: each block of five flowers has its own most likely class.
    const classes = report.predictions.map((row) => row.indexOf(Math.max(...row)));
    expect(new Set(classes).size).toBeGreaterThan(1);
    expect(report.loadedPredictions).toEqual(report.predictions);
    report.tfjsPredictions.flat().forEach((value, i) => expect(value).toBeCloseTo(report.predictions.flat()[i], 4));
    expect(report.architecture).toBe('keraflow');
    expect(report.weightBytes).toBeGreaterThan(4 * (4 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3));
  }

  it('starts on wasm when the .wasm files are beside the bundle, and trains, predicts, saves and loads in memory there', async () => {
    const { page, console } = await openPage('/index.html');
    // This page is not cross-origin isolated: one thread, and why when the machine has more cores.
    const line = await call(page, 'describeBackend');
    expect(line).toMatch(/^wasm \(1 thread(: threads need a cross-origin-isolated page \(COOP and COEP headers\))?\)$/);
    expect(console).toContain(`keraflow backend: ${line}`);
    const report = await call(page, 'trainAndSave', 20);
    expectTrainedAndSaved(report, 'wasm');
    // fit's progress goes to the console, a line per epoch.
    expect(console).toContainEqual(expect.stringMatching(/^Epoch 20\/20 - 150 samples - .* - loss: \d/));
    await page.close();
  }, 120_000);

  it('in a cross-origin-isolated page: starts wasm on as many threads as cores (at most 8), and trains there', async () => {
    const { page, console } = await openPage('/isolated/index.html');
    const cores = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 8);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const line = `wasm (${cores} thread${cores === 1 ? '' : 's'})`;
    expect(await call(page, 'describeBackend')).toBe(line);
    expect(console).toContain(`keraflow backend: ${line}`);
    expectTrainedAndSaved(await call(page, 'trainAndSave', 20), 'wasm');
    if (cores > 1) {
      // Large products split with helper threads of their own (blob workers on the shared memory); the page's main thread polls for them.
      const { threads, parts, difference } = await call(page, 'splitProduct');
      expect(threads).toBe(cores - 1);
      expect(parts).toBeGreaterThan(0);
      expect(difference).toBeLessThan(1e-4);
    }
    await page.close();
  }, 120_000);

  it('trains, predicts, saves and loads in memory on the cpu backend', async () => {
    const { page } = await openPage('/index.html');
    expect(await call(page, 'setBackend', 'cpu')).toBe('ok');
    expectTrainedAndSaved(await call(page, 'trainAndSave', 20), 'cpu');
    await page.close();
  }, 120_000);

  it('downloads the model as two files, and loads it back from the files a user picks', async () => {
    const { page } = await openPage('/index.html');
    await call(page, 'trainAndSave', 5);
    const downloads: import('playwright-core').Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await call(page, 'download');
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    expect(downloads.map((download) => download.suggestedFilename()).sort()).toEqual(['iris.json', 'iris.safetensors']);
    const saved = await Promise.all(
      downloads.map(async (download) => {
        const file = join(workDir, download.suggestedFilename());
        await download.saveAs(file);
        return file;
      }),
    );
    expect(JSON.parse(readFileSync(saved.find((file) => file.endsWith('.json'))!, 'utf8')).format).toBe('keraflow');

    await page.setInputFiles('#model-files', saved);
    expect(await call(page, 'pickedPredictions')).toEqual(await call(page, 'trainedPredictions'));
    expect(await call(page, 'saveToFileError')).toMatch(/^KeraflowError: saveToFile works on files, which need Node: .* in a browser, use saveToBytes\(\) or download\(\)$/);
    await page.close();
  }, 120_000);

  it('without the .wasm files beside the bundle: starts on cpu saying why, and setWasmPath finds them elsewhere', async () => {
    const { page, console } = await openPage('/elsewhere/index.html');
    const missing = `${baseUrl}/elsewhere/tfjs-backend-wasm-simd.wasm`;
    const reason = `the wasm backend cannot fetch ${missing} (HTTP 404 Not Found): serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist in ${baseUrl}/elsewhere/, or call setWasmPath('<URL of the folder holding them>')`;
    expect(await call(page, 'describeBackend')).toBe(`cpu (wasm: ${reason})`);
    expect(console).toContain(`keraflow backend: cpu (wasm: ${reason})`);

    expect(await call(page, 'setWasmPath', '/missing/')).toBe(
      `KeraflowError: the wasm backend cannot fetch ${baseUrl}/missing/tfjs-backend-wasm-simd.wasm (HTTP 404 Not Found): ` +
        `serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist in ${baseUrl}/missing/, or call setWasmPath('<URL of the folder holding them>')`,
    );
    expect(await call(page, 'describeBackend')).toMatch(/^cpu/);

    expect(await call(page, 'setWasmPath', '/wasm/')).toBe('ok');
    expect(await call(page, 'describeBackend')).toMatch(/^wasm \(1 thread/);
    expectTrainedAndSaved(await call(page, 'trainAndSave', 20), 'wasm');
    await page.close();
  }, 120_000);
});

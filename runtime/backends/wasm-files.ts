import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { KeraflowError } from '../errors.ts';

/**
 * Where the wasm backend finds its `.wasm` binaries in a browser. In Node,
 * tfjs-backend-wasm reads them from its own package; a page fetches them over
 * HTTP, from the folder of the bundle that holds Keraflow unless
 * `setWasmPath` names another. Before the backend starts, Keraflow checks
 * that the binary it needs is there, so a missing file is one clear error
 * (tfjs's own failure is a console warning and an unusable backend).
 */

const BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** The folder (a URL ending in '/') the binaries come from; set once, before the backend first starts. */
let folder: string | undefined;

/** Whether this runs in a browser page or worker rather than Node (or another runtime with Node's modules). */
export function inBrowser(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node !== 'string';
}

/** Whether the wasm backend has started (tf.findBackend would start it). */
export function wasmStarted(): boolean {
  return 'wasm' in tf.engine().registry;
}

/**
 * Sets the folder that holds tfjs-backend-wasm's three `.wasm` files
 * (`tfjs-backend-wasm.wasm`, `-simd.wasm`, `-threaded-simd.wasm`), as a URL
 * or a path relative to the page. Must come before the wasm backend starts
 * from another folder.
 */
export function configureWasmFolder(url: string | URL): string {
  if (!(url instanceof URL) && (typeof url !== 'string' || url === '')) {
    throw new KeraflowError(`setWasmPath takes the URL of the folder holding the .wasm files, but got ${JSON.stringify(url) ?? String(url)}`, {
      argument: 'url',
      expected: 'a URL or a path, such as "/wasm/"',
      given: String(url),
    });
  }
  let href = new URL(String(url), pageUrl()).href;
  if (!href.endsWith('/')) href += '/';
  if (folder !== undefined && folder !== href && wasmStarted()) {
    throw new KeraflowError(`setWasmPath: the wasm backend already runs with its files from ${folder}; call setWasmPath('${url}') before it starts`, {
      argument: 'url',
      expected: 'a call before the wasm backend starts',
      given: String(url),
    });
  }
  folder = href;
  setWasmPaths(href);
  return href;
}

/** In a browser, before the wasm backend starts: the binary it needs can be fetched, or a KeraflowError says where it looked and what to do. */
export async function checkWasmFiles(): Promise<void> {
  if (!inBrowser() || wasmStarted()) return;
  if (folder === undefined) configureWasmFolder(defaultFolder());
  const url = new URL(await chosenBinary(), folder).href;
  let problem: string | undefined;
  try {
    const response = await fetch(url, { method: 'HEAD' });
    if (!response.ok) problem = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    // A server's fallback page (a single-page app's index.html) answers 200 for any path.
    else if (response.headers.get('content-type')?.includes('text/html')) problem = 'the server answers with an HTML page';
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem) {
    throw new KeraflowError(
      `the wasm backend cannot fetch ${url} (${problem}): serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist in ${folder}, or call setWasmPath('<URL of the folder holding them>')`,
      { argument: 'backend', expected: `${BINARIES.join(', ')} in ${folder}`, given: problem },
    );
  }
}

/** The URL of one of the `.wasm` files in a page: in the folder set, else beside the bundle. */
export function wasmFileUrl(name: string): string {
  if (folder === undefined) configureWasmFolder(defaultFolder());
  return new URL(name, folder).href;
}

/** The binary tfjs-backend-wasm will fetch: it picks by the browser's SIMD and thread support (threads need a cross-origin-isolated page). */
async function chosenBinary(): Promise<string> {
  const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
  return simd && threads ? BINARIES[2] : simd ? BINARIES[1] : BINARIES[0];
}

/** The folder of the module that holds Keraflow — the bundle, once bundled — else the page's. */
function defaultFolder(): string {
  return new URL('.', typeof import.meta.url === 'string' ? import.meta.url : pageUrl()).href;
}

function pageUrl(): string {
  return (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/';
}

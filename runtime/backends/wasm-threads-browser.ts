/**
 * The threaded wasm build's files in a cross-origin-isolated page (see
 * wasm-threads.ts): emscripten's glue and worker script as tfjs-backend-wasm
 * bundles them (the worker as a `blob:` URL, as tfjs makes it), and the
 * binary fetched from the folder the page's `.wasm` files are served from
 * (wasm-files.ts). Keraflow starts the build itself so that its pool takes
 * as many threads as asked (tfjs's own start caps it at half the cores).
 */
import * as glue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
// @ts-expect-error: tfjs ships this module (a string of the worker script) without types.
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
import { wasmFileUrl } from './wasm-files.ts';
import type { ThreadedFactory, ThreadedWasmLoader } from './wasm-threads.ts';

const BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';

export const browserThreadedWasm: ThreadedWasmLoader = {
  cores: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  async files() {
    const factory = ((glue as { default?: unknown }).default ?? glue) as ThreadedFactory;
    const url = wasmFileUrl(BINARY);
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`cannot fetch ${url} (HTTP ${response.status})`);
    // As tfjs does: the string's line breaks stand inside quoted strings of the script.
    const worker = new Blob([(wasmWorkerContents as string).replace(/\n/g, '\\n')], { type: 'application/javascript' });
    return {
      factory,
      binary: await response.arrayBuffer(),
      workerScript: URL.createObjectURL(worker),
      // The workers evaluate the glue again, from this text.
      mainScript: new Blob([`var WasmBackendModuleThreadedSimd = ${factory.toString()}`], { type: 'text/javascript' }),
    };
  },
};

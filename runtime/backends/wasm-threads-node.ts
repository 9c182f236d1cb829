/**
 * The threaded wasm build's files in Node (see wasm-threads.ts): emscripten's
 * glue and the binary from @tensorflow/tfjs-backend-wasm, and its worker
 * script. The package ships that script only as a string (for a `blob:` URL,
 * which Node's workers refuse), so it is written once to a file in the
 * temporary folder; the workers load the glue from the package itself.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import type { ThreadedFactory, ThreadedWasmLoader } from './wasm-threads.ts';

const require = createRequire(import.meta.url);

/** The worker script as a file (named by tfjs's version: its text changes only with it), written atomically once. */
function workerScriptFile(contents: string): string {
  const file = join(tmpdir(), `keraflow-tfjs-backend-wasm-${version_wasm}-threaded-simd.worker.cjs`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, contents);
    renameSync(partial, file);
  }
  return file;
}

export const nodeThreadedWasm: ThreadedWasmLoader = {
  cores: () => availableParallelism(),
  async files() {
    const glue = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
    const { wasmWorkerContents } = require(glue.replace(/\.js$/, '.worker.js')) as { wasmWorkerContents: string };
    const binary = await readFile(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), 'tfjs-backend-wasm-threaded-simd.wasm'));
    return {
      factory: require(glue) as ThreadedFactory,
      binary,
      // As tfjs does for its blob: the string's line breaks stand inside quoted strings of the script.
      workerScript: workerScriptFile(wasmWorkerContents.replace(/\n/g, '\\n')),
      mainScript: glue,
    };
  },
};

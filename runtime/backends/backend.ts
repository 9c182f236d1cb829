import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { KeraflowError } from '../errors.ts';
import { setUpCpuKernels } from './cpu/index.ts';
import { setUpWasmKernels } from './wasm/index.ts';
import { checkWasmFiles, configureWasmFolder, inBrowser } from './wasm-files.ts';
import { describeThreads, prepareWasmThreads } from './wasm-threads.ts';

/** The TensorFlow.js backends Keraflow runs on, best first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Kernel sets a backend needs from us (registered once, when first selected). */
const backendSetups = new Map<BackendName, (() => void | Promise<void>)[]>();
const setUp = new Set<BackendName>();

/** Registers what a backend needs before it trains (kernels it lacks, kernels it gets wrong); several setups run in order. */
export function onBackendSelected(name: BackendName, setup: () => void | Promise<void>): void {
  backendSetups.set(name, [...(backendSetups.get(name) ?? []), setup]);
}

// The kernels each backend needs from Keraflow: see README.md.
onBackendSelected('wasm', setUpWasmKernels);
onBackendSelected('cpu', setUpCpuKernels);
onBackendSelected('cpu', quietCpuBanner);

/**
 * tfjs-backend-cpu greets its first tensor in Node with a banner urging
 * tfjs-node. Keraflow picks the backend itself (tfjs-node when installed) and
 * says which one runs, so the banner would only be noise on stderr.
 */
function quietCpuBanner(): void {
  const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (backend && 'firstUse' in backend) backend.firstUse = false;
}

/** Loads @tensorflow/tfjs-node: provided by runtime/node.ts (a browser has no native backend). */
let nativeLoader: (() => Promise<unknown>) | undefined;

/** Called by runtime/node.ts before the runtime starts its backend. */
export function provideNativeBackend(load: () => Promise<unknown>): void {
  nativeLoader = load;
}

async function loadNative(): Promise<boolean> {
  if (tf.findBackend('tensorflow')) return true;
  if (!nativeLoader) return false;
  try {
    // Optional: its install downloads libtensorflow, which not every machine can.
    await nativeLoader();
    return tf.findBackend('tensorflow') !== null;
  } catch {
    return false;
  }
}

/** Switches the TensorFlow.js backend: 'tensorflow' (native), 'wasm' or 'cpu'. */
export async function setBackend(name: BackendName): Promise<void> {
  if (!BACKENDS.includes(name)) {
    throw new KeraflowError(`unknown backend ${JSON.stringify(name)}; expected one of ${BACKENDS.join(', ')}`, {
      argument: 'backend',
      expected: BACKENDS.join(', '),
      given: String(name),
    });
  }
  if (name === 'tensorflow' && !(await loadNative())) {
    throw new KeraflowError("the 'tensorflow' backend needs @tensorflow/tfjs-node, which is not installed here (its install downloads libtensorflow); use 'wasm' or 'cpu'", {
      argument: 'backend',
      expected: 'an installed backend',
      given: name,
    });
  }
  if (name === 'wasm') {
    prepareWasmThreads();
    await checkWasmFiles();
  }
  if (!(await tf.setBackend(name))) {
    throw new KeraflowError(`the '${name}' backend failed to start`, { argument: 'backend', given: name });
  }
  if (!setUp.has(name)) {
    for (const setup of backendSetups.get(name) ?? []) await setup();
    setUp.add(name);
  }
}

/** The backend in use. */
export function getBackend(): string {
  return tf.getBackend();
}

/** Why the wasm backend did not start at import, when it did not (shown with the backend). */
let wasmProblem: string | undefined;

/**
 * In a browser: the folder holding tfjs-backend-wasm's `.wasm` files (a URL,
 * or a path from the page), when they are not beside the bundle; then
 * switches to the wasm backend. A file that cannot be fetched is a
 * KeraflowError naming its URL.
 */
export async function setWasmPath(url: string | URL): Promise<void> {
  if (!inBrowser()) {
    throw new KeraflowError("setWasmPath is for browser pages: in Node, the wasm backend reads its .wasm files from @tensorflow/tfjs-backend-wasm's own folder", {
      argument: 'url',
      expected: 'a browser page',
      given: String(url),
    });
  }
  configureWasmFolder(url);
  await setBackend('wasm');
  wasmProblem = undefined;
}

/** The best backend present, or the one KERAFLOW_BACKEND names (Node). */
export async function initBackend(): Promise<string> {
  const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.KERAFLOW_BACKEND;
  if (requested) {
    await setBackend(requested as BackendName);
  } else if (await loadNative()) {
    await setBackend('tensorflow');
  } else {
    await setBackend('wasm').catch(async (error: unknown) => {
      wasmProblem = error instanceof Error ? error.message : String(error);
      await setBackend('cpu');
    });
  }
  // A page has no `keraflow train` to print the backend: its console says which, and why not wasm.
  if (inBrowser()) (wasmProblem ? console.warn : console.info)(`keraflow backend: ${describeBackend()}`);
  return getBackend();
}

/** The backend line: `wasm (2 threads)`, `wasm (1 thread: <why not more>)`, or `cpu (wasm: <why it did not start>)` when wasm failed at start-up. */
export function describeBackend(): string {
  const name = getBackend();
  if (name === 'wasm') return `wasm (${describeThreads()})`;
  return name === 'cpu' && wasmProblem ? `cpu (wasm: ${wasmProblem})` : name;
}

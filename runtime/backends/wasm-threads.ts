/**
 * Threads for the wasm backend. tfjs-backend-wasm 4.22 ships a threaded SIMD
 * build (XNNPACK's thread pool on emscripten pthreads), but starts it only in
 * cross-origin-isolated pages, and caps its pool at half the logical cores
 * (one thread on a 2-core machine). In Node it never starts it: the worker it
 * gives emscripten is a `blob:` URL, which Node's worker_threads refuse
 * (tensorflow/tfjs#3830). Where a platform provides a loader (Node:
 * wasm-threads-node.ts, provided by runtime/node-setup.ts; a
 * cross-origin-isolated page: wasm-threads-browser.ts), Keraflow starts the
 * threaded build itself; elsewhere tfjs starts the backend as shipped (one
 * thread). Either way, a build that cannot start threads runs on one
 * thread, and `describeThreads()` says why.
 *
 * On the threaded build the threads serve two parties. Keraflow's matrix
 * products (wasm/gemm/) split across this thread and helper threads of their
 * own: every product of a Dense layer, a recurrent layer and a convolution's
 * gradients. XNNPACK's pool serves tfjs's own kernels: convolutions, pooling
 * and element-wise ops. Both poll for work between jobs, so both at full
 * size on the same cores get in each other's way (an MLP step on 2 threads:
 * 9.7 ms with XNNPACK's pool at one thread, 11.8 with both). XNNPACK's pool
 * therefore starts at one thread, and takes the count asked for only once
 * a kernel that gains from it runs (convolution or pooling: `poolKernelRuns`).
 *
 * The count: `setThreads(n)`, else `KERAFLOW_THREADS`, else the available
 * cores; at most MAX_THREADS.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { KeraflowError } from '../errors.ts';
import { inBrowser } from './wasm-files.ts';
import { browserThreadedWasm } from './wasm-threads-browser.ts';

/** The threaded build starts 8 workers; its pool cannot use more. */
export const MAX_THREADS = 8;

/** What Keraflow uses of emscripten's module of the threaded build. */
export interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: unknown[]) => unknown;
  PThread: {
    unusedWorkers: { onerror?: (error: unknown) => void }[];
    runningWorkers: { unref?: () => void }[];
    allocateUnusedWorker(): void;
    loadWasmModuleToWorker(worker: unknown, onLoaded: () => void): void;
  };
  tfjs?: Record<string, (...args: unknown[]) => unknown>;
}

/** The emscripten factory of `tfjs-backend-wasm-threaded-simd.js`: takes the module's settings, resolves to the module. */
export type ThreadedFactory = (settings: Record<string, unknown>) => Promise<ThreadedModule>;

/** How a platform starts the threaded build (its files, its workers). */
export interface ThreadedWasmLoader {
  /** The cores this process may use: the default count. */
  cores(): number;
  /** The emscripten factory, the binary, and where its worker script and main script are (paths or URLs). */
  files(): Promise<{ factory: ThreadedFactory; binary: BufferSource; workerScript: string; mainScript: string | Blob }>;
}

let loader: ThreadedWasmLoader | undefined;
/** setThreads's count, when called. */
let requested: number | undefined;
/**
 * The module Keraflow started: the threads its kernels use now (this one and
 * the product helpers), and XNNPACK's pool size (1 until a kernel that gains
 * from it runs; then `threads`); undefined while wasm runs as tfjs started it.
 */
let started: { module: ThreadedModule; threads: number; poolThreads: number; poolWanted: boolean } | undefined;
/** Why the wasm backend runs on one thread, when it does although more were asked. */
let oneThreadReason: string | undefined;

/** Called by runtime/node-setup.ts before the runtime starts a backend. */
export function provideThreadedWasm(platformLoader: ThreadedWasmLoader): void {
  loader = platformLoader;
}

/** A thread count from setThreads or KERAFLOW_THREADS: a whole number from 1, else a KeraflowError naming where it came from. */
function validCount(value: unknown, source: string): number {
  const count = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new KeraflowError(`${source} must be a whole number of threads, 1 or more, but got ${JSON.stringify(value) ?? String(value)}`, {
      argument: 'threads',
      expected: 'a whole number from 1',
      given: String(value),
    });
  }
  return Math.min(count, MAX_THREADS);
}

/** The cores a page or process may use (navigator.hardwareConcurrency in a page). */
function availableCores(): number {
  const cores = loader?.cores() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(cores ?? 1, MAX_THREADS));
}

/** The thread count asked for: setThreads's, else KERAFLOW_THREADS, else the available cores (at most MAX_THREADS). */
export function requestedThreads(): number {
  if (requested !== undefined) return requested;
  const fromEnvironment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.KERAFLOW_THREADS;
  return fromEnvironment === undefined || fromEnvironment === '' ? availableCores() : validCount(fromEnvironment, 'KERAFLOW_THREADS');
}

/** The wasm backend's threads: its pool's size once it runs (1 when it has none), else the count it will start with. */
export function threadCount(): number {
  if (started) return started.threads;
  const backend = wasmBackend();
  if (backend) return 'PThread' in backend.wasm ? Number(backend.wasm.tfjs.getThreadsCount()) : 1;
  return requestedThreads();
}

/** `2 threads`, or `1 thread` with the reason when more were asked. */
export function describeThreads(): string {
  const count = threadCount();
  const text = `${count} thread${count === 1 ? '' : 's'}`;
  return count === 1 && oneThreadReason ? `${text}: ${oneThreadReason}` : text;
}

/**
 * Sets how many threads the wasm backend's matrix products and convolutions
 * use (1 to 8; default: the available cores, or KERAFLOW_THREADS). Before the
 * backend starts, it sets the size it starts with; while it runs, the pool is
 * replaced by one of the new size.
 */
export async function setThreads(count: number): Promise<void> {
  const threads = validCount(count, 'setThreads');
  requested = threads;
  const backend = wasmBackend();
  // A threaded build tfjs started (a cross-origin-isolated page) has a pool to replace as well.
  if (!started && backend && 'PThread' in backend.wasm) {
    const count = threadCount();
    started = { module: backend.wasm as ThreadedModule, threads: count, poolThreads: count, poolWanted: true };
  }
  if (started) {
    started.threads = threads;
    if (started.poolWanted && started.poolThreads !== threads) await resizePool(started, threads);
  } else if (backend && threads > 1) {
    throw new KeraflowError(`setThreads(${count}): the wasm backend runs tfjs's build without threads, which cannot add them while it runs; set KERAFLOW_THREADS=${threads} before Keraflow starts`, {
      argument: 'threads',
      expected: 'a wasm backend started with threads',
      given: String(count),
    });
  }
}

/**
 * Data-parallel training (training/parallel/) runs its replicas on the
 * threads asked for, one of them this thread: while they run, this thread's
 * kernels lend their threads to them and run on this one, so that N threads
 * are busy rather than 2N - 1 (the product helpers sit idle; XNNPACK's pool
 * switches at once to a new pool of one thread, the old pool's threads idle
 * in their workers). `takeBackPoolThreads` gives back the count asked for
 * when the replicas stop.
 */
export function lendPoolThreads(): void {
  if (!started || started.threads === 1) return;
  started.threads = 1;
  if (started.poolThreads > 1) {
    started.module.tfjs!.initWithThreadsCount(1);
    started.poolThreads = 1;
  }
}

export async function takeBackPoolThreads(): Promise<void> {
  if (!started) return;
  started.threads = requestedThreads();
  if (started.poolWanted && started.poolThreads !== started.threads) await resizePool(started, started.threads);
}

/**
 * Called by the wasm kernels that gain from XNNPACK's pool (tfjs's
 * convolutions and pooling) before they run: the first call gives the pool
 * the count Keraflow runs with. The pool takes preloaded workers at once;
 * when too few are left, it grows once more have loaded.
 */
export function poolKernelRuns(): void {
  if (!started || started.poolWanted) return;
  started.poolWanted = true;
  if (started.threads === started.poolThreads) return;
  const run = started;
  if (run.module.PThread.unusedWorkers.length >= run.threads - 1) {
    run.module.tfjs!.initWithThreadsCount(run.threads);
    run.poolThreads = Number(run.module.tfjs!.getThreadsCount());
    letProcessExit(run.module);
  } else {
    void resizePool(run, run.threads).catch(() => undefined);
  }
}

/** tfjs's running wasm backend, when it has started. */
function wasmBackend(): { wasm: { tfjs: Record<string, (...args: unknown[]) => unknown> } & Partial<ThreadedModule> } | undefined {
  return 'wasm' in tf.engine().registry ? (tf.engine().registry.wasm as unknown as ReturnType<typeof wasmBackend>) : undefined;
}

/**
 * A new pool of `threads` threads. tfjs exports no way to stop the old pool:
 * its threads stay idle in their workers, so each change takes workers; more
 * are loaded first when the module's own are taken (a pool waiting for a
 * worker that is still loading would wait for ever).
 */
async function resizePool(run: NonNullable<typeof started>, threads: number): Promise<void> {
  const { PThread } = run.module;
  const missing = threads - 1 - PThread.unusedWorkers.length;
  if (missing > 0) {
    await Promise.all(
      Array.from(
        { length: missing },
        () =>
          new Promise<void>((resolve) => {
            PThread.allocateUnusedWorker();
            PThread.loadWasmModuleToWorker(PThread.unusedWorkers[PThread.unusedWorkers.length - 1], resolve);
          }),
      ),
    );
  }
  run.module.tfjs!.initWithThreadsCount(threads);
  run.poolThreads = Number(run.module.tfjs!.getThreadsCount());
  letProcessExit(run.module);
}

/** In Node, emscripten keeps a worker that runs a thread referenced: the pool's idle threads would keep the process from exiting. */
function letProcessExit(module: ThreadedModule): void {
  for (const worker of module.PThread.runningWorkers) worker.unref?.();
}

/** How long the threaded build may take to start its workers before Keraflow runs wasm on one thread instead. */
const START_TIMEOUT_MS = 120_000;

/**
 * Starts the threaded build with emscripten's own loader, changing two
 * things: the binary comes from the platform's loader, and the core count the
 * C++ side reads once at start-up (it caps the pool at half of it) is twice
 * MAX_THREADS, so that the pool takes the size asked for. A worker that fails
 * rejects (emscripten would throw it on the event loop).
 */
async function startThreadedModule(platform: ThreadedWasmLoader): Promise<ThreadedModule> {
  const { factory, binary, workerScript, mainScript } = await platform.files();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<ThreadedModule>((resolve, reject) => {
    // Emscripten unreferences its workers: without this timer a stuck start would end the process silently.
    timer = setTimeout(() => reject(new Error(`its workers did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const settings: Record<string, unknown> = {
      locateFile: (name: string) => (name.endsWith('.worker.js') ? workerScript : name),
      mainScriptUrlOrBlob: mainScript,
      instantiateWasm(imports: { env: Record<string, unknown> }, receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        imports.env.emscripten_num_logical_cores = () => 2 * MAX_THREADS;
        WebAssembly.instantiate(binary, imports as unknown as WebAssembly.Imports).then(({ instance, module }) => {
          receiveInstance(instance, module);
          for (const worker of (settings as unknown as ThreadedModule).PThread.unusedWorkers) {
            worker.onerror = (error) => reject(new Error(`a worker failed: ${(error as Error)?.message ?? String(error)}`));
          }
        }, reject);
        return {};
      },
      onAbort: (reason: unknown) => reject(new Error(String(reason))),
      print: () => {},
      printErr: () => {},
    };
    factory(settings).then(resolve, reject);
  }).finally(() => clearTimeout(timer));
}

/** The wasm bridge tfjs's own start-up adds to the module (tfjs-backend-wasm 4.22, backend_wasm.ts). */
function addTfjsBridge(module: ThreadedModule): void {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

let installed = false;

/**
 * Before the wasm backend first starts: with a platform loader, registers a
 * 'wasm' backend that starts the threaded build with the count asked for, and
 * falls back to tfjs's own start-up (one thread) when it cannot; without one,
 * tells tfjs the count (it starts threads in cross-origin-isolated pages).
 */
export function prepareWasmThreads(): void {
  if (installed || wasmBackend()) return;
  const threads = requestedThreads(); // a bad KERAFLOW_THREADS throws here, before anything is installed
  installed = true;
  setThreadsCount(threads);
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const platform = loader ?? (inBrowser() && isolated ? browserThreadedWasm : undefined);
  if (!platform) {
    if (threads > 1 && inBrowser()) oneThreadReason = 'threads need a cross-origin-isolated page (COOP and COEP headers)';
    return;
  }
  const shipped = (tf.engine().registryFactory as Record<string, { factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number }>).wasm;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      if (threads > 1) {
        try {
          const module = await startThreadedModule(platform);
          addTfjsBridge(module);
          // XNNPACK's pool starts at one thread (see the top of this file): tfjs's init reads the count set here.
          setThreadsCount(1);
          const backend = new BackendWasm(module as never);
          started = { module, threads, poolThreads: Number(module.tfjs!.getThreadsCount()), poolWanted: false };
          letProcessExit(module);
          return backend;
        } catch (error) {
          oneThreadReason = `the threaded build did not start (${error instanceof Error ? error.message : String(error)})`;
        }
      }
      setThreadsCount(1);
      return shipped.factory();
    },
    shipped.priority,
  );
}

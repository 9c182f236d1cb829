/**
 * Helper threads for the matrix products (gemm.ts): workers that instantiate
 * the product module on the wasm backend's own shared memory (the threaded
 * build's) and compute a range of an output's rows or columns while this
 * thread computes the rest. A job passes through a small shared control
 * block (state and arguments) with Atomics: no messages, no copies. Between
 * jobs a helper spins for a moment (the products of a training step come in
 * quick succession) and then sleeps until woken.
 *
 * Workers come from the platform: Node's worker_threads (helpers-node.ts,
 * provided by runtime/node-setup.ts), or a page's Worker from a `blob:` URL.
 */
import { spinUntil } from '../../../spin-until.ts';

/** Control block slots: the state, the function (0 nn, 1 nt), then its arguments; after them, a float64: when the last job ended. */
const STATE = 0;
const FUNCTION = 1;
const ARGUMENTS = 2;
const CONTROL_SLOTS = 16;
const CONTROL_BYTES = CONTROL_SLOTS * 4 + 8;

/** A helper's states; before READY the block holds 0: its worker has not instantiated the module yet. */
const READY = 1;
const JOB = 2;
const DONE = 3;
const FAILED = 4;
const STOP = 5;

/** What a helper's worker receives. */
export interface HelperData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  control: SharedArrayBuffer;
}

/** Starts a worker running `script` with `data`; returns how to stop it. */
export type HelperStart = (script: string, data: HelperData) => { stop(): void };

/** How long a helper keeps polling for its next job before it sleeps. */
const SPIN_MS = 0.5;

/**
 * The helper's script, self-contained (it runs as a Node eval worker or a
 * page's blob worker): instantiate, say READY, then run jobs until STOP.
 */
const HELPER_SCRIPT = `(function () {
  function run(data) {
    var control = new Int32Array(data.control, 0, ${CONTROL_SLOTS});
    var endedAt = new Float64Array(data.control, ${CONTROL_SLOTS * 4}, 1);
    var kernels;
    try {
      kernels = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports;
    } catch (error) {
      Atomics.store(control, ${STATE}, ${FAILED});
      Atomics.notify(control, ${STATE});
      return;
    }
    Atomics.store(control, ${STATE}, ${READY});
    Atomics.notify(control, ${STATE});
    for (;;) {
      var state = Atomics.load(control, ${STATE});
      var until = performance.now() + ${SPIN_MS};
      while (state !== ${JOB} && state !== ${STOP} && performance.now() < until) state = Atomics.load(control, ${STATE});
      while (state !== ${JOB} && state !== ${STOP}) {
        Atomics.wait(control, ${STATE}, state);
        state = Atomics.load(control, ${STATE});
      }
      if (state === ${STOP}) return;
      var a = control.subarray(${ARGUMENTS});
      try {
        (control[${FUNCTION}] === 0 ? kernels.nn : kernels.nt)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
        endedAt[0] = performance.timeOrigin + performance.now();
        Atomics.store(control, ${STATE}, ${DONE});
      } catch (error) {
        Atomics.store(control, ${STATE}, ${FAILED});
      }
      Atomics.notify(control, ${STATE});
    }
  }
  if (typeof require === 'function') run(require('node:worker_threads').workerData);
  else self.onmessage = function (event) { run(event.data); };
})();
`;

/** A page's (or a worker's) worker from a `blob:` URL; Node has no global Worker and provides its own start. */
const browserStart: HelperStart | undefined =
  typeof (globalThis as { Worker?: unknown }).Worker === 'function' && typeof URL.createObjectURL === 'function'
    ? (script, data) => {
        const url = URL.createObjectURL(new Blob([script], { type: 'application/javascript' }));
        const worker = new Worker(url);
        worker.postMessage(data);
        URL.revokeObjectURL(url);
        return { stop: () => worker.terminate() };
      }
    : undefined;

let platformStart: HelperStart | undefined;

/** Called by runtime/node-setup.ts. */
export function provideGemmHelpers(start: HelperStart): void {
  platformStart = start;
}

/** One helper thread: its control block, once its worker has started. */
export class Helper {
  private readonly buffer = new SharedArrayBuffer(CONTROL_BYTES);
  readonly control = new Int32Array(this.buffer, 0, CONTROL_SLOTS);
  private readonly endedAt = new Float64Array(this.buffer, CONTROL_SLOTS * 4, 1);
  private readonly worker: { stop(): void };

  constructor(start: HelperStart, memory: WebAssembly.Memory, module: WebAssembly.Module) {
    this.worker = start(HELPER_SCRIPT, { memory, module, control: this.buffer });
  }

  /** When its last job ended, on this thread's `performance.now()` clock. */
  get lastEnd(): number {
    return this.endedAt[0] - performance.timeOrigin;
  }

  /** Ready for a job (its worker started and is not running one). */
  get idle(): boolean {
    const state = Atomics.load(this.control, STATE);
    return state === READY || state === DONE;
  }

  get failed(): boolean {
    return Atomics.load(this.control, STATE) === FAILED;
  }

  /** Starts `kernel` (0 nn, 1 nt) with `args` on the helper. */
  post(kernel: 0 | 1, args: readonly number[]): void {
    this.control[FUNCTION] = kernel;
    this.control.set(args, ARGUMENTS);
    Atomics.store(this.control, STATE, JOB);
    Atomics.notify(this.control, STATE);
  }

  /**
   * Waits for the job posted last: true when it is done, false when the
   * helper failed or took longer than `timeoutMs`. Polls first (the parts
   * are sized to end together; waking from a sleep costs ~0.1 ms here).
   */
  finish(timeoutMs: number): boolean {
    const ended = () => Atomics.load(this.control, STATE) !== JOB;
    if (!spinUntil(SPIN_MS, ended)) {
      const until = performance.now() + timeoutMs;
      while (!ended()) {
        if (performance.now() > until) return false;
        if (canWait) {
          try {
            Atomics.wait(this.control, STATE, JOB, 1);
          } catch {
            canWait = false; // a page's main thread may not wait: poll
          }
        }
      }
    }
    return Atomics.load(this.control, STATE) === DONE;
  }

  stop(): void {
    Atomics.store(this.control, STATE, STOP);
    Atomics.notify(this.control, STATE);
    this.worker.stop();
  }
}

let canWait = true;

/** Starts `count` helpers on `memory`, or none where the platform has no workers. */
export function startHelpers(count: number, memory: WebAssembly.Memory, module: WebAssembly.Module): Helper[] {
  const start = platformStart ?? browserStart;
  if (!start) return [];
  const helpers: Helper[] = [];
  for (let i = 0; i < count; i++) {
    try {
      helpers.push(new Helper(start, memory, module));
    } catch {
      break; // no more workers: the products run on fewer threads
    }
  }
  return helpers;
}

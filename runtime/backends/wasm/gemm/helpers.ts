/**
 * Helper threads for the matrix products (gemm.ts): workers that instantiate
 * the product module on the wasm backend's own shared memory (the threaded
 * build's) and compute chunks of an output's columns (or rows) while this
 * thread computes others. A product's chunks are claimed from a shared
 * board: this thread takes them from the first, helpers from the last, so a
 * helper that starts late (its core given to another thread for a moment)
 * takes fewer, and each thread mostly keeps the same side of a weight
 * matrix from one step to the next. A job passes through a small shared
 * control block with Atomics: no messages, no copies. Between jobs a helper
 * spins for a moment (the products of a training step come in quick
 * succession) and then sleeps until woken.
 *
 * Workers come from the platform: Node's worker_threads (helpers-node.ts,
 * provided by runtime/node-setup.ts), or a page's Worker from a `blob:` URL.
 */
import { spinUntil } from '../../../spin-until.ts';

/**
 * Control block slots: the state, the function (0 nn, 1 nt), the split (0
 * rows, 1 columns), the chunk size, the split dimension's extent, where the
 * kernel's row range starts in its arguments, the chunks this helper has
 * computed, then the kernel's arguments.
 */
const STATE = 0;
const FUNCTION = 1;
const BY_COLUMNS = 2;
const CHUNK = 3;
const EXTENT = 4;
const RANGE_AT = 5;
const CHUNKS_DONE = 6;
const ARGUMENTS = 7;
const CONTROL_SLOTS = ARGUMENTS + 13;

/**
 * A helper's states; before READY the block holds 0: its worker has not
 * instantiated the module yet. RUNNING: it took the job (from then on this
 * thread waits for it); a job still at JOB can be taken back (READY).
 */
const READY = 1;
const JOB = 2;
const RUNNING = 3;
const DONE = 4;
const FAILED = 5;
const STOP = 6;

/** What a helper's worker receives. */
export interface HelperData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  control: SharedArrayBuffer;
  /** The chunks still to compute: one int32, the first in its low 16 bits, the end in its high 16 bits. */
  board: SharedArrayBuffer;
}

/** Starts a worker running `script` with `data`; returns how to stop it. */
export type HelperStart = (script: string, data: HelperData) => { stop(): void };

/** How long a helper keeps polling for its next job before it sleeps. */
const SPIN_MS = 0.5;

/**
 * The helper's script, self-contained (it runs as a Node eval worker or a
 * page's blob worker): instantiate, say READY, then run jobs until STOP,
 * each job claiming chunks from the end of the board until none is left.
 */
const HELPER_SCRIPT = `(function () {
  function run(data) {
    var control = new Int32Array(data.control, 0, ${CONTROL_SLOTS});
    var board = new Int32Array(data.board, 0, 1);
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
      // Taken back by the product's thread, which computed every chunk meanwhile.
      if (Atomics.compareExchange(control, ${STATE}, ${JOB}, ${RUNNING}) !== ${JOB}) continue;
      var args = Array.prototype.slice.call(control, ${ARGUMENTS}, ${CONTROL_SLOTS});
      var kernel = control[${FUNCTION}] === 0 ? kernels.nn : kernels.nt;
      var at = control[${RANGE_AT}] + (control[${BY_COLUMNS}] ? 2 : 0);
      var size = control[${CHUNK}];
      var extent = control[${EXTENT}];
      try {
        for (;;) {
          var claim = Atomics.load(board, 0);
          var first = claim & 0xffff;
          var end = claim >>> 16;
          if (first >= end) break;
          if (Atomics.compareExchange(board, 0, claim, first | ((end - 1) << 16)) !== claim) continue;
          args[at] = (end - 1) * size;
          args[at + 1] = Math.min(extent, end * size);
          kernel.apply(null, args);
          control[${CHUNKS_DONE}]++;
        }
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

/** How a product's chunks are laid out for the helpers: see gemm.ts. */
export interface ChunkedJob {
  /** 0: nn, 1: nt. */
  kernel: 0 | 1;
  /** The kernel's arguments for the whole product (each chunk sets its range). */
  args: readonly number[];
  /** Where the kernel's row range (i0, i1) starts in `args`; the column range follows it. */
  rangeAt: number;
  byColumns: boolean;
  size: number;
  extent: number;
}

/** One helper thread: its control block, once its worker has started. */
export class Helper {
  readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly worker: { stop(): void };

  constructor(start: HelperStart, memory: WebAssembly.Memory, module: WebAssembly.Module, board: SharedArrayBuffer) {
    this.worker = start(HELPER_SCRIPT, { memory, module, control: this.control.buffer as SharedArrayBuffer, board });
  }

  /** Ready for a job (its worker started and is not running one). */
  get idle(): boolean {
    const state = Atomics.load(this.control, STATE);
    return state === READY || state === DONE;
  }

  get failed(): boolean {
    return Atomics.load(this.control, STATE) === FAILED;
  }

  /** The chunks it has computed so far. */
  get chunksDone(): number {
    return Atomics.load(this.control, CHUNKS_DONE);
  }

  /** Offers `job`: the helper claims chunks from the board's end until none is left. */
  post(job: ChunkedJob): void {
    this.control[FUNCTION] = job.kernel;
    this.control[BY_COLUMNS] = job.byColumns ? 1 : 0;
    this.control[CHUNK] = job.size;
    this.control[EXTENT] = job.extent;
    this.control[RANGE_AT] = job.rangeAt;
    this.control.set(job.args, ARGUMENTS);
    Atomics.store(this.control, STATE, JOB);
    Atomics.notify(this.control, STATE);
  }

  /** Takes back a job the helper has not started: true when it had not (it will not touch the product). */
  takeBack(): boolean {
    return Atomics.compareExchange(this.control, STATE, JOB, READY) === JOB;
  }

  /**
   * Waits for the job it took: true when it is done, false when the helper
   * failed or took longer than `timeoutMs`. Polls first (waking from a
   * sleep costs ~0.1 ms here).
   */
  finish(timeoutMs: number): boolean {
    const ended = () => {
      const state = Atomics.load(this.control, STATE);
      return state !== JOB && state !== RUNNING;
    };
    if (!spinUntil(SPIN_MS, ended)) {
      const until = performance.now() + timeoutMs;
      while (!ended()) {
        if (performance.now() > until) return false;
        if (canWait) {
          try {
            Atomics.wait(this.control, STATE, RUNNING, 1);
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
export function startHelpers(count: number, memory: WebAssembly.Memory, module: WebAssembly.Module, board: SharedArrayBuffer): Helper[] {
  const start = platformStart ?? browserStart;
  if (!start) return [];
  const helpers: Helper[] = [];
  for (let i = 0; i < count; i++) {
    try {
      helpers.push(new Helper(start, memory, module, board));
    } catch {
      break; // no more workers: the products run on fewer threads
    }
  }
  return helpers;
}

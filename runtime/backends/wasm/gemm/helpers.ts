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
import { UPDATE_RULES } from '../../../training/optimizers/update-rules.ts';
import { spinUntil } from '../../../spin-until.ts';

/**
 * Control block slots: the state, the function (an index in KERNEL_NAMES),
 * the split (0 rows, 1 columns), the chunk size, the split dimension's
 * extent, where the function's row range starts in its integer arguments
 * (the column range follows it), the chunks this helper has computed, how
 * many integer and float arguments, then those arguments (floats as float32
 * bits).
 */
const STATE = 0;
const FUNCTION = 1;
const BY_COLUMNS = 2;
const CHUNK = 3;
const EXTENT = 4;
const RANGE_AT = 5;
const CHUNKS_DONE = 6;
const INT_COUNT = 7;
const FLOAT_COUNT = 8;
const INTS = 9;
const MAX_INTS = 16;
const FLOATS = INTS + MAX_INTS;
const MAX_FLOATS = 8;
const CONTROL_SLOTS = FLOATS + MAX_FLOATS;

/** The module's functions a helper runs: the products and the optimizers' updates. */
const KERNEL_NAMES = ['nn', 'nt', ...Object.keys(UPDATE_RULES)];

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
  /** The chunks still to claim (see newBoard). */
  board: SharedArrayBuffer;
}

/**
 * A job's board: one int32, the first chunk not yet claimed in its low 16
 * bits, the end of the chunks in its high 16 bits. This thread claims from
 * the first (claimFirst), helpers from the end (the script below).
 */
export function newBoard(): Int32Array {
  return new Int32Array(typeof SharedArrayBuffer === 'undefined' ? new ArrayBuffer(4) : new SharedArrayBuffer(4));
}

/** Puts chunks 0 to `chunks` - 1 on `board`. */
export function openBoard(board: Int32Array, chunks: number): void {
  Atomics.store(board, 0, chunks << 16);
}

/** Claims the board's first chunk: its index, or -1 when none is left. */
export function claimFirst(board: Int32Array): number {
  for (;;) {
    const claim = Atomics.load(board, 0);
    const [first, end] = [claim & 0xffff, claim >>> 16];
    if (first >= end) return -1;
    if (Atomics.compareExchange(board, 0, claim, (first + 1) | (end << 16)) === claim) return first;
  }
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
    var floats = new Float32Array(data.control, ${FLOATS * 4}, ${MAX_FLOATS});
    var names = ${JSON.stringify(KERNEL_NAMES)};
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
      var args = Array.prototype.slice.call(control, ${INTS}, ${INTS} + control[${INT_COUNT}]);
      var floatArgs = Array.prototype.slice.call(floats, 0, control[${FLOAT_COUNT}]);
      var kernel = kernels[names[control[${FUNCTION}]]];
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
          kernel.apply(null, args.concat(floatArgs));
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

/** A function of the module over chunks of its output (see gemm.ts). */
export interface ChunkedJob {
  /** The module's function: nn, nt, or an update rule's name. */
  kernel: string;
  /** Its integer arguments for the whole output (each chunk sets its range in them). */
  ints: readonly number[];
  /** Its float arguments, after the integers. */
  floats: readonly number[];
  /** Where the row range (i0, i1) starts in `ints`; the column range (j0, j1) follows it. */
  rangeAt: number;
  byColumns: boolean;
  size: number;
  extent: number;
}

/** One helper thread: its control block, once its worker has started. */
export class Helper {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
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
    if (job.ints.length > MAX_INTS || job.floats.length > MAX_FLOATS) throw new Error(`${job.kernel}: more arguments than a helper's control block holds`);
    this.control[FUNCTION] = KERNEL_NAMES.indexOf(job.kernel);
    this.control[BY_COLUMNS] = job.byColumns ? 1 : 0;
    this.control[CHUNK] = job.size;
    this.control[EXTENT] = job.extent;
    this.control[RANGE_AT] = job.rangeAt;
    this.control[INT_COUNT] = job.ints.length;
    this.control[FLOAT_COUNT] = job.floats.length;
    this.control.set(job.ints, INTS);
    new Float32Array(this.control.buffer, FLOATS * 4, MAX_FLOATS).set(job.floats);
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

/**
 * Matrix products on the wasm backend's heap with Keraflow's own kernels
 * (wat.ts: SIMD, operands read where they are, no packing), split across
 * the threads asked for: the output's columns (or rows, for a narrow
 * output) are cut into chunks that this thread claims from the first and
 * helper threads (helpers.ts) from the last, so a thread that starts late
 * or runs slower computes fewer. Every output value is one thread's sum in
 * the same order whatever the split, so results do not depend on the thread
 * count, nor on who computed which chunk.
 *
 * Helpers need the threaded build's shared memory; on the plain build, or
 * before helpers have started, a product runs on this thread alone.
 */
import { threadCount } from '../../wasm-threads.ts';
import { GEMM_WASM } from './binary.ts';
import { type ChunkedJob, claimFirst, type Helper, newBoard, openBoard, startHelpers } from './helpers.ts';
import { type ModuleKernels, scalarKernels } from './scalar.ts';
import type { UpdateRuleName } from '../../../training/optimizers/update-rules.ts';

interface Engine {
  kernels: ModuleKernels;
  /** The compiled module, for helpers; undefined where WebAssembly lacks SIMD (the kernels are then scalar.ts's). */
  module?: WebAssembly.Module;
  shared: boolean;
  helpers?: Helper[];
  /** The chunks still to claim in the product being computed (helpers.ts). */
  board: Int32Array;
  /** Products split so far (offered to helpers). */
  splits: number;
  /** A helper failed (its worker did not start, or a job threw): products stay on this thread from then on. */
  helpersFailed?: boolean;
}

const engines = new WeakMap<WebAssembly.Memory, Engine>();

/**
 * Below this many multiply-adds (~0.2 ms) a product runs on this thread alone: handing a part to a helper and
 * moving operands between cores cost more (measured on fresh operands: 1 M 0.85-0.96x, 2 M 1.07x, 4 M 1.37x).
 */
const SPLIT_FROM = 1 << 22;
/** A helper that has not finished this long after this thread finished its part is taken for dead. */
const HELPER_TIMEOUT_MS = 60_000;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function engine(memory: WebAssembly.Memory): Engine {
  let found = engines.get(memory);
  if (!found) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = decode(shared ? GEMM_WASM.shared : GEMM_WASM.plain) as BufferSource;
    if (WebAssembly.validate(bytes)) {
      const module = new WebAssembly.Module(bytes);
      found = { kernels: new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ModuleKernels, module, shared, board: newBoard(), splits: 0 };
    } else {
      found = { kernels: scalarKernels(memory), shared, board: newBoard(), splits: 0 };
    }
    engines.set(memory, found);
  }
  return found;
}

/** The helpers that may take a part now: started on first need (the threads asked, less this one), idle. */
function availableHelpers(memory: WebAssembly.Memory, found: Engine): Helper[] {
  const wanted = threadCount() - 1;
  if (!found.shared || !found.module || found.helpersFailed || wanted < 1) return [];
  found.helpers ??= [];
  if (found.helpers.length < wanted) found.helpers.push(...startHelpers(wanted - found.helpers.length, memory, found.module, found.board.buffer as SharedArrayBuffer));
  if (found.helpers.some((helper) => helper.failed)) {
    stopHelpers(found);
    return [];
  }
  return found.helpers.slice(0, wanted).filter((helper) => helper.idle);
}

/** Stops every helper of `found` for good (one failed: the others may fail alike, and a product must not wait on them). */
function stopHelpers(found: Engine): void {
  found.helpersFailed = true;
  for (const helper of found.helpers ?? []) helper.stop();
}

/**
 * A product C = op(A)·op(B) (+ bias) of byte addresses on `memory`:
 * `nn` with B stored [k, n] and A(i, k) at a + i·aRow + k·aK (byte
 * strides); `nt` with B stored [n, k] and A stored [m, k] (lda elements).
 */
export type Product =
  | { kind: 'nn'; a: number; b: number; c: number; bias: number; aRow: number; aK: number; ldb: number; ldc: number; m: number; k: number; n: number }
  | { kind: 'nt'; a: number; b: number; c: number; bias: number; lda: number; ldb: number; ldc: number; m: number; k: number; n: number };

/** Where `kernelArguments` puts i0 (i1, j0, j1 follow it), by kind. */
const RANGE_AT = { nn: 8, nt: 7 } as const;

/** The arguments of the kernel `product.kind` for rows [i0, i1) and columns [j0, j1) (wat.ts's and scalar.ts's order). */
export function kernelArguments(product: Product, i0: number, i1: number, j0: number, j1: number): number[] {
  return product.kind === 'nn'
    ? [product.a, product.b, product.c, product.bias, product.aRow, product.aK, product.ldb, product.ldc, i0, i1, j0, j1, product.k]
    : [product.a, product.b, product.c, product.bias, product.lda, product.ldb, product.ldc, i0, i1, j0, j1, product.k];
}

/**
 * Multiply-adds a helper must do for each float it reads (its operands were
 * mostly written by this thread, and cross to the helper's core): below
 * this a split loses. Measured: a convolution's filter gradient with 9×32
 * outputs over 43,264 positions (6 by columns) ran 2.4 ms alone, 3.1 split;
 * an MLP's 128×512 outputs (85 by columns) split 1.4-1.9x faster.
 */
const MIN_INTENSITY = 16;

/**
 * How to split an m × n output among `parts` threads: by columns where each
 * part keeps two 8-wide tiles or more, else by rows where each keeps two
 * 4-row tiles, else not at all; `worth` may refuse a way (a product that
 * reads too much per multiply-add).
 */
function splitOf(m: number, n: number, parts: number, worth: (byColumns: boolean) => boolean = () => true): 'columns' | 'rows' | undefined {
  if (n >= 16 * parts && worth(true)) return 'columns';
  if (m >= 8 * parts && worth(false)) return 'rows';
  return undefined;
}

/**
 * Whether a part of an m × n product reads little enough per multiply-add
 * to split that way. By columns (measured faster than rows even where rows
 * read less: a 288 × 64 filter gradient over 7,744 positions, 6.9 against
 * 9.7 ms) a part reads all of A (m·k) and its share of B (k·n/parts) for
 * m·n·k/parts multiply-adds; by rows likewise.
 */
function productWorthSplitting(m: number, n: number, parts: number): (byColumns: boolean) => boolean {
  return (byColumns) => (m * n) / parts / (byColumns ? m + n / parts : m / parts + n) >= MIN_INTENSITY;
}

/**
 * Chunks a split product is cut into, per thread: enough that a helper
 * starting late (or a slower core) leaves its unclaimed chunks to this
 * thread, few enough that each still spans whole tiles.
 */
const CHUNKS_PER_THREAD = 4;

/** Computes `product` on `memory` (k = 0 leaves the bias, or zeros). */
export function multiply(memory: WebAssembly.Memory, product: Product): void {
  const { m, n, k } = product;
  if (m === 0 || n === 0) return;
  const found = engine(memory);
  if (k === 0) {
    fillBias(memory, product);
    return;
  }
  const helpers = m * n * k >= SPLIT_FROM ? availableHelpers(memory, found) : [];
  const parts = helpers.length + 1;
  const split = helpers.length > 0 ? splitOf(m, n, parts, productWorthSplitting(m, n, parts)) : undefined;
  const ints = kernelArguments(product, 0, m, 0, n);
  if (!split) {
    (found.kernels[product.kind] as (...args: number[]) => void)(...ints);
    return;
  }
  const byColumns = split === 'columns';
  runChunked(found, helpers, { kernel: product.kind, ints, floats: [], rangeAt: RANGE_AT[product.kind], byColumns, extent: byColumns ? n : m });
}

/**
 * Runs `job` over chunks of whole tiles (8 columns, or 4 rows): this thread
 * claims them from the first, `helpers` from the last. Every element is
 * computed by one thread with the same operations, so who computed which
 * chunk does not change a bit.
 */
function runChunked(found: Engine, helpers: Helper[], job: Omit<ChunkedJob, 'size'>): void {
  const unit = job.byColumns ? 8 : 4;
  const size = Math.ceil(job.extent / (CHUNKS_PER_THREAD * (helpers.length + 1)) / unit) * unit;
  openBoard(found.board, Math.ceil(job.extent / size));
  found.splits++;
  for (const helper of helpers) helper.post({ ...job, size });
  const kernel = found.kernels[job.kernel as keyof ModuleKernels] as (...args: number[]) => void;
  const ints = [...job.ints];
  const at = job.rangeAt + (job.byColumns ? 2 : 0);
  for (let chunk = claimFirst(found.board); chunk >= 0; chunk = claimFirst(found.board)) {
    ints[at] = chunk * size;
    ints[at + 1] = Math.min(job.extent, (chunk + 1) * size);
    kernel(...ints, ...job.floats);
  }
  // A helper that has not started is taken back; one that has is waited for (it finishes the chunk it claimed).
  const failed = helpers.filter((helper) => !helper.takeBack() && !helper.finish(HELPER_TIMEOUT_MS));
  if (failed.length > 0) {
    // A failed (or dead) helper's chunks are unknown: this thread computes the whole again, the same bits.
    stopHelpers(found);
    kernel(...job.ints, ...job.floats);
  }
}

/** Below this many elements an optimizer's update runs on this thread alone (~30 µs of work). */
const UPDATE_SPLIT_FROM = 1 << 16;

/**
 * Rule `rule` (update-rules.ts) over a tensor of `shape`: the byte
 * addresses of its tensors and of its outputs (new tensors, none of them an
 * input), and its coefficients, in the rule's orders. Split as the products
 * split a weight matrix: by its columns (the last axis; by rows when too
 * narrow), each thread from the same end as in the products, so each
 * updates the part it multiplied.
 */
export function update(memory: WebAssembly.Memory, rule: UpdateRuleName, tensors: readonly number[], outputs: readonly number[], shape: readonly number[], coefficients: readonly number[]): void {
  const found = engine(memory);
  const columns = shape.length === 0 ? 1 : shape[shape.length - 1];
  const rows = shape.slice(0, -1).reduce((product, size) => product * size, 1);
  if (rows * columns === 0) return;
  const ints = [...tensors, ...outputs, 0, rows, 0, columns, columns];
  const helpers = rows * columns >= UPDATE_SPLIT_FROM ? availableHelpers(memory, found) : [];
  const split = helpers.length > 0 ? splitOf(rows, columns, helpers.length + 1) : undefined;
  if (!split) {
    (found.kernels[rule] as (...args: number[]) => void)(...ints, ...coefficients);
    return;
  }
  const byColumns = split === 'columns';
  runChunked(found, helpers, { kernel: rule, ints, floats: coefficients, rangeAt: tensors.length + outputs.length, byColumns, extent: byColumns ? columns : rows });
}

function fillBias(memory: WebAssembly.Memory, product: Product): void {
  const f32 = new Float32Array(memory.buffer);
  for (let i = 0; i < product.m; i++) {
    const row = (product.c >>> 2) + i * product.ldc;
    if (product.bias) f32.set(f32.subarray(product.bias >>> 2, (product.bias >>> 2) + product.n), row);
    else f32.fill(0, row, row + product.n);
  }
}

/** The helper threads working on `memory`, the chunks of products they have computed, and the products split (benchmarks, tests). */
export function productHelpers(memory: WebAssembly.Memory): { threads: number; parts: number; splits: number } {
  const found = engines.get(memory);
  const helpers = found?.helpers ?? [];
  return { threads: found?.helpersFailed ? 0 : helpers.length, parts: helpers.reduce((sum, helper) => sum + helper.chunksDone, 0), splits: found?.splits ?? 0 };
}

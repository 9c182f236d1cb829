/**
 * Matrix products on the wasm backend's heap with Keraflow's own kernels
 * (wat.ts: SIMD, operands read where they are, no packing), split across
 * the threads asked for: this thread and helper threads (helpers.ts) each
 * compute a range of the output's columns (or rows, for a narrow output).
 * Every output value is one thread's sum in the same order whatever the
 * split, so results do not depend on the thread count.
 *
 * Helpers need the threaded build's shared memory; on the plain build, or
 * before helpers have started, a product runs on this thread alone.
 */
import { threadCount } from '../../wasm-threads.ts';
import { GEMM_WASM } from './binary.ts';
import { type Helper, startHelpers } from './helpers.ts';
import { type ModuleKernels, scalarKernels } from './scalar.ts';
import type { UpdateRuleName } from '../../../training/optimizers/update-rules.ts';

interface Engine {
  kernels: ModuleKernels;
  /** The compiled module, for helpers; undefined where WebAssembly lacks SIMD (the kernels are then scalar.ts's). */
  module?: WebAssembly.Module;
  shared: boolean;
  helpers?: Helper[];
  /** Parts computed by helpers so far. */
  helperParts: number;
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
      found = { kernels: new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ModuleKernels, module, shared, helperParts: 0 };
    } else {
      found = { kernels: scalarKernels(memory), shared, helperParts: 0 };
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
  if (found.helpers.length < wanted) found.helpers.push(...startHelpers(wanted - found.helpers.length, memory, found.module));
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
 * part keeps two 8-wide tiles or more and reads little enough per
 * multiply-add (measured faster than rows even where rows read less: a
 * 288 × 64 filter gradient over 7,744 positions, 6.9 against 9.7 ms), else
 * by rows on the same condition, else not at all.
 */
function splitOf(m: number, n: number, parts: number): 'columns' | 'rows' | undefined {
  // A part of the columns reads all of A (m·k) and its share of B (k·n/parts) for m·n·k/parts multiply-adds; rows likewise.
  if (n >= 16 * parts && (m * n) / parts / (m + n / parts) >= MIN_INTENSITY) return 'columns';
  if (m >= 8 * parts && (m * n) / parts / (m / parts + n) >= MIN_INTENSITY) return 'rows';
  return undefined;
}

/**
 * Ranges of `size` in proportion to `weights` (one a thread), each a
 * multiple of `unit` but the last; a thread may get an empty range.
 */
function ranges(size: number, weights: readonly number[], unit: number): [number, number][] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const out: [number, number][] = [];
  let start = 0;
  let cumulative = 0;
  weights.forEach((weight, index) => {
    cumulative += weight;
    const end = index === weights.length - 1 ? size : Math.min(size, Math.round((size * cumulative) / total / unit) * unit);
    out.push([start, Math.max(start, end)]);
    start = Math.max(start, end);
  });
  return out;
}

/**
 * Each thread's share of a split product, by kind, shape and split, learnt
 * from the threads' own times: a helper's part often runs slower (its
 * operands were written on this thread's core and cross to its own), so
 * equal parts left this thread waiting. After each split product the shares
 * move toward the threads' measured rates.
 */
const shares = new Map<string, number[]>();
const SHARE_KEYS = 256;
/** How far one product's times move the shares. */
const SHARE_STEP = 0.3;

function sharesFor(key: string, threads: number): number[] {
  let found = shares.get(key);
  if (!found || found.length !== threads) {
    if (shares.size >= SHARE_KEYS) shares.clear();
    found = new Array(threads).fill(1 / threads);
    shares.set(key, found);
  }
  return found;
}

/** Moves `current` toward the shares that would have made every part end together. */
function learnShares(current: number[], sizes: number[], times: number[]): void {
  const rates = sizes.map((size, i) => (size > 0 && times[i] > 0 ? size / times[i] : 0));
  const total = rates.reduce((sum, rate) => sum + rate, 0);
  if (!(total > 0) || rates.some((rate) => rate === 0)) return;
  // No thread drops below a quarter of an equal share: a part that rounds to nothing is never timed again.
  const floor = 1 / (4 * current.length);
  current.forEach((share, i) => {
    current[i] = Math.max(floor, share + SHARE_STEP * (rates[i] / total - share));
  });
}

/** Computes `product` on `memory` (k = 0 leaves the bias, or zeros). */
export function multiply(memory: WebAssembly.Memory, product: Product): void {
  const { m, n, k } = product;
  if (m === 0 || n === 0) return;
  const found = engine(memory);
  const kernel = (product.kind === 'nn' ? found.kernels.nn : found.kernels.nt) as (...args: number[]) => void;
  const run = (args: number[]) => kernel(...args);
  if (k === 0) {
    fillBias(memory, product);
    return;
  }
  const helpers = m * n * k >= SPLIT_FROM ? availableHelpers(memory, found) : [];
  const split = helpers.length > 0 ? splitOf(m, n, helpers.length + 1) : undefined;
  if (!split) {
    run(kernelArguments(product, 0, m, 0, n));
    return;
  }
  const byColumns = split === 'columns';
  const weights = sharesFor(`${product.kind} ${m} ${k} ${n} ${split}`, helpers.length + 1);
  const parts = byColumns ? ranges(n, weights, 8) : ranges(m, weights, 4);
  const args = parts.map(([start, end]) => (byColumns ? kernelArguments(product, 0, m, start, end) : kernelArguments(product, start, end, 0, n)));
  const posted = helpers.slice(0, parts.length - 1);
  const started = performance.now();
  posted.forEach((helper, index) => helper.post(product.kind === 'nn' ? 0 : 1, args[index + 1]));
  found.helperParts += posted.length;
  run(args[0]);
  const times = [performance.now() - started];
  let finished = true;
  posted.forEach((helper, index) => {
    if (helper.finish(HELPER_TIMEOUT_MS)) {
      times.push(helper.lastEnd - started);
    } else {
      // A helper that failed (or died) leaves its part to this thread.
      finished = false;
      run(args[index + 1]);
    }
  });
  if (!finished) stopHelpers(found);
  if (finished)
    learnShares(
      weights,
      parts.map(([start, end]) => end - start),
      times,
    );
}

/**
 * Rule `rule` (update-rules.ts) over `length` elements, on this thread: the
 * byte addresses of its tensors and of its outputs (new tensors, none of
 * them an input), and its coefficients, in the rule's orders.
 */
export function update(memory: WebAssembly.Memory, rule: UpdateRuleName, tensors: readonly number[], outputs: readonly number[], length: number, coefficients: readonly number[]): void {
  engine(memory).kernels[rule](...tensors, ...outputs, 0, length, ...coefficients);
}

function fillBias(memory: WebAssembly.Memory, product: Product): void {
  const f32 = new Float32Array(memory.buffer);
  for (let i = 0; i < product.m; i++) {
    const row = (product.c >>> 2) + i * product.ldc;
    if (product.bias) f32.set(f32.subarray(product.bias >>> 2, (product.bias >>> 2) + product.n), row);
    else f32.fill(0, row, row + product.n);
  }
}

/** The helper threads working on `memory`, and the parts of products they have computed (benchmarks, tests). */
export function productHelpers(memory: WebAssembly.Memory): { threads: number; parts: number } {
  const found = engines.get(memory);
  return { threads: found?.helpersFailed ? 0 : (found?.helpers?.length ?? 0), parts: found?.helperParts ?? 0 };
}

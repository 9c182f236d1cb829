/**
 * BatchMatMul and _FusedMatMul for wasm that always reach XNNPACK.
 *
 * The shipped kernel uses XNNPACK only for one matrix by one matrix with no
 * transpose; anything else (a transposed operand, a batch) falls to a plain
 * C++ triple loop about 13x slower (128×784×512: 30 GFLOP/s plain, 2.1 with
 * transposeA, 2.4 with transposeB). Dense's backward pass uses exactly the
 * transposed forms (dx = dy·Wᵀ, dW = xᵀ·dy). Here a transposed operand is
 * copied transposed first (a tiled loop, O(n²) against the O(n³) multiply),
 * a batch is run one matrix at a time on views, and a batch broadcast
 * against one matrix becomes a single taller multiply.
 *
 * XNNPACK packs the right operand before multiplying (2-5 ns a value here,
 * against 1.3 for our transpose) and keeps the packed copy under that
 * tensor's id. In training every weight matrix is new at each step, so the
 * packing is paid each time; for one matrix by one matrix we compute
 * whichever of a·b and (bᵀ·aᵀ)ᵀ moves and packs fewer values: a Dense
 * layer's dx = dy·Wᵀ becomes (W·dyᵀ)ᵀ, packing dy rather than W.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { transposeMatrices } from '../kernels/transpose.ts';
import { Heap, shippedKernel, type KernelArgs } from './heap.ts';

interface Operand {
  tensor: TensorInfo;
  batch: number;
  copied: boolean;
}

/** `tensor` as [batch, rows, cols] matrices in memory, transposed into a new tensor when asked. */
function operand(heap: Heap, tensor: TensorInfo, transpose: boolean): Operand {
  const rank = tensor.shape.length;
  const batch = tf.util.sizeFromShape(tensor.shape.slice(0, -2));
  if (!transpose) return { tensor, batch, copied: false };
  const rows = tensor.shape[rank - 2];
  const cols = tensor.shape[rank - 1];
  const out = heap.output([batch, cols, rows]);
  transposeMatrices(heap.f32, heap.offset(tensor), batch, rows, cols, heap.f32, heap.offset(out));
  return { tensor: out, batch, copied: true };
}

/**
 * Costs in ns a value, measured here on the MLP's shapes (packing 2-5, transposing 1.2-1.9). With 1.3 for transposing,
 * the forward products of half a batch (64 × 784 · 784 × 512, 64 × 512 · 512 × 512) took the transposed form, which a quiet
 * machine measured 4-6% slower than the direct one (2.74 against 2.64 ms); 1.5 keeps them direct and every other choice
 * of the MLP's training step as it was.
 */
const PACK = 2;
const TRANSPOSE = 1.5;
/** Right operands multiplied before: XNNPACK may hold them packed. */
const packedBefore = new WeakSet<object>();

/**
 * Transposed copies of right operands that are multiplied transposed more
 * than once (a recurrent layer's weights, `dz·Wᵀ` at every time step of its
 * backward pass), by the source's data: the copy is made once, and XNNPACK
 * keeps its packed form under the copy's id, so the later products neither
 * transpose nor pack. A copy is freed once its source is disposed (checked
 * at each product). Per backend.
 */
const transposedCopies = new WeakMap<object, Map<object, TensorInfo>>();
/** Sources seen once as a transposed right operand: the second time, their copy is kept. */
const seenTransposed = new WeakSet<object>();

/** `b` transposed, kept from an earlier product or kept now that `b` comes transposed a second time; undefined the first time. */
function keptTranspose(heap: Heap, b: TensorInfo): TensorInfo | undefined {
  let copies = transposedCopies.get(heap.backend);
  if (!copies) transposedCopies.set(heap.backend, (copies = new Map()));
  for (const [source, copy] of copies) {
    if (heap.backend.dataIdMap.has(source)) continue;
    heap.dispose(copy);
    copies.delete(source);
  }
  let kept = copies.get(b.dataId);
  if (!kept && seenTransposed.has(b.dataId)) {
    kept = operand(heap, b, true).tensor;
    copies.set(b.dataId, kept);
  }
  seenTransposed.add(b.dataId);
  return kept;
}

/** out [m, n] = (opB(b)ᵀ · opA(a)ᵀ)ᵀ: packs opA(a) [m, k] as a [k, m] operand. */
function productByTranspose(heap: Heap, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, m: number, k: number, n: number): TensorInfo {
  const left = operand(heap, b, !transposeB); // opB(b)ᵀ [n, k]
  const right = operand(heap, a, !transposeA); // opA(a)ᵀ [k, m]
  const transposed = heap.output([n, m]);
  heap.matMulInto(left.tensor, right.tensor, transposed, n, k, m);
  const out = heap.output([m, n]);
  transposeMatrices(heap.f32, heap.offset(transposed), 1, n, m, heap.f32, heap.offset(out));
  heap.dispose(transposed);
  if (left.copied) heap.dispose(left.tensor);
  if (right.copied) heap.dispose(right.tensor);
  return out;
}

/** a·b (each possibly transposed, batch dims broadcast) with the XNNPACK path; undefined when we do not handle the case. */
export function fastMatMul(heap: Heap, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const m = transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2];
  const k = transposeA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
  const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const kB = transposeB ? b.shape[b.shape.length - 1] : b.shape[b.shape.length - 2];
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  // Mismatches and general broadcasts are the shipped kernel's to report or handle.
  if (k !== kB || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return undefined;
  const outerShape = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);

  // With b's kept transposed copy, the direct form: XNNPACK holds it packed already.
  const kept = batch === 1 && transposeB ? keptTranspose(heap, b) : undefined;
  if (batch === 1 && !kept) {
    const cached = !transposeB && packedBefore.has(b.dataId);
    if (!transposeB) packedBefore.add(b.dataId);
    const direct = (transposeA ? m * k * TRANSPOSE : 0) + (transposeB ? k * n * TRANSPOSE : 0) + (cached ? 0 : k * n * PACK);
    const swapped = (transposeB ? 0 : k * n * TRANSPOSE) + (transposeA ? 0 : m * k * TRANSPOSE) + k * m * PACK + m * n * TRANSPOSE;
    if (swapped < direct) {
      const out = productByTranspose(heap, a, b, transposeA, transposeB, m, k, n);
      return { ...out, shape: [...outerShape, m, n] };
    }
  }

  const left = operand(heap, a, transposeA);
  const right = kept ? { tensor: kept, batch: 1, copied: false } : operand(heap, b, transposeB);
  const out = heap.output([...outerShape, m, n]);
  if (batchB === 1) {
    // One matrix on the right: every left matrix stacks into one tall multiply.
    heap.matMulInto(left.tensor, right.tensor, out, batchA * m, k, n);
  } else {
    for (let i = 0; i < batch; i++) {
      const views = [heap.view(left.tensor, batchA === 1 ? 0 : i * m * k, [m, k]), heap.view(right.tensor, i * k * n, [k, n]), heap.view(out, i * m * n, [m, n])];
      heap.matMulInto(views[0], views[1], views[2], m, k, n);
      heap.release(...views);
    }
  }
  if (left.copied) heap.dispose(left.tensor);
  if (right.copied) heap.dispose(right.tensor);
  return out;
}

export function batchMatMul({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  const result = fastMatMul(new Heap(backend), a, b, transposeA, transposeB);
  return result ?? (shippedKernel('BatchMatMul')!({ inputs, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo);
}

const ACTIVATION_KERNELS: Readonly<Record<string, string>> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/**
 * The fused multiply (+ bias, activation). The shipped kernel is right only
 * on its XNNPACK path (no transpose, no batch); elsewhere it adds the bias
 * at the wrong places (bias[min(i·n + j, n - 1)] for row i, column j). Those
 * cases become our multiply, then the backend's own Add and activation.
 */
export function fusedMatMul({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { a, b, bias, preluActivationWeights } = inputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as {
    transposeA: boolean;
    transposeB: boolean;
    activation: string;
    leakyreluAlpha?: number;
  };
  const run = (name: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs: Record<string, unknown> = {}) =>
    tf.getKernel(name, 'wasm')!.kernelFunc({ inputs: kernelInputs, backend: backend as tf.KernelBackend, attrs: kernelAttrs as tf.NamedAttrMap }) as TensorInfo;
  const batched = tf.util.sizeFromShape(a.shape.slice(0, -2)) > 1 || tf.util.sizeFromShape(b.shape.slice(0, -2)) > 1;
  const heap = new Heap(backend);
  const product = transposeA || transposeB || batched ? fastMatMul(heap, a, b, transposeA, transposeB) : undefined;
  if (!product) return shippedKernel('_FusedMatMul')!({ inputs, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
  let result = product;
  const replace = (next: TensorInfo) => {
    heap.dispose(result);
    result = next;
  };
  if (bias) replace(run('Add', { a: result, b: bias }));
  if (activation !== 'linear') {
    const kernel = ACTIVATION_KERNELS[activation];
    if (!kernel) throw new Error(`_FusedMatMul on wasm: unknown activation '${activation}'`);
    if (kernel === 'Prelu') replace(run(kernel, { x: result, alpha: preluActivationWeights }));
    else replace(run(kernel, { x: result }, kernel === 'LeakyRelu' ? { alpha: leakyreluAlpha ?? 0.2 } : {}));
  }
  return result;
}

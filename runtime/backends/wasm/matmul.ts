/**
 * BatchMatMul and _FusedMatMul for wasm on Keraflow's own product kernels
 * (gemm/: SIMD, split across the threads asked for).
 *
 * The shipped kernel uses XNNPACK only for one matrix by one matrix with no
 * transpose; anything else (a transposed operand, a batch) falls to a plain
 * C++ triple loop about 13x slower, and Dense's backward pass uses exactly
 * the transposed forms (dx = dy·Wᵀ, dW = xᵀ·dy). XNNPACK itself first
 * copies every new right operand into its packed layout, on one thread (3-5
 * ns a value): in training every weight matrix is new at each step. Our
 * kernels read the operands where they are: a transposed left operand
 * through its strides, a transposed right one by dot products (`nt`); only
 * both transposed at once copies one (the left, transposed back).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { transposeMatrices } from '../kernels/transpose.ts';
import { Heap, shippedKernel, type KernelArgs } from './heap.ts';

/**
 * a·b (each possibly transposed, batch dims broadcast), plus `bias` (a
 * tensor of n values, or none); undefined when we do not handle the case.
 */
export function fastMatMul(heap: Heap, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, bias?: TensorInfo): TensorInfo | undefined {
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

  // Both transposed: A transposed back into a copy, then A·Bᵀ.
  let left = a;
  let leftTransposed = transposeA;
  if (transposeA && transposeB) {
    left = heap.output([batchA, m, k]);
    transposeMatrices(heap.f32, heap.offset(a), batchA, k, m, heap.f32, heap.offset(left));
    leftTransposed = false;
  }
  const out = heap.output([...outerShape, m, n]);
  const biasAddress = bias ? heap.byteOffset(bias) : 0;
  const [aBase, bBase, cBase] = [heap.byteOffset(left), heap.byteOffset(b), heap.byteOffset(out)];
  // One matrix on the right and A not transposed: every left matrix stacks into one tall multiply.
  const stacked = batchB === 1 && !leftTransposed;
  const rows = stacked ? batchA * m : m;
  for (let i = 0; i < (stacked ? 1 : batch); i++) {
    const aAddress = aBase + (batchA === 1 ? 0 : i * m * k * 4);
    const bAddress = bBase + (batchB === 1 ? 0 : i * k * n * 4);
    const cAddress = cBase + i * m * n * 4;
    if (transposeB) {
      heap.product({ kind: 'nt', a: aAddress, b: bAddress, c: cAddress, bias: biasAddress, lda: k, ldb: k, ldc: n, m: rows, k, n });
    } else {
      const [aRow, aK] = leftTransposed ? [4, m * 4] : [k * 4, 4];
      heap.product({ kind: 'nn', a: aAddress, b: bAddress, c: cAddress, bias: biasAddress, aRow, aK, ldb: n, ldc: n, m: rows, k, n });
    }
  }
  if (left !== a) heap.dispose(left);
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
 * The fused multiply (+ bias, activation): our product, with a bias of n
 * values added by the product kernels, any other bias by the backend's Add
 * (the shipped kernel adds a bias at the wrong places outside its XNNPACK
 * path: bias[min(i·n + j, n - 1)] for row i, column j), then the backend's
 * activation kernel.
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
  const heap = new Heap(backend);
  const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const biasInKernel = bias !== undefined && bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === n && bias.shape.length <= 1;
  const product = fastMatMul(heap, a, b, transposeA, transposeB, biasInKernel ? bias : undefined);
  if (!product) return shippedKernel('_FusedMatMul')!({ inputs, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
  let result = product;
  const replace = (next: TensorInfo) => {
    heap.dispose(result);
    result = next;
  };
  if (bias && !biasInKernel) replace(run('Add', { a: result, b: bias }));
  if (activation !== 'linear') {
    const kernel = ACTIVATION_KERNELS[activation];
    if (!kernel) throw new Error(`_FusedMatMul on wasm: unknown activation '${activation}'`);
    if (kernel === 'Prelu') replace(run(kernel, { x: result, alpha: preluActivationWeights }));
    else replace(run(kernel, { x: result }, kernel === 'LeakyRelu' ? { alpha: leakyreluAlpha ?? 0.2 } : {}));
  }
  return result;
}

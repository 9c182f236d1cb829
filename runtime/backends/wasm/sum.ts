/**
 * Sum for wasm over leading axes: every bias gradient is one (Dense: over
 * the batch; a convolution: over the batch and the positions). The shipped
 * kernel first transposes the reduced axes to the end (a strided copy of
 * the whole tensor) and then reduces; here the rows are added in one pass.
 * Other reductions go to the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { Heap, shippedKernel, type KernelArgs } from './heap.ts';

/** out[j] = Σ_i x[i, j] for `rows` rows of `columns` floats (out overwritten), added in float64 as the cpu backend does. */
export function sumRows(x: Float32Array, xOffset: number, rows: number, columns: number, out: Float32Array, outOffset: number): void {
  const total = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    const s = xOffset + i * columns;
    for (let j = 0; j < columns; j++) total[j] += x[s + j];
  }
  out.set(total, outOffset);
}

export function sum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x } = inputs;
  const { axis, keepDims } = attrs as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32') {
    return shippedKernel('Sum')!({ inputs, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
  }
  const heap = new Heap(backend);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const kept = x.shape.slice(axes.length);
  const out = heap.output(keepDims ? [...axes.map(() => 1), ...kept] : kept);
  sumRows(heap.f32, heap.offset(x), rows, tf.util.sizeFromShape(kept), heap.f32, heap.offset(out));
  return out;
}

/**
 * Slice for wasm: the shipped kernel first copies its whole input out of the
 * heap (`readSync`), so taking one batch of 128 rows from a 60,000-sample
 * dataset copied all 60,000 rows, every step. This one copies only the
 * slice, heap to heap (`copyWithin`: one move per contiguous run of the
 * innermost axis, or one for the whole slice when it is contiguous).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { Heap, shippedKernel, type KernelArgs } from './heap.ts';

export function slice(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  // Strings live outside the heap: the shipped kernel handles them.
  if (x.dtype === 'string') return shippedKernel('Slice')!(args as never) as TensorInfo;
  const { begin, size } = attrs as { begin: number | number[]; size?: number | number[] };
  const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  const heap = new Heap(backend);
  const out = heap.output(extent, x.dtype);
  const count = tf.util.sizeFromShape(extent);
  if (count === 0) return out;
  const bytes = tf.util.bytesPerElement(x.dtype);
  // Byte offsets, taken after the output's allocation (which may grow the heap).
  const from = heap.byteOffset(x);
  const to = heap.byteOffset(out);
  const memory = heap.u8;
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, start, extent)) {
    const first = from + tf.slice_util.computeFlatOffset(start, strides) * bytes;
    memory.copyWithin(to, first, first + count * bytes);
    return out;
  }
  // Runs of the innermost axis, in row-major order of the slice's outer indices.
  const rank = extent.length;
  const run = extent[rank - 1] * bytes;
  const index = new Array<number>(rank - 1).fill(0);
  for (let written = 0; written < count * bytes; written += run) {
    let element = start[rank - 1];
    for (let axis = 0; axis < rank - 1; axis++) element += (start[axis] + index[axis]) * strides[axis];
    memory.copyWithin(to + written, from + element * bytes, from + element * bytes + run);
    for (let axis = rank - 2; axis >= 0 && ++index[axis] === extent[axis]; axis--) index[axis] = 0;
  }
  return out;
}

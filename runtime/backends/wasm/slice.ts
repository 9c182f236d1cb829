/**
 * Slice for wasm: the shipped kernel first copies its whole input out of the
 * heap (`readSync`), so taking one batch of 128 rows from a 60,000-sample
 * dataset copied all 60,000 rows, every step. This one copies only the
 * slice, heap to heap (`copyWithin`: one move per contiguous run of the
 * innermost axis, or one for the whole slice when it is contiguous).
 *
 * The shipped SplitV, Unpack and StridedSlice call that slow slice directly
 * (not through the kernel registry), once per piece: an LSTM splits its gate
 * products into four (SplitV) and its input into time steps (Unpack) at
 * every step, each piece a copy of the whole input. Here they call this one.
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

/** SplitV: the pieces along `axis`, each one slice. */
export function splitV(args: KernelArgs): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const { numOrSizeSplits, axis } = attrs as { numOrSizeSplits: number | number[]; axis: number };
  const at = tf.util.parseAxisParam(axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, at);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((length) => {
    const size = [...x.shape];
    size[at] = length;
    const piece = slice({ inputs: { x }, backend, attrs: { begin: [...begin], size } });
    begin[at] += length;
    return piece;
  });
}

/** Unpack (tf.unstack): each index along `axis` as one slice, that axis dropped. */
export function unpack(args: KernelArgs): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { value } = inputs;
  const at = tf.util.parseAxisParam((attrs as { axis: number }).axis, value.shape)[0];
  const shape = value.shape.filter((_, axis) => axis !== at);
  const size = [...value.shape];
  size[at] = 1;
  return Array.from({ length: value.shape[at] }, (_, index) => {
    const begin = value.shape.map((_, axis) => (axis === at ? index : 0));
    return { ...slice({ inputs: { x: value }, backend, attrs: { begin, size } }), shape };
  });
}

/** StridedSlice: a slice of contiguous steps (every stride 1) by this Slice; the others as shipped. */
export function stridedSlice(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } = attrs as {
    begin: number[];
    end: number[];
    strides: number[];
    beginMask: number;
    endMask: number;
    ellipsisMask: number;
    newAxisMask: number;
    shrinkAxisMask: number;
  };
  const info = tf.slice_util.sliceInfo(x.shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
  if (info.isIdentity || !(info.sliceDim0 || info.isSimpleSlice) || x.dtype === 'string') return shippedKernel('StridedSlice')!(args as never) as TensorInfo;
  const size = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
  const sliced = slice({ inputs: { x }, backend, attrs: { begin: info.begin, size } });
  // The slice is a fresh tensor: its memory takes the final shape as it is (new axes of 1, shrunk axes gone).
  return { ...sliced, shape: info.finalShape };
}

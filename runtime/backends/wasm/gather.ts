/**
 * GatherV2 for wasm: the shipped kernel's C++ loop took 4.5 ms to gather a
 * batch of 128 rows of 784 floats (about 45 ns a value), the cost of every
 * shuffled training step (a shuffled batch is a gather of the data set's
 * rows): a quarter of the MLP's step. This one moves each gathered slice
 * heap to heap (`copyWithin`, or a byte loop for slices too short to pay
 * for a call). Strings (which tf.gather refuses) and indices other than
 * int32 (which tf.gather never passes) stay with the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { Heap, shippedKernel, type KernelArgs } from './heap.ts';

/** Below this many bytes a slice is copied byte by byte: a copyWithin call costs more than that. */
const SHORT_SLICE_BYTES = 64;

export function gatherV2(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs;
  if (x.dtype === 'string' || indices.dtype !== 'int32') return shippedKernel('GatherV2')!(args as never) as TensorInfo;
  const { axis, batchDims } = attrs as { axis: number; batchDims: number };
  const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as tf.Tensor, indices as tf.Tensor, parsedAxis, batchDims);
  const heap = new Heap(backend);
  const count = tf.util.sizeFromShape(indices.shape);
  const indexAt = heap.offset(indices);
  const axisSize = x.shape[parsedAxis];
  const ids = heap.i32;
  for (let i = 0; i < count; i++) {
    const index = ids[indexAt + i];
    // The shipped kernel's check and message.
    tf.util.assert(index <= axisSize - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
  }
  const out = heap.output(info.outputShape, x.dtype);
  if (tf.util.sizeFromShape(info.outputShape) === 0) return out;
  const perBatch = count / info.batchSize;
  const slice = info.sliceSize * tf.util.bytesPerElement(x.dtype);
  // Offsets after the output's allocation (which may grow the heap); x is [batch, outer, axis, slice], out [batch, outer, perBatch, slice].
  const from = heap.byteOffset(x);
  const memory = heap.u8;
  const indexValues = heap.i32;
  let to = heap.byteOffset(out);
  for (let b = 0; b < info.batchSize; b++) {
    for (let o = 0; o < info.outerSize; o++) {
      const block = from + (b * info.outerSize + o) * info.dimSize * slice;
      for (let j = 0; j < perBatch; j++, to += slice) {
        const start = block + indexValues[indexAt + b * perBatch + j] * slice;
        if (slice >= SHORT_SLICE_BYTES) memory.copyWithin(to, start, start + slice);
        else for (let k = 0; k < slice; k++) memory[to + k] = memory[start + k];
      }
    }
  }
  return out;
}

/**
 * UnsortedSegmentSum for wasm, which lacks it: the gradient of gather, so
 * of every Embedding. JS over the wasm heap (../kernels/segment-sum.ts).
 */
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { unsortedSegmentSum as sumOnArrays } from '../kernels/segment-sum.ts';
import { Heap, type KernelArgs } from './heap.ts';

export function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const heap = new Heap(backend);
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs as { numSegments: number };
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum on wasm takes float32 or int32 values, not ${x.dtype}`);
  const count = util.sizeFromShape(segmentIds.shape);
  const inner = util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
  const out = heap.output([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const values = x.dtype === 'float32' ? heap.f32 : heap.i32;
  const ids = segmentIds.dtype === 'int32' ? heap.i32 : Int32Array.from(heap.f32.subarray(heap.offset(segmentIds), heap.offset(segmentIds) + count));
  sumOnArrays(values, heap.offset(x), ids, segmentIds.dtype === 'int32' ? heap.offset(segmentIds) : 0, count, inner, numSegments, values, heap.offset(out));
  return out;
}

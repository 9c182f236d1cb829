/**
 * ResizeNearestNeighborGrad for wasm: the shipped kernel ignores
 * halfPixelCenters, so its gradient goes to other pixels than the forward
 * pass read. JS over the wasm heap (../kernels/resize.ts).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { resizeNearestNeighborGrad as resizeGradOnArrays } from '../kernels/resize.ts';
import { Heap, type KernelArgs } from './heap.ts';

export function resizeNearestNeighborGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const heap = new Heap(backend);
  const { images, dy } = inputs;
  const { alignCorners, halfPixelCenters } = attrs as { alignCorners: boolean; halfPixelCenters: boolean };
  const dx = heap.output(images.shape);
  resizeGradOnArrays(heap.f32, heap.offset(dy), images.shape, dy.shape[1], dy.shape[2], { alignCorners, halfPixelCenters: !!halfPixelCenters }, heap.f32, heap.offset(dx));
  return dx;
}

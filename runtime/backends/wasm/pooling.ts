/**
 * Pooling kernels for wasm that tfjs-backend-wasm 4.22 gets wrong, run in
 * JS over the wasm heap (../kernels/pooling.ts):
 *  - MaxPoolGrad, MaxPool3DGrad: the shipped ones start the running maximum
 *    at FLT_MIN (+1.2e-38) instead of -Infinity, so a window of values <= 0
 *    loses its gradient, and give ties to the last element (tf, cpu: first);
 *  - MaxPool3D: the same start value, so an all-negative window gives 1.2e-38;
 *  - AvgPoolGrad, AvgPool3DGrad: divide by the whole window where the
 *    forward pass divides by the values inside the input ('same' padding at
 *    the border), as on cpu.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { pool2DGeometry, pool3DGeometry, type Geometry } from '../kernels/geometry.ts';
import { avgPoolGrad as avgPoolGradOnArrays, maxPool, maxPoolGrad as maxPoolGradOnArrays } from '../kernels/pooling.ts';
import { Heap, type KernelArgs } from './heap.ts';

function gradientOfMax(heap: Heap, input: TensorInfo, dy: TensorInfo, g: Geometry): TensorInfo {
  const dx = heap.output(input.shape);
  maxPoolGradOnArrays(heap.f32, heap.offset(input), heap.f32, heap.offset(dy), g, heap.f32, heap.offset(dx));
  return dx;
}

function gradientOfAverage(heap: Heap, input: TensorInfo, dy: TensorInfo, g: Geometry): TensorInfo {
  const dx = heap.output(input.shape);
  avgPoolGradOnArrays(heap.f32, heap.offset(dy), g, heap.f32, heap.offset(dx));
  return dx;
}

export function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return gradientOfMax(new Heap(backend), inputs.input, inputs.dy, pool2DGeometry(inputs.input.shape, attrs!));
}

export function maxPool3DGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return gradientOfMax(new Heap(backend), inputs.input, inputs.dy, pool3DGeometry(inputs.input.shape, attrs!));
}

export function avgPoolGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return gradientOfAverage(new Heap(backend), inputs.input, inputs.dy, pool2DGeometry(inputs.input.shape, attrs!));
}

export function avgPool3DGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return gradientOfAverage(new Heap(backend), inputs.input, inputs.dy, pool3DGeometry(inputs.input.shape, attrs!));
}

export function maxPool3D({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const heap = new Heap(backend);
  const { x } = inputs;
  const g = pool3DGeometry(x.shape, attrs!);
  const y = heap.output([g.batch, g.outDepth, g.outHeight, g.outWidth, g.outChannels]);
  maxPool(heap.f32, heap.offset(x), g, heap.f32, heap.offset(y));
  return y;
}

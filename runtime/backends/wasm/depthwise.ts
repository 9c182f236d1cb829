/**
 * The gradients of a depthwise convolution, which wasm lacks
 * (DepthwiseConv2dNativeBackpropFilter and ...BackpropInput): JS over the
 * wasm heap (../kernels/depthwise.ts).
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { depthwiseFilterGradient, depthwiseInputGradient } from '../kernels/depthwise.ts';
import { geometry2D } from '../kernels/geometry.ts';
import { Heap, type KernelArgs } from './heap.ts';

type Pair = [number, number] | number;
interface DepthwiseAttrs {
  strides: Pair;
  dilations: Pair;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
type Shape4 = [number, number, number, number];

export function depthwiseConv2dNativeBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const heap = new Heap(backend);
  const { x, dy } = inputs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseAttrs & { filterShape: Shape4 };
  const g = geometry2D(backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, dilations, pad, dimRoundingMode, true));
  const dw = heap.output(filterShape);
  depthwiseFilterGradient(heap.f32, heap.offset(x), heap.f32, heap.offset(dy), g, filterShape[3], heap.f32, heap.offset(dw));
  return dw;
}

export function depthwiseConv2dNativeBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const heap = new Heap(backend);
  const { dy, filter } = inputs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseAttrs & { inputShape: Shape4 };
  const g = geometry2D(backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode, true));
  const dx = heap.output(inputShape);
  depthwiseInputGradient(heap.f32, heap.offset(dy), heap.f32, heap.offset(filter), g, filter.shape[3], heap.f32, heap.offset(dx));
  return dx;
}

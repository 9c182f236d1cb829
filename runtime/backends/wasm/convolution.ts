/**
 * Convolution kernels for wasm as patch matrices and XNNPACK multiplies
 * (see ../kernels/patches.ts): the filter gradients wasm lacks
 * (Conv2DBackpropFilter) or gets wrong (Conv3DBackpropFilterV2), the input
 * gradients it computes with a slow loop (Conv2DBackpropInput, which with
 * stride 1 becomes XNNPACK's own convolution of dy) or wrongly
 * (Conv3DBackpropInputV2), and Conv3D, a slow loop shipped. Samples are
 * taken in chunks so that a patch matrix stays within limits.patchFloats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { geometry2D, geometry3D, outputPositions, patchSize, type Geometry } from '../kernels/geometry.ts';
import { col2im, im2col, im2colTransposed } from '../kernels/patches.ts';
import { transposeMatrices } from '../kernels/transpose.ts';
import { Heap, type KernelArgs } from './heap.ts';

/** Floats in one patch matrix (16 MB by default): large enough for XNNPACK to run at speed, bounded in memory. Tests lower it. */
export const limits = { patchFloats: 1 << 22 };

/** Samples per chunk. */
function chunkSize(g: Geometry): number {
  return Math.max(1, Math.min(g.batch, Math.floor(limits.patchFloats / Math.max(1, outputPositions(g) * patchSize(g)))));
}

/** One chunk of samples: [start, end), and its patch rows n. */
interface Chunk {
  start: number;
  end: number;
  n: number;
}

/** The chunks of chunkSize(g) samples, in order. */
function* chunks(g: Geometry): Generator<Chunk> {
  const size = chunkSize(g);
  const rows = outputPositions(g);
  for (let start = 0; start < g.batch; start += size) {
    const end = Math.min(g.batch, start + size);
    yield { start, end, n: (end - start) * rows };
  }
}

/** y = conv(x, W): y [batch, positions, outC] = patches(x) · W [K, outC]. */
export function convolve(heap: Heap, x: TensorInfo, filter: TensorInfo, g: Geometry, outShape: number[]): TensorInfo {
  const K = patchSize(g);
  const rows = outputPositions(g);
  const chunk = chunkSize(g);
  const out = heap.output(outShape);
  const patches = heap.output([chunk * rows, K]);
  for (const { start, end, n } of chunks(g)) {
    im2col(heap.f32, heap.offset(x), g, start, end, heap.f32, heap.offset(patches));
    const target = heap.view(out, start * rows * g.outChannels, [n, g.outChannels]);
    // The filter is the multiply's right operand: XNNPACK packs it once per filter tensor.
    heap.matMulInto(patches, filter, target, n, K, g.outChannels);
    heap.release(target);
  }
  heap.dispose(patches);
  return out;
}

/**
 * dW [K, outC] = Σ over chunks of patches(x)ᵀ · dy. XNNPACK packs the right
 * operand of each multiply, so the form depends on which side is smaller:
 *  - K ≥ 6·outC (3-D filters, wide 2-D ones): patchesᵀ [K, n] (written
 *    transposed directly) · dy [n, outC], packing dy;
 *  - otherwise (dWᵀ = dyᵀ · patches)ᵀ, packing the patches.
 * (Measured: 3-D 8×16×16×8, 3×3×3→16: 12.5 against 19 ms; the MNIST CNN's
 * 3×3×32→64: 14.5 against 14.0; its 3×3×1→32: 7.5 against 6.)
 */
export function filterGradient(heap: Heap, x: TensorInfo, dy: TensorInfo, g: Geometry, filterShape: number[]): TensorInfo {
  const K = patchSize(g);
  const C = g.outChannels;
  const rows = outputPositions(g);
  const chunk = chunkSize(g);
  const patchesOnLeft = K >= 6 * C;
  const patches = heap.output([chunk * rows, K]);
  const dyTransposed = patchesOnLeft ? undefined : heap.output([C, chunk * rows]);
  const sum = heap.output(patchesOnLeft ? filterShape : [C, K]);
  const part = heap.output([C, K]);
  for (const { start, end, n } of chunks(g)) {
    const target = start === 0 ? sum : part;
    if (patchesOnLeft) {
      im2colTransposed(heap.f32, heap.offset(x), g, start, end, heap.f32, heap.offset(patches));
      const right = heap.view(dy, start * rows * C, [n, C]);
      heap.matMulInto(patches, right, target, K, n, C);
      heap.release(right);
    } else {
      im2col(heap.f32, heap.offset(x), g, start, end, heap.f32, heap.offset(patches));
      transposeMatrices(heap.f32, heap.offset(dy) + start * rows * C, 1, n, C, heap.f32, heap.offset(dyTransposed!));
      // A fresh view each chunk: XNNPACK caches the packed right operand under its id.
      const right = heap.view(patches, 0, [n, K]);
      heap.matMulInto(dyTransposed!, right, target, C, n, K);
      heap.release(right);
    }
    if (start > 0) {
      const f32 = heap.f32;
      const s = heap.offset(sum);
      const p = heap.offset(part);
      for (let i = 0; i < C * K; i++) f32[s + i] += f32[p + i];
    }
  }
  heap.dispose(patches, part);
  if (dyTransposed) heap.dispose(dyTransposed);
  if (patchesOnLeft) return sum;
  const out = heap.output(filterShape);
  transposeMatrices(heap.f32, heap.offset(sum), 1, C, K, heap.f32, heap.offset(out));
  heap.dispose(sum);
  return out;
}

/** dx = col2im(dy · Wᵀ), chunk by chunk. */
export function inputGradient(heap: Heap, dy: TensorInfo, filter: TensorInfo, g: Geometry, inputShape: number[]): TensorInfo {
  const K = patchSize(g);
  const C = g.outChannels;
  const rows = outputPositions(g);
  const chunk = chunkSize(g);
  const filterTransposed = heap.output([C, K]);
  transposeMatrices(heap.f32, heap.offset(filter), 1, K, C, heap.f32, heap.offset(filterTransposed));
  const columns = heap.output([chunk * rows, K]);
  const dx = heap.zeros(inputShape);
  for (const { start, end, n } of chunks(g)) {
    const left = heap.view(dy, start * rows * C, [n, C]);
    heap.matMulInto(left, filterTransposed, columns, n, C, K);
    heap.release(left);
    col2im(heap.f32, heap.offset(columns), g, start, end, heap.f32, heap.offset(dx));
  }
  heap.dispose(filterTransposed, columns);
  return dx;
}

type Strides2D = [number, number] | number;
type Strides3D = [number, number, number] | number;
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

export function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
    strides: Strides2D;
    pad: Pad;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
  return filterGradient(new Heap(backend), x, dy, geometry2D(info), filterShape);
}

/**
 * With stride 1, dx is itself a convolution: dy padded by (filter - 1 -
 * padding) on each side, correlated with the filter flipped in space and
 * with its channels swapped. That runs on XNNPACK's own convolution, with
 * no col2im pass; other strides take the patch route.
 */
function inputGradientByConvolution(heap: Heap, backend: unknown, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo | undefined {
  const { filterHeight: fh, filterWidth: fw, inChannels, outChannels } = info;
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) return undefined;
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const bottom = info.inHeight + fh - 1 - info.outHeight - top;
  const right = info.inWidth + fw - 1 - info.outWidth - left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return undefined;
  const flipped = heap.output([fh, fw, outChannels, inChannels]);
  const f32 = heap.f32;
  const source = heap.offset(filter);
  let target = heap.offset(flipped);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const tap = source + ((fh - 1 - kh) * fw + (fw - 1 - kw)) * inChannels * outChannels;
      for (let o = 0; o < outChannels; o++) {
        for (let i = 0; i < inChannels; i++) f32[target++] = f32[tap + i * outChannels + o];
      }
    }
  }
  const dx = tf.getKernel('Conv2D', 'wasm')!.kernelFunc({
    inputs: { x: dy, filter: flipped },
    backend: backend as tf.KernelBackend,
    attrs: {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    } as unknown as tf.NamedAttrMap,
  }) as TensorInfo;
  heap.dispose(flipped);
  return dx;
}

export function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as {
    strides: Strides2D;
    pad: Pad;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
  const heap = new Heap(backend);
  return inputGradientByConvolution(heap, backend, dy, filter, info) ?? inputGradient(heap, dy, filter, geometry2D(info), inputShape);
}

export function conv3D({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, filter } = inputs;
  const { strides, pad, dilations } = attrs as { strides: Strides3D; pad: 'valid' | 'same'; dilations: Strides3D; dataFormat: 'NDHWC' | 'NCDHW' };
  const info = backend_util.computeConv3DInfo(x.shape as [number, number, number, number, number], filter.shape as [number, number, number, number, number], strides, dilations, pad);
  return convolve(new Heap(backend), x, filter, geometry3D(info), info.outShape);
}

export function conv3DBackpropFilterV2({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const { strides, pad, filterShape } = attrs as { strides: Strides3D; pad: 'valid' | 'same'; filterShape: [number, number, number, number, number] };
  const info = backend_util.computeConv3DInfo(x.shape as [number, number, number, number, number], filterShape, strides, 1, pad);
  return filterGradient(new Heap(backend), x, dy, geometry3D(info), filterShape);
}

export function conv3DBackpropInputV2({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const { strides, pad, inputShape } = attrs as { strides: Strides3D; pad: 'valid' | 'same'; inputShape: [number, number, number, number, number] };
  const info = backend_util.computeConv3DInfo(inputShape, filter.shape as [number, number, number, number, number], strides, 1, pad);
  return inputGradient(new Heap(backend), dy, filter, geometry3D(info), inputShape);
}

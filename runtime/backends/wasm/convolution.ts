/**
 * Convolution kernels for wasm as patch matrices and products (see
 * ../kernels/patches.ts and gemm/): the filter gradients wasm lacks
 * (Conv2DBackpropFilter) or gets wrong (Conv3DBackpropFilterV2), the input
 * gradients it computes with a slow loop (Conv2DBackpropInput, which with
 * stride 1 becomes XNNPACK's own convolution of dy) or wrongly
 * (Conv3DBackpropInputV2), and Conv3D, a slow loop shipped. Samples are
 * taken in chunks so that a patch matrix stays within limits.patchFloats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { geometry2D, geometry3D, outputPositions, patchSize, type Geometry } from '../kernels/geometry.ts';
import { col2im, im2col } from '../kernels/patches.ts';
import { Heap, type KernelArgs } from './heap.ts';

/** Floats in one patch matrix (16 MB by default): large enough for the products to run at speed, bounded in memory. Tests lower it. */
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
  const C = g.outChannels;
  const rows = outputPositions(g);
  const out = heap.output(outShape);
  const patches = heap.output([chunkSize(g) * rows, K]);
  for (const { start, end, n } of chunks(g)) {
    im2col(heap.f32, heap.offset(x), g, start, end, heap.f32, heap.offset(patches));
    const c = heap.byteOffset(out) + start * rows * C * 4;
    heap.product({ kind: 'nn', a: heap.byteOffset(patches), b: heap.byteOffset(filter), c, bias: 0, aRow: K * 4, aK: 4, ldb: C, ldc: C, m: n, k: K, n: C });
  }
  heap.dispose(patches);
  return out;
}

/** dW [K, outC] = Σ over chunks of patches(x)ᵀ · dy: the patch matrix read transposed where it lies. */
export function filterGradient(heap: Heap, x: TensorInfo, dy: TensorInfo, g: Geometry, filterShape: number[]): TensorInfo {
  const K = patchSize(g);
  const C = g.outChannels;
  const rows = outputPositions(g);
  const patches = heap.output([chunkSize(g) * rows, K]);
  const sum = heap.output(filterShape);
  let part: TensorInfo | undefined;
  for (const { start, end, n } of chunks(g)) {
    im2col(heap.f32, heap.offset(x), g, start, end, heap.f32, heap.offset(patches));
    const target = start === 0 ? sum : (part ??= heap.output([K, C]));
    const b = heap.byteOffset(dy) + start * rows * C * 4;
    heap.product({ kind: 'nn', a: heap.byteOffset(patches), b, c: heap.byteOffset(target), bias: 0, aRow: 4, aK: K * 4, ldb: C, ldc: C, m: K, k: n, n: C });
    if (target !== sum) {
      const f32 = heap.f32;
      const s = heap.offset(sum);
      const p = heap.offset(target);
      for (let i = 0; i < K * C; i++) f32[s + i] += f32[p + i];
    }
  }
  heap.dispose(patches);
  if (part) heap.dispose(part);
  return sum;
}

/** dx = col2im(dy · Wᵀ), chunk by chunk (W [K, outC] read as the product's transposed right operand). */
export function inputGradient(heap: Heap, dy: TensorInfo, filter: TensorInfo, g: Geometry, inputShape: number[]): TensorInfo {
  const K = patchSize(g);
  const C = g.outChannels;
  const rows = outputPositions(g);
  const columns = heap.output([chunkSize(g) * rows, K]);
  const dx = heap.zeros(inputShape);
  for (const { start, end, n } of chunks(g)) {
    const a = heap.byteOffset(dy) + start * rows * C * 4;
    heap.product({ kind: 'nt', a, b: heap.byteOffset(filter), c: heap.byteOffset(columns), bias: 0, lda: C, ldb: C, ldc: K, m: n, k: C, n: K });
    col2im(heap.f32, heap.offset(columns), g, start, end, heap.f32, heap.offset(dx));
  }
  heap.dispose(columns);
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

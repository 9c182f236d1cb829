import { backend_util } from '@tensorflow/tfjs-core';

/**
 * The geometry of a convolution or a pooling over channels-last volumes,
 * 2-D taken as 3-D with a depth of 1, so that one loop serves both:
 * x [batch, inDepth, inHeight, inWidth, inChannels] -> y [batch, outDepth,
 * outHeight, outWidth, outChannels], filter [depth, height, width, ...].
 */
export interface Geometry {
  readonly batch: number;
  readonly inDepth: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outDepth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterDepth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideDepth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationDepth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  /** Padding before each axis (TensorFlow puts the odd one after). */
  readonly padFront: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** The geometry of tfjs's 2-D convolution or pooling info. */
export function geometry2D(info: backend_util.Conv2DInfo): Geometry {
  if (info.dataFormat !== 'channelsLast') throw new Error("Keraflow's kernels take channels-last (NHWC) tensors only, but got channels-first");
  return {
    batch: info.batchSize,
    inDepth: 1,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outDepth: 1,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterDepth: 1,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideDepth: 1,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationDepth: 1,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padFront: 0,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** The geometry of tfjs's 3-D convolution or pooling info. */
export function geometry3D(info: backend_util.Conv3DInfo): Geometry {
  if (info.dataFormat !== 'channelsLast') throw new Error("Keraflow's kernels take channels-last (NDHWC) tensors only, but got channels-first");
  return {
    batch: info.batchSize,
    inDepth: info.inDepth,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outDepth: info.outDepth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterDepth: info.filterDepth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideDepth: info.strideDepth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationDepth: info.dilationDepth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padFront: info.padInfo.front,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

type Pair = [number, number] | number;
type Triple = [number, number, number] | number;
type Pad = 'valid' | 'same' | number;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** The geometry of a 2-D pooling kernel's attributes (AvgPoolGrad, MaxPoolGrad) on an input of `shape`. */
export function pool2DGeometry(shape: number[], attrs: Record<string, unknown>): Geometry {
  const { filterSize, strides, pad, dimRoundingMode } = attrs as { filterSize: Pair; strides: Pair; pad: Pad; dimRoundingMode: Rounding };
  return geometry2D(backend_util.computePool2DInfo(shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode));
}

/** The geometry of a 3-D pooling kernel's attributes on an input of `shape`. */
export function pool3DGeometry(shape: number[], attrs: Record<string, unknown>): Geometry {
  const { filterSize, strides, pad, dimRoundingMode, dataFormat } = attrs as {
    filterSize: Triple;
    strides: Triple;
    pad: Pad;
    dimRoundingMode: Rounding;
    dataFormat?: 'NDHWC' | 'NCDHW';
  };
  return geometry3D(backend_util.computePool3DInfo(shape as [number, number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode, dataFormat));
}

/** Output positions per sample (rows of the patch matrix per sample). */
export function outputPositions(g: Geometry): number {
  return g.outDepth * g.outHeight * g.outWidth;
}

/** Values in one patch: filter volume times input channels (columns of the patch matrix). */
export function patchSize(g: Geometry): number {
  return g.filterDepth * g.filterHeight * g.filterWidth * g.inChannels;
}

/** [first, end) of the filter taps along one axis that fall inside the input (padding takes no part), and the input index of tap 0. */
export interface Taps {
  readonly first: number;
  readonly end: number;
  readonly origin: number;
}

function axisTaps(outSize: number, stride: number, pad: number, dilation: number, filter: number, size: number): Taps[] {
  return Array.from({ length: outSize }, (_, out) => {
    const origin = out * stride - pad;
    let first = 0;
    while (first < filter && origin + first * dilation < 0) first++;
    let end = filter;
    while (end > first && origin + (end - 1) * dilation >= size) end--;
    return { first, end, origin };
  });
}

/** The taps of every output index along depth, height and width. */
export interface WindowTaps {
  readonly depth: readonly Taps[];
  readonly height: readonly Taps[];
  readonly width: readonly Taps[];
}

/** Worked out once per kernel call: each axis's taps repeat for every sample and every position along the other axes. */
export function windowTaps(g: Geometry): WindowTaps {
  return {
    depth: axisTaps(g.outDepth, g.strideDepth, g.padFront, g.dilationDepth, g.filterDepth, g.inDepth),
    height: axisTaps(g.outHeight, g.strideHeight, g.padTop, g.dilationHeight, g.filterHeight, g.inHeight),
    width: axisTaps(g.outWidth, g.strideWidth, g.padLeft, g.dilationWidth, g.filterWidth, g.inWidth),
  };
}

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
  if (info.dataFormat !== 'channelsLast') throw new Error('Keraflow wasm kernels take channels-last (NHWC) tensors only');
  return {
    batch: info.batchSize, inDepth: 1, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outDepth: 1, outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels,
    filterDepth: 1, filterHeight: info.filterHeight, filterWidth: info.filterWidth,
    strideDepth: 1, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    dilationDepth: 1, dilationHeight: info.dilationHeight, dilationWidth: info.dilationWidth,
    padFront: 0, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

/** The geometry of tfjs's 3-D convolution or pooling info. */
export function geometry3D(info: backend_util.Conv3DInfo): Geometry {
  if (info.dataFormat !== 'channelsLast') throw new Error('Keraflow wasm kernels take channels-last (NDHWC) tensors only');
  return {
    batch: info.batchSize, inDepth: info.inDepth, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outDepth: info.outDepth, outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels,
    filterDepth: info.filterDepth, filterHeight: info.filterHeight, filterWidth: info.filterWidth,
    strideDepth: info.strideDepth, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    dilationDepth: info.dilationDepth, dilationHeight: info.dilationHeight, dilationWidth: info.dilationWidth,
    padFront: info.padInfo.front, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

/** Output positions per sample (rows of the patch matrix per sample). */
export function outputPositions(g: Geometry): number {
  return g.outDepth * g.outHeight * g.outWidth;
}

/** Values in one patch: filter volume times input channels (columns of the patch matrix). */
export function patchSize(g: Geometry): number {
  return g.filterDepth * g.filterHeight * g.filterWidth * g.inChannels;
}

/** Input values per sample. */
export function inputSize(g: Geometry): number {
  return g.inDepth * g.inHeight * g.inWidth * g.inChannels;
}

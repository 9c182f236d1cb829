/**
 * Keraflow's kernels for tfjs-backend-wasm 4.22, registered when the runtime
 * first selects wasm: the ones gradients need and wasm lacks, the ones it
 * computes wrongly, and faster ones: every matrix product on Keraflow's own
 * kernels (gemm/), and kernels that copied more than they must (a whole
 * input for a slice or a gather).
 * See ../README.md for each kernel, why, and its measured speed.
 */
import { conv2DBackpropFilter, conv2DBackpropInput, conv3D, conv3DBackpropFilterV2, conv3DBackpropInputV2 } from './convolution.ts';
import { depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput } from './depthwise.ts';
import { batchMatMul, fusedMatMul } from './matmul.ts';
import { avgPool3DGrad, avgPoolGrad, maxPool3D, maxPool3DGrad, maxPoolGrad } from './pooling.ts';
import { resizeNearestNeighborGrad } from './resize.ts';
import { unsortedSegmentSum } from './segment-sum.ts';
import { slice, splitV, stridedSlice, unpack } from './slice.ts';
import { identity } from './identity.ts';
import { sum } from './sum.ts';
import { gatherV2 } from './gather.ts';
import { OPTIMIZER_UPDATE_KERNEL, optimizerUpdate } from './update.ts';
import { replaceWasmKernel, shippedKernel, type KernelArgs } from './heap.ts';
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { poolKernelRuns } from '../wasm-threads.ts';

/** Our wasm kernels by kernel name. */
export const WASM_KERNELS: Readonly<Record<string, (args: KernelArgs) => TensorInfo | TensorInfo[]>> = {
  BatchMatMul: batchMatMul,
  _FusedMatMul: fusedMatMul,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv3D: conv3D,
  Conv3DBackpropFilterV2: conv3DBackpropFilterV2,
  Conv3DBackpropInputV2: conv3DBackpropInputV2,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dNativeBackpropInput,
  MaxPoolGrad: maxPoolGrad,
  MaxPool3D: maxPool3D,
  MaxPool3DGrad: maxPool3DGrad,
  AvgPoolGrad: avgPoolGrad,
  AvgPool3DGrad: avgPool3DGrad,
  ResizeNearestNeighborGrad: resizeNearestNeighborGrad,
  UnsortedSegmentSum: unsortedSegmentSum,
  Slice: slice,
  SplitV: splitV,
  Unpack: unpack,
  StridedSlice: stridedSlice,
  Identity: identity,
  Sum: sum,
  GatherV2: gatherV2,
  [OPTIMIZER_UPDATE_KERNEL]: optimizerUpdate,
};

/**
 * Shipped kernels that gain from XNNPACK's thread pool: the pool takes the
 * threads asked for once one of them runs (see ../wasm-threads.ts).
 */
export const POOL_KERNELS: readonly string[] = ['Conv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2D', 'MaxPool', 'AvgPool'];

let registered = false;

/** Registers every kernel of WASM_KERNELS for the wasm backend (once), and the pool's kernels wrapped. */
export function setUpWasmKernels(): void {
  if (registered) return;
  registered = true;
  for (const [name, kernel] of Object.entries(WASM_KERNELS)) replaceWasmKernel(name, kernel);
  for (const name of POOL_KERNELS) {
    if (!tf.getKernel(name, 'wasm')) continue;
    replaceWasmKernel(name, (args) => {
      poolKernelRuns();
      return shippedKernel(name)!(args as Parameters<tf.KernelFunc>[0]) as TensorInfo | TensorInfo[];
    });
  }
}

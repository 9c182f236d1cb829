/**
 * The convolution kernels Keraflow gives wasm (patch matrices and XNNPACK
 * multiplies): Conv2DBackpropFilter (missing in tfjs-backend-wasm 4.22),
 * Conv2DBackpropInput (a slow loop shipped), Conv3D (a slow loop shipped),
 * Conv3DBackpropFilterV2 and Conv3DBackpropInputV2 (wrong values shipped).
 * Each: the same as cpu, and the gradients as finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { limits } from '../../../../runtime/backends/wasm/convolution.ts';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { checkGradients, expectCloseTo, forward, grid, kernelFunction, on } from '../gradient-check.ts';

type Pad = 'valid' | 'same';
const conv2d = (strides: [number, number], pad: Pad) => (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad);
const conv3d = (strides: [number, number, number], pad: Pad) => (x: tf.Tensor, w: tf.Tensor) => tf.conv3d(x as tf.Tensor5D, w as tf.Tensor5D, strides, pad);

const cases2D: [string, number[], number[], [number, number], Pad][] = [
  ['3×3, valid', [2, 6, 5, 3], [3, 3, 3, 4], [1, 1], 'valid'],
  ['3×2, same, strides [2, 1]', [2, 7, 5, 3], [3, 2, 3, 4], [2, 1], 'same'],
  ['2×2, same, stride 2 (odd padding after)', [1, 5, 6, 2], [2, 2, 2, 3], [2, 2], 'same'],
  ['1×1', [2, 3, 4, 5], [1, 1, 5, 2], [1, 1], 'valid'],
  ['one input channel (a first layer)', [3, 6, 6, 1], [3, 3, 1, 4], [1, 1], 'same'],
];

const cases3D: [string, number[], number[], [number, number, number], Pad][] = [
  ['2×3×2, valid', [2, 3, 5, 4, 2], [2, 3, 2, 2, 3], [1, 1, 1], 'valid'],
  ['2×3×2, same, strides [1, 2, 2]', [2, 3, 5, 5, 2], [2, 3, 2, 2, 3], [1, 2, 2], 'same'],
  ['3×3×3, same, stride 2', [1, 4, 4, 5, 1], [3, 3, 3, 1, 2], [2, 2, 2], 'same'],
];

afterEach(() => {
  limits.patchFloats = 1 << 22;
});

describe('Conv2DBackpropFilter (wasm)', () => {
  it('is registered once wasm is selected (tfjs-backend-wasm has none)', async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(shippedKernel('Conv2DBackpropFilter')).toBeUndefined();
  });

  it.each(cases2D)('%s: the filter gradient matches cpu and finite differences', async (_, xShape, wShape, strides, pad) => {
    await checkGradients({ op: conv2d(strides, pad), inputs: [grid(xShape, 1), grid(wShape, 2)], wrt: [1] });
  });

  // Both forms: patchesᵀ · dy when the patch is wide (27 values ≥ 6 × 2 filters), (dyᵀ · patches)ᵀ otherwise (27 < 6 × 6).
  it.each([2, 6])('sums over chunks of samples when the patch matrix is capped (%i filters)', async (filters) => {
    limits.patchFloats = 200; // 6×5 positions × 27 values a sample: one sample per chunk
    await checkGradients({ op: conv2d([1, 1], 'same'), inputs: [grid([3, 6, 5, 3], 3), grid([3, 3, 3, filters], 4)], wrt: [1] });
  });

  it('serves conv1d', async () => {
    const op = (x: tf.Tensor, w: tf.Tensor) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 2, 'same');
    await checkGradients({ op, inputs: [grid([2, 9, 3], 5), grid([3, 3, 4], 6)] });
  });
});

describe('Conv2DBackpropInput (wasm)', () => {
  it('replaces the shipped kernel once wasm is selected', async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('Conv2DBackpropInput', 'wasm')).not.toBe(shippedKernel('Conv2DBackpropInput'));
  });

  it.each(cases2D)('%s: the input gradient matches cpu and finite differences', async (_, xShape, wShape, strides, pad) => {
    await checkGradients({ op: conv2d(strides, pad), inputs: [grid(xShape, 7), grid(wShape, 8)], wrt: [0] });
  });

  it('sums over chunks of samples when the patch matrix is capped', async () => {
    limits.patchFloats = 200;
    await checkGradients({ op: conv2d([2, 1], 'same'), inputs: [grid([3, 6, 5, 3], 9), grid([3, 3, 3, 2], 10)], wrt: [0] });
  });

  it('serves conv2dTranspose (its forward pass)', async () => {
    const op = (x: tf.Tensor, w: tf.Tensor) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 7, 6, 3], 2, 'same');
    const inputs = [grid([2, 4, 3, 4], 11), grid([3, 3, 3, 4], 12)];
    expectCloseTo(await on('wasm', () => forward(op, inputs)), await on('cpu', () => forward(op, inputs)), 1e-6, 'conv2dTranspose');
  });
});

describe('Conv3D (wasm)', () => {
  it.each([...cases3D, ['dilated 2×2×2, same', [1, 5, 5, 5, 2], [2, 2, 2, 2, 3], [1, 1, 1], 'same'] as const])('%s: the same output as cpu', async (_, xShape, wShape, strides, pad) => {
    const dilated = _.startsWith('dilated');
    const op = dilated ? (x: tf.Tensor, w: tf.Tensor) => tf.conv3d(x as tf.Tensor5D, w as tf.Tensor5D, 1, 'same', 'NDHWC', 2) : conv3d(strides as [number, number, number], pad as Pad);
    const inputs = [grid(xShape as number[], 13), grid(wShape as number[], 14)];
    expectCloseTo(await on('wasm', () => forward(op, inputs)), await on('cpu', () => forward(op, inputs)), 1e-6, 'conv3d');
  });
});

describe('Conv3DBackpropFilterV2 (wasm)', () => {
  it.each(cases3D)('%s: the filter gradient matches cpu and finite differences', async (_, xShape, wShape, strides, pad) => {
    await checkGradients({ op: conv3d(strides, pad), inputs: [grid(xShape, 15), grid(wShape, 16)], wrt: [1] });
  });
});

describe('Conv3DBackpropInputV2 (wasm)', () => {
  it.each(cases3D)('%s: the input gradient matches cpu and finite differences', async (_, xShape, wShape, strides, pad) => {
    await checkGradients({ op: conv3d(strides, pad), inputs: [grid(xShape, 17), grid(wShape, 18)], wrt: [0] });
  });
});

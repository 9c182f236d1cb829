/**
 * DepthwiseConv2dNativeBackpropFilter and ...BackpropInput, which
 * tfjs-backend-wasm 4.22 lacks (depthwise and separable convolutions).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { checkGradients, grid, on } from '../gradient-check.ts';

type Pad = 'valid' | 'same';
// (tfjs's depthwise gradient refuses dilations on every backend, so none here.)
const cases: [string, number[], number[], [number, number], Pad, [number, number]][] = [
  ['3×3, same, multiplier 2', [2, 6, 5, 3], [3, 3, 3, 2], [1, 1], 'same', [1, 1]],
  ['3×2, valid, stride 2, multiplier 1', [2, 7, 6, 2], [3, 2, 2, 1], [2, 2], 'valid', [1, 1]],
];

describe('DepthwiseConv2dNative gradients (wasm)', () => {
  it('are registered once wasm is selected (tfjs-backend-wasm has neither)', async () => {
    await on('wasm', () => undefined);
    expect(shippedKernel('DepthwiseConv2dNativeBackpropFilter')).toBeUndefined();
    expect(shippedKernel('DepthwiseConv2dNativeBackpropInput')).toBeUndefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeDefined();
  });

  describe.each(['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'])('%s', (kernel) => {
    const wrt = kernel.endsWith('Filter') ? [1] : [0];
    it.each(cases)('%s: matches cpu and finite differences', async (_, xShape, wShape, strides, pad, dilations) => {
      const op = (x: tf.Tensor, w: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad, 'NHWC', dilations);
      await checkGradients({ op, inputs: [grid(xShape, 1), grid(wShape, 2)], wrt });
    });
  });

  it('serve separableConv2d', async () => {
    const op = (x: tf.Tensor, d: tf.Tensor, p: tf.Tensor) => tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same');
    await checkGradients({ op, inputs: [grid([2, 5, 4, 3], 3), grid([3, 3, 3, 2], 4), grid([1, 1, 6, 4], 5)] });
  });
});

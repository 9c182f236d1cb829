/**
 * Dilated and grouped convolutions by hand (Keras 3's Conv dilation_rate and
 * groups; Keraflow's dilation and groups), and the argument errors they
 * bring. Against tf.layers (dilation) in test/runtime/layers/cases.ts, against
 * Keras 3 (both) in test/keras/conv-layers.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Convolution1D, Input, KeraflowError, Model, ShapeError } from '../../../../runtime/index.ts';
import { layers } from '../../../../runtime/keras/index.ts';
import type { Layer } from '../../../../runtime/engine/layer.ts';

/** The layer's output for one sample `x` [steps, channels] with the kernel `param` (Keraflow's W, Keras's kernel; no bias). */
function outputOf(layer: Layer<any>, x: number[][], kernel: tf.Tensor, param = 'W'): number[][] {
  const input = new Input([x.length, x[0].length]);
  const model = new Model(input, layer.apply(input));
  model.setWeights({ [layer.name]: { [param]: kernel } });
  return tf.tidy(() => (model.predict(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][])[0];
}

describe('dilated convolutions', () => {
  it('take every dilation-th step: y[i] = x[i] + 10 x[i + 2] for taps [1, 10] and dilation 2', () => {
    const x = [[1], [2], [3], [4], [5]];
    expect(outputOf(new Convolution1D(1, 2, { dilation: 2, bias: false }), x, tf.tensor3d([1, 10], [2, 1, 1]))).toEqual([[31], [42], [53]]);
    // Keras's Conv1D, 'same': the span is 3, so one zero before and one after.
    expect(outputOf(new layers.Conv1D(1, 2, { dilationRate: 2, padding: 'same', useBias: false }), x, tf.tensor3d([1, 10], [2, 1, 1]), 'kernel')).toEqual([[20], [31], [42], [53], [4]]);
  });

  it('refuse a stride above 1 with them, and shapes count the dilated span', () => {
    expect(() => new Convolution1D(1, 2, { dilation: 2, stride: 2 })).toThrow(/a stride above 1 and a dilation above 1 do not go together/);
    expect(() => new layers.Conv2D(1, 3, { dilationRate: 2 }).apply(new Input([4, 9, 1]))).toThrow(ShapeError);
    expect(new layers.Conv2D(1, 3, { dilationRate: [2, 3] }).apply(new Input([5, 9, 1])).shape).toEqual([null, 1, 3, 1]);
  });
});

describe('grouped convolutions', () => {
  it('convolve each run of channels with its own kernels, outputs in group order', () => {
    // Two groups of one channel each, one kernel each: y = [2 x₀, 3 x₁].
    const x = [
      [1, 5],
      [2, 6],
    ];
    expect(outputOf(new Convolution1D(2, 1, { groups: 2, bias: false }), x, tf.tensor3d([2, 3], [1, 1, 2]))).toEqual([
      [2, 15],
      [4, 18],
    ]);
    // Keras's kernel for groups 2 is [kernel, channels / groups, filters]: 4 channels, 2 filters -> [1, 2, 2].
    const grouped = new layers.Conv1D(2, 1, { groups: 2, useBias: false });
    // Filter 0 sees channels 0-1 (weights 1, 10), filter 1 channels 2-3 (weights 100, 1000).
    expect(outputOf(grouped, [[1, 2, 3, 4]], tf.tensor3d([1, 100, 10, 1000], [1, 2, 2]), 'kernel')).toEqual([[21, 4300]]);
  });

  it('need groups to divide the kernels and the channels', () => {
    expect(() => new layers.Conv2D(3, 3, { groups: 2 })).toThrow(KeraflowError);
    expect(() => new layers.Conv2D(3, 3, { groups: 2 })).toThrow(/groups \(2\) must divide the number of kernels, but it is 3/);
    expect(() => new layers.Conv2D(4, 1, { groups: 2 }).apply(new Input([3, 3, 3]))).toThrow(/has groups 2, which must divide the input's 3 channels/);
  });
});

/**
 * The transposed convolutions by hand: where each input value's kernel lands
 * (the kernel is not flipped the wrong way, 'same' crops at the end as Keras
 * does), output_padding, dilation, and the argument errors Keras gives too.
 * Against tf.layers in test/runtime/layers/cases.ts, against Keras 3 in
 * test/keras/conv-layers.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, KeraflowError, Model } from '../../../../runtime/index.ts';
import { layers } from '../../../../runtime/keras/index.ts';
import type { Layer } from '../../../../runtime/engine/layer.ts';

/** The layer's output for x = [1, 2, 3] (one channel, one sample) with kernel taps `taps` and no bias. */
function transposeOfSteps(layer: Layer<any>, taps: number[], steps = [1, 2, 3]): number[] {
  const input = new Input([steps.length, 1]);
  const model = new Model(input, layer.apply(input));
  model.setWeights({ [layer.name]: { kernel: tf.tensor3d(taps, [taps.length, 1, 1]) } });
  return tf.tidy(() => Array.from((model.predict(tf.tensor3d(steps, [1, steps.length, 1])) as tf.Tensor).dataSync()));
}

describe('Conv1DTranspose by hand', () => {
  it("adds x[i] · kernel into the output from i · strides ('valid': nothing cropped)", () => {
    expect(transposeOfSteps(new layers.Conv1DTranspose(1, 2, { strides: 2, useBias: false }), [1, 10])).toEqual([1, 10, 2, 20, 3, 30]);
    expect(transposeOfSteps(new layers.Conv1DTranspose(1, 3, { strides: 2, useBias: false }), [1, 10, 100])).toEqual([1, 10, 102, 20, 203, 30, 300]);
  });

  it("'same' keeps n · strides values, the full output cropped at the end (Keras's padding); output_padding sets the size", () => {
    expect(transposeOfSteps(new layers.Conv1DTranspose(1, 3, { strides: 2, padding: 'same', useBias: false }), [1, 10, 100])).toEqual([1, 10, 102, 20, 203, 30]);
    // (3 - 1) · 2 + 3 - 2 · 1 + 1 = 6: the same 6 values.
    expect(transposeOfSteps(new layers.Conv1DTranspose(1, 3, { strides: 2, padding: 'same', outputPadding: 1, useBias: false }), [1, 10, 100])).toEqual([1, 10, 102, 20, 203, 30]);
    // 'valid' with output_padding 1: one zero after the 7 values.
    expect(transposeOfSteps(new layers.Conv1DTranspose(1, 3, { strides: 2, outputPadding: 1, useBias: false }), [1, 10, 100])).toEqual([1, 10, 102, 20, 203, 30, 300, 0]);
  });

  it('dilation_rate spreads the kernel taps', () => {
    // Taps at offsets 0 and 2: y[i] += x[i], y[i + 2] += 10 x[i].
    expect(transposeOfSteps(new layers.Conv1DTranspose(1, 2, { dilationRate: 2, useBias: false }), [1, 10])).toEqual([1, 2, 13, 20, 30]);
  });

  it('refuses output_padding not below the strides, and strides with dilation, as Keras does', () => {
    expect(() => new layers.Conv2DTranspose(1, 3, { strides: 2, outputPadding: [1, 2] })).toThrow(KeraflowError);
    expect(() => new layers.Conv2DTranspose(1, 3, { strides: 2, outputPadding: [1, 2] })).toThrow(/output_padding must be less than its stride/);
    expect(() => new layers.Conv1DTranspose(1, 3, { strides: 2, dilationRate: 2 })).toThrow(/strides above 1 and dilation_rate above 1/);
  });
});

/** Keras 3's activation layers by hand where tf.layers lacks their options: ReLU's negative_slope and threshold, Softmax's axis check. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

describe('Keras activation layers', () => {
  it('ReLU: x from the threshold up (capped at max_value), negative_slope · (x - threshold) below', () => {
    const x = new Input([4]);
    const model = new Model(x, new layers.ReLU({ maxValue: 2, negativeSlope: 0.1, threshold: 0.5 }).apply(x));
    const y = Array.from((model.predict(tf.tensor([[-1, 0.5, 1, 3]])) as tf.Tensor).dataSync());
    [-0.15, 0.5, 1, 2].forEach((expected, i) => expect(y[i]).toBeCloseTo(expected, 6));
  });

  it('ELU(alpha=0.5): x above 0, 0.5 · (exp(x) - 1) below', () => {
    const x = new Input([3]);
    const model = new Model(x, new layers.ELU({ alpha: 0.5 }).apply(x));
    const y = Array.from((model.predict(tf.tensor([[-2, 0, 1.5]])) as tf.Tensor).dataSync());
    [0.5 * (Math.exp(-2) - 1), 0, 1.5].forEach((expected, i) => expect(y[i]).toBeCloseTo(expected, 6));
  });

  it('Softmax(axis=1) normalizes the first axis after the batch', () => {
    const x = new Input([2, 2]);
    const model = new Model(x, new layers.Softmax({ axis: 1 }).apply(x));
    const y = (
      model.predict(
        tf.tensor([
          [
            [0, 1],
            [Math.log(3), 1],
          ],
        ]),
      ) as tf.Tensor
    ).arraySync() as number[][][];
    // Column 0: e^0 and e^ln3 -> 1/4, 3/4; column 1: equal -> 1/2, 1/2.
    [
      [0.25, 0.5],
      [0.75, 0.5],
    ].forEach((row, r) => row.forEach((expected, c) => expect(y[0][r][c]).toBeCloseTo(expected, 6)));
  });

  it('Softmax refuses the batch axis', () => {
    expect(() => new layers.Softmax({ axis: 0 }).apply(new Input([3]))).toThrow(/softmax_\d+ \(Softmax\) normalizes along axis 0, which must be an axis after the batch/);
  });
});

/** Keras 3's normalizations count the batch axis in `axis`, as Keras does: axis=1 is the first axis after the batch. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

describe('Keras normalizations', () => {
  it('BatchNormalization(axis=1) normalizes the first axis after the batch (by hand: tf.layers gets other axes wrong in inference)', () => {
    const x = new Input([3, 4]);
    const layer = new layers.BatchNormalization({ axis: 1 });
    const model = new Model(x, layer.apply(x));
    expect(Object.fromEntries(Object.entries(layer.weights).map(([name, value]) => [name, value.shape]))).toEqual({
      gamma: [3],
      beta: [3],
      moving_mean: [3],
      moving_variance: [3],
    });
    const statistics = { gamma: [1, 2, 3], beta: [0, 1, 0], moving_mean: [0.5, 0, -1], moving_variance: [1, 4, 2] };
    for (const [name, values] of Object.entries(statistics)) layer.variables[name].assign(tf.tensor(values));
    const rows = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ];
    // Row r: gamma_r (x - mean_r) / sqrt(variance_r + 0.001) + beta_r.
    const expected = rows.map((row, r) => row.map((value) => (statistics.gamma[r] * (value - statistics.moving_mean[r])) / Math.sqrt(statistics.moving_variance[r] + 1e-3) + statistics.beta[r]));
    const actual = (model.predict(tf.tensor([rows])) as tf.Tensor).arraySync() as number[][][];
    actual[0].forEach((row, r) => row.forEach((value, c) => expect(value).toBeCloseTo(expected[r][c], 4)));
  });

  it('LayerNormalization(axis=[1, 2]) normalizes both axes after the batch', () => {
    const x = new Input([3, 4]);
    const layer = new layers.LayerNormalization({ axis: [1, 2] });
    new Model(x, layer.apply(x));
    expect(layer.weights.gamma.shape).toEqual([3, 4]);
  });
});

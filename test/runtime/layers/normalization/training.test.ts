import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BatchNormalization, Dense, Input, Model } from '../../../../runtime/index.ts';

describe('BatchNormalization in fit', () => {
  it("fit moves BatchNormalization's moving statistics towards the data; predict then uses them", async () => {
    const norm = new BatchNormalization({ momentum: 0.5 });
    const x = new Input([2]);
    const model = new Model(x, new Dense(1).apply(norm.apply(x)));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const data = tf.add(tf.mul(tf.randomNormal([64, 2]), 3), 10);
    const target = tf.randomNormal([64, 1]);
    const before = tf.memory().numTensors;
    await model.fit(data, target, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false });
    expect(tf.memory().numTensors).toBe(before);
    const mean = Array.from(norm.weights.moving_mean.dataSync());
    // 12 batches with momentum 0.5 bring the moving mean from 0 to about the data's mean (10).
    mean.forEach((value) => expect(value).toBeGreaterThan(8));
    // predict uses the moving statistics: the normalized data has a mean near 0.
    const normalized = new Model(x, norm.apply(x)).predict(data) as tf.Tensor;
    expect(Math.abs(tf.tidy(() => tf.mean(normalized).dataSync()[0]))).toBeLessThan(1);
    tf.dispose([data, target, normalized]);
  });
});

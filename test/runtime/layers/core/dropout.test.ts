import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Dropout, Input, KeraflowError, Model } from '../../../../runtime/index.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** Runs the layer in training mode on `x`, as fit does. */
function trainingOutput(layer: Dropout, x: tf.Tensor): tf.Tensor {
  const input = new Input(x.shape.slice(1));
  const model = new Model(input, layer.apply(input));
  return tf.tidy(() => model.execute([x], { training: true })[0]);
}

describeOnBackends('Dropout', () => {
  it('is the identity outside training, as tf.layers.dropout', () => {
    const result = checkLayer({ make: () => new Dropout(0.5), input: [4, 3], symbolic: { input: [symbol('T'), 3], bindings: { T: 4 } } });
    compareWithOracle(result, tfl.layers.dropout({ rate: 0.5 }));
    expect(result.y.arraySync()).toEqual(result.x[0].arraySync());
  });

  it('in training drops a fraction dropRate and scales the rest by 1 / (1 - dropRate)', () => {
    const rate = 0.3;
    const x = tf.ones([100, 100]);
    const y = trainingOutput(new Dropout(rate), x);
    const values = Array.from(y.dataSync() as Float32Array);
    const dropped = values.filter((v) => v === 0).length / values.length;
    // 10,000 draws: the standard deviation of the fraction is 0.0046; 0.03 is over 6 of them.
    expect(Math.abs(dropped - rate)).toBeLessThan(0.03);
    const kept = values.filter((v) => v !== 0);
    for (const v of kept) expect(v).toBeCloseTo(1 / (1 - rate), 5);
    // The mean is kept (inverted dropout): within 6 standard deviations.
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 1)).toBeLessThan(6 * Math.sqrt(rate / (1 - rate) / values.length));
    tf.dispose([x, y]);
  });

  it('in training passes the gradient of the kept values only, scaled', () => {
    const x = tf.ones([20, 50]);
    const input = new Input([50]);
    const model = new Model(input, new Dropout(0.5).apply(input));
    const gradient = tf.grad((value: tf.Tensor) => tf.sum(model.execute([value], { training: true })[0]))(x);
    // d(sum y)/dx is the mask over (1 - dropRate): 0 where dropped, 2 where kept.
    const values = gradient.dataSync();
    expect(values.every((v) => v === 0 || v === 2)).toBe(true);
    expect(values.some((v) => v === 0) && values.some((v) => v === 2)).toBe(true);
    tf.dispose([x, gradient]);
  });

  it('with dropRate 0 is the identity in training too', () => {
    const x = tf.randomNormal([3, 4]);
    const y = trainingOutput(new Dropout(0), x);
    expect(y.arraySync()).toEqual(x.arraySync());
    tf.dispose([x, y]);
  });
});

describe('Dropout arguments', () => {
  it('dropRate must be in [0, 1)', () => {
    expect(() => new Dropout(1)).toThrow(KeraflowError);
    expect(() => new Dropout(1)).toThrow(/argument 'dropRate' must be a number ≥ 0 and < 1, but got 1/);
    expect(() => new Dropout(-0.1)).toThrow(/argument 'dropRate' must be a number ≥ 0 and < 1, but got -0.1/);
    expect(() => new Dropout('0.5' as never)).toThrow(/argument 'dropRate' must be a number ≥ 0 and < 1, but got "0.5"/);
  });
});

/**
 * Keras 3's noise layers (runtime/keras/layers/regularization/; all but
 * AlphaDropout run Keraflow's, runtime/layers/noise/): the exact identity
 * outside training, and in training noise of the documented kind, checked
 * by its statistics and structure on large inputs. tf's random ops
 * draw their seeds from Math.random, which each test seeds, so every run
 * draws the same noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Input, type Layer, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';
import { generator } from '../../../keras/seeded.ts';

beforeEach(() => {
  const random = generator(2024);
  vi.spyOn(Math, 'random').mockImplementation(() => random.int(0, 999_999_999) / 1e9);
});
afterEach(() => vi.restoreAllMocks());

/** The layer on `x` in training mode (as during fit) or not (predict). */
function run(layer: Layer<any>, x: tf.Tensor, training: boolean): tf.Tensor {
  const input = new Input(x.shape.slice(1));
  const model = new Model(input, layer.apply(input));
  return training ? model.execute([x], { training: true })[0] : (model.predict(x) as tf.Tensor);
}

function meanAndDeviation(t: tf.Tensor): [number, number] {
  const { mean, variance } = tf.moments(t);
  const result: [number, number] = [mean.dataSync()[0], Math.sqrt(variance.dataSync()[0])];
  tf.dispose([mean, variance]);
  return result;
}

const noiseLayers: [string, () => Layer<any>, number[]][] = [
  ['GaussianNoise(0.5)', () => new layers.GaussianNoise(0.5), [4, 5]],
  ['GaussianDropout(0.3)', () => new layers.GaussianDropout(0.3), [4, 5]],
  ['AlphaDropout(0.2)', () => new layers.AlphaDropout(0.2), [4, 5]],
  ['SpatialDropout1D(0.5)', () => new layers.SpatialDropout1D(0.5), [4, 3, 5]],
  ['SpatialDropout2D(0.5)', () => new layers.SpatialDropout2D(0.5), [4, 3, 3, 5]],
  ['SpatialDropout3D(0.5)', () => new layers.SpatialDropout3D(0.5), [4, 2, 3, 3, 5]],
];

describe('Keras noise layers', () => {
  it.each(noiseLayers)('%s is exactly the identity outside training, and changes values in training', (_, make, shape) => {
    const x = tf.randomNormal(shape);
    const predicted = run(make(), x, false);
    expect(Array.from(predicted.dataSync())).toEqual(Array.from(x.dataSync()));
    const trained = run(make(), x, true);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(trained, x))).dataSync()[0])).toBeGreaterThan(0.01);
    tf.dispose([x, predicted, trained]);
  });

  it('GaussianNoise adds noise of mean 0 and deviation stddev', () => {
    const x = tf.fill([200, 50], 3);
    const noise = tf.sub(run(new layers.GaussianNoise(0.5), x, true), 3);
    const [mean, deviation] = meanAndDeviation(noise);
    // 10000 draws: the mean's own deviation is 0.005.
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(deviation).toBeCloseTo(0.5, 1);
    tf.dispose([x, noise]);
  });

  it('GaussianDropout keeps the mean, with the deviation of dropout at that rate, sqrt(rate / (1 - rate))', () => {
    const x = tf.fill([200, 50], 2);
    const factor = tf.div(run(new layers.GaussianDropout(0.3), x, true), 2);
    const [mean, deviation] = meanAndDeviation(factor);
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(deviation - Math.sqrt(0.3 / 0.7))).toBeLessThan(0.02);
    tf.dispose([x, factor]);
  });

  it("AlphaDropout sets a fraction rate to one value (SELU's saturation, rescaled) and keeps a standard normal input's mean and variance", () => {
    const rate = 0.2;
    const x = tf.randomNormal([200, 50]);
    const y = run(new layers.AlphaDropout(rate), x, true);
    // By hand: dropped values become -αλ, then everything goes through a·x + b.
    const dropped = -1.6732632423543772 * 1.0507009873554805;
    const a = ((1 - rate) * (1 + rate * dropped ** 2)) ** -0.5;
    const b = -a * dropped * rate;
    const [xs, ys] = [x.dataSync(), y.dataSync()];
    let droppedCount = 0;
    for (let i = 0; i < xs.length; i++) {
      if (Math.abs(ys[i] - (a * dropped + b)) < 1e-5) droppedCount++;
      else expect(ys[i]).toBeCloseTo(a * xs[i] + b, 5);
    }
    expect(Math.abs(droppedCount / xs.length - rate)).toBeLessThan(0.02);
    const [mean, deviation] = meanAndDeviation(y);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(deviation - 1)).toBeLessThan(0.05);
    tf.dispose([x, y]);
  });

  it.each([
    ['SpatialDropout1D', () => new layers.SpatialDropout1D(0.5), [60, 7, 4], 2],
    ['SpatialDropout2D', () => new layers.SpatialDropout2D(0.5), [60, 3, 5, 4], 3],
    ['SpatialDropout2D channels_first', () => new layers.SpatialDropout2D(0.5, { dataFormat: 'channels_first' }), [60, 4, 3, 5], 1],
    ['SpatialDropout3D', () => new layers.SpatialDropout3D(0.5), [60, 2, 3, 2, 4], 4],
  ] as const)('%s drops whole channels of each sample and doubles the rest', (_, make, shape, channelAxis) => {
    const x = tf.ones([...shape]);
    const y = run(make(), x, true);
    // Channels to the front of each sample: every channel is then one row of its values.
    const rest = shape.filter((_, axis) => axis !== 0 && axis !== channelAxis).reduce((n, size) => n * size, 1);
    const perm = [0, channelAxis, ...shape.map((_, axis) => axis).filter((axis) => axis !== 0 && axis !== channelAxis)];
    const rows = tf.tidy(() => tf.reshape(tf.transpose(y, perm), [-1, rest]).arraySync() as number[][]);
    for (const row of rows) expect(new Set(row).size === 1 && (row[0] === 0 || row[0] === 2), `a channel is all 0 or all 2: ${row}`).toBe(true);
    const droppedFraction = rows.filter((row) => row[0] === 0).length / rows.length;
    // 240 channels: the fraction's deviation is 0.032.
    expect(Math.abs(droppedFraction - 0.5)).toBeLessThan(0.15);
    tf.dispose([x, y]);
  });

  it('SpatialDropout2D takes images only (rank 4, batch included)', () => {
    expect(() => new layers.SpatialDropout2D(0.5).apply(new Input([5, 3]))).toThrow(
      "(SpatialDropout2D) takes inputs of rank 4, [batch, rows, cols, channels] with dataFormat 'channels_last', but got [batch, 5, 3]",
    );
  });
});

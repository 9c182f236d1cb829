/**
 * Keras 3's initializer objects (runtime/keras/initializers.ts): the
 * statistics of large draws against Keras's formulas (VarianceScaling's
 * deviation sqrt(scale / n), its truncated normal corrected by 0.8796 and
 * cut at two deviations), seeds, bad arguments, and the Keras dialect's
 * layers reading Keras's names through them while Keraflow's keep theirs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model } from '../../../runtime/index.ts';
import { initializers, layers } from '../../../runtime/keras/index.ts';
import { initializerFromKeras, kerasInitializer } from '../../../runtime/engine/keras.ts';
import { describeArchitecture } from '../../../runtime/saving/architecture.ts';
import { buildArchitecture } from '../../../runtime/saving/architecture-reader.ts';

interface Statistics {
  mean: number;
  deviation: number;
  min: number;
  max: number;
}

function statisticsOf(values: ArrayLike<number>): Statistics {
  const list = Array.from(values);
  const mean = list.reduce((a, b) => a + b, 0) / list.length;
  const deviation = Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / list.length);
  return { mean, deviation, min: Math.min(...list), max: Math.max(...list) };
}

function draw(initializer: (shape: number[]) => tf.Tensor, shape: number[]): Statistics {
  return statisticsOf(tf.tidy(() => initializer(shape).dataSync()));
}

// [200, 300]: 60,000 draws; fan_in 200, fan_out 300, fan_avg 250.
const shape = [200, 300];

/** A truncated normal of deviation `deviation` (after the cut), centred on `mean`: inside mean ± 2σ, σ = deviation / 0.8796. */
function expectTruncated(s: Statistics, deviation: number, mean = 0): void {
  const sigma = deviation / 0.87962566103423978;
  expect(Math.abs(s.mean - mean)).toBeLessThan(0.03 * deviation);
  expect(Math.abs(s.deviation / deviation - 1)).toBeLessThan(0.03);
  expect(s.min).toBeGreaterThanOrEqual(mean - 2 * sigma - 1e-6);
  expect(s.max).toBeLessThanOrEqual(mean + 2 * sigma + 1e-6);
  expect(s.max).toBeGreaterThan(mean + 1.9 * sigma);
}

function expectUniform(s: Statistics, limit: number): void {
  expect(s.min).toBeGreaterThanOrEqual(-limit);
  expect(s.max).toBeLessThanOrEqual(limit);
  expect(s.max).toBeGreaterThan(0.99 * limit);
  expect(Math.abs(s.deviation / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.03);
}

describe("Keras's initializer objects: statistics of a large draw against Keras's formulas", () => {
  it('GlorotNormal, HeNormal, LecunNormal: truncated normals keeping the deviation sqrt(scale / n)', () => {
    expectTruncated(draw(new initializers.GlorotNormal(), shape), Math.sqrt(2 / 500));
    expectTruncated(draw(new initializers.HeNormal(), shape), Math.sqrt(2 / 200));
    expectTruncated(draw(new initializers.LecunNormal(), shape), Math.sqrt(1 / 200));
  });

  it('GlorotUniform, HeUniform, LecunUniform: uniform on ±sqrt(3 · scale / n)', () => {
    expectUniform(draw(new initializers.GlorotUniform(), shape), Math.sqrt(6 / 500));
    expectUniform(draw(new initializers.HeUniform(), shape), Math.sqrt(6 / 200));
    expectUniform(draw(new initializers.LecunUniform(), shape), Math.sqrt(3 / 200));
  });

  it('VarianceScaling: scale, each mode and each distribution', () => {
    expectTruncated(draw(new initializers.VarianceScaling(3, 'fan_out'), shape), Math.sqrt(3 / 300));
    expectUniform(draw(new initializers.VarianceScaling(2, 'fan_avg', 'uniform'), shape), Math.sqrt((3 * 2) / 250));
    const plain = draw(new initializers.VarianceScaling(1, 'fan_in', 'untruncated_normal'), shape);
    expect(Math.abs(plain.deviation / Math.sqrt(1 / 200) - 1)).toBeLessThan(0.03);
    // Not cut: a draw of 60,000 goes beyond three deviations.
    expect(plain.max).toBeGreaterThan(3 * Math.sqrt(1 / 200));
    // Keras reads 'normal' as 'truncated_normal', and saves it so.
    expect(new initializers.VarianceScaling(1, 'fan_in', 'normal').getConfig()).toEqual({ scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null });
  });

  it('TruncatedNormal(mean, stddev) cuts at two stddev without correcting (its deviation is 0.88 · stddev); RandomNormal, RandomUniform as given', () => {
    expectTruncated(draw(new initializers.TruncatedNormal(0.5, 0.02), shape), 0.02 * 0.87962566103423978, 0.5);
    const normal = draw(new initializers.RandomNormal(-1, 0.3), shape);
    expect(Math.abs(normal.mean + 1)).toBeLessThan(0.01);
    expect(Math.abs(normal.deviation / 0.3 - 1)).toBeLessThan(0.03);
    const uniform = draw(new initializers.RandomUniform(2, 4), shape);
    expect(uniform.min).toBeGreaterThanOrEqual(2);
    expect(uniform.max).toBeLessThanOrEqual(4);
    expect(Math.abs(uniform.mean - 3)).toBeLessThan(0.01);
  });

  it('Constant, Zeros, Ones, Identity(gain) on a rectangular matrix, Orthogonal(gain)', () => {
    expect(Array.from(new initializers.Constant(0.1)([3]).dataSync())).toEqual([0.1, 0.1, 0.1].map(Math.fround));
    expect(Array.from(new initializers.Zeros()([2]).dataSync())).toEqual([0, 0]);
    expect(Array.from(new initializers.Ones()([2]).dataSync())).toEqual([1, 1]);
    expect(new initializers.Identity(2)([2, 3]).arraySync()).toEqual([
      [2, 0, 0],
      [0, 2, 0],
    ]);
    expect(() => new initializers.Identity()([2, 2, 2])).toThrow('Identity initializes 2-D parameters only, but got shape [2, 2, 2]');
    const q = new initializers.Orthogonal(3)([6, 4]);
    const gram = tf.matMul(q, q, true, false).arraySync() as number[][];
    gram.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? 9 : 0, 4)));
  });
});

describe("Keras's initializer objects: seeds, arguments, configs", () => {
  it('the same seed gives the same values, another seed or none other values', () => {
    for (const make of [(seed?: number) => new initializers.HeNormal(seed), (seed?: number) => new initializers.RandomUniform(-1, 1, seed), (seed?: number) => new initializers.Orthogonal(1, seed)]) {
      const first = make(7)([30, 20]).dataSync();
      expect(Array.from(make(7)([30, 20]).dataSync())).toEqual(Array.from(first));
      expect(Array.from(make(8)([30, 20]).dataSync())).not.toEqual(Array.from(first));
      expect(Array.from(make()([30, 20]).dataSync())).not.toEqual(Array.from(make()([30, 20]).dataSync()));
    }
  });

  it("configs are Keras's get_config, every argument included", () => {
    expect(new initializers.HeNormal(1).getConfig()).toEqual({ seed: 1 });
    expect(new initializers.TruncatedNormal(undefined, 0.02, 3).getConfig()).toEqual({ mean: 0, stddev: 0.02, seed: 3 });
    expect(new initializers.Orthogonal().getConfig()).toEqual({ gain: 1, seed: null });
    expect(new initializers.Zeros().getConfig()).toEqual({});
    expect(new initializers.HeNormal(1).className).toBe('HeNormal');
  });

  it('export: Keras 3 and TensorFlow.js configs (TensorFlow.js spells LeCun, lacks the untruncated normal); import: the object back, settings kept', () => {
    const fail = (why: string): never => {
      throw new Error(why);
    };
    expect(kerasInitializer(new initializers.VarianceScaling(2, 'fan_out', 'uniform', 4), fail)).toEqual({
      class_name: 'VarianceScaling',
      config: { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 4 },
    });
    expect(kerasInitializer(new initializers.LecunNormal(2), fail, 'tfjs')).toEqual({ class_name: 'LeCunNormal', config: { seed: 2 } });
    expect(() => kerasInitializer(new initializers.VarianceScaling(1, 'fan_in', 'untruncated_normal'), fail, 'tfjs')).toThrow('TensorFlow.js does not have');
    // Keraflow's names keep their scales: its orthogonal has gain 1.1.
    expect(kerasInitializer('orthogonal', fail)).toEqual({ class_name: 'Orthogonal', config: { gain: 1.1, seed: null } });
    const back = initializerFromKeras({ class_name: 'TruncatedNormal', config: { mean: 0, stddev: 0.02, seed: 3 } }, fail);
    expect(back).toBeInstanceOf(initializers.TruncatedNormal);
    expect(back.getConfig()).toEqual({ mean: 0, stddev: 0.02, seed: 3 });
    expect(() => initializerFromKeras({ class_name: 'HeNormal', config: { seed: null, input_axes: [0] } }, fail)).toThrow("has input_axes=[0], which Keraflow's HeNormal does not take");
    expect(() => initializerFromKeras({ class_name: 'STFT', config: {} }, fail)).toThrow('is STFT, which Keraflow does not have');
  });

  it('a wrong argument is a one-line error naming the expected ones', () => {
    expect(() => new initializers.HeNormal({ sed: 1 } as never)).toThrow("HeNormal has no argument 'sed'; did you mean 'seed'?");
    expect(() => new initializers.VarianceScaling(0)).toThrow("VarianceScaling: argument 'scale' must be a number > 0, but got 0");
    expect(() => new initializers.VarianceScaling(1, 'fan' as never)).toThrow("argument 'mode' must be one of 'fan_in', 'fan_out', 'fan_avg'");
  });
});

describe('the Keras dialect reads initializer names as Keras does; Keraflow keeps its own', () => {
  const kernelOf = (layer: { weights: Readonly<Record<string, tf.Tensor>> }, name: string) => statisticsOf(layer.weights[name].dataSync());

  it("a Keras Dense's he_normal is a truncated normal, a Keraflow Dense's a plain one", () => {
    const input = new Input([400]);
    const keras = new layers.Dense(300, { kernelInitializer: 'he_normal' });
    const keraflow = new Dense(300, { init: 'he_normal' });
    new Model(input, [keras.apply(input), keraflow.apply(input)]);
    expectTruncated(kernelOf(keras, 'kernel'), Math.sqrt(2 / 400));
    // Not cut: 120,000 draws go beyond two deviations.
    expect(kernelOf(keraflow, 'W').max).toBeGreaterThan(2.2 * Math.sqrt(2 / 400));
  });

  it('an initializer object with a seed makes the same weights; its bias initializer too', () => {
    const build = () => {
      const input = new Input([5]);
      const dense = new layers.Dense(4, { kernelInitializer: new initializers.GlorotUniform(11), biasInitializer: new initializers.Constant(0.25) });
      new Model(input, dense.apply(input));
      return dense;
    };
    const [a, b] = [build(), build()];
    expect(Array.from(a.weights.kernel.dataSync())).toEqual(Array.from(b.weights.kernel.dataSync()));
    expect(Array.from(a.weights.bias.dataSync())).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("a model's architecture keeps the objects and their settings", () => {
    const input = new Input([5]);
    const dense = new layers.Dense(4, { kernelInitializer: new initializers.VarianceScaling(2, 'fan_out', 'uniform', 4), name: 'scaled' });
    const saved = describeArchitecture(new Model(input, dense.apply(input)));
    const loaded = buildArchitecture(JSON.parse(JSON.stringify(saved)), 'model.json');
    const initializer = loaded.layers.find((layer) => layer.name === 'scaled')!.args.kernelInitializer;
    expect(initializer).toBeInstanceOf(initializers.VarianceScaling);
    expect((initializer as initializers.Initializer).getConfig()).toEqual({ scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 4 });
  });
});

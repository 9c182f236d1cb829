import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, initializations, Input, KeraflowError } from '../../runtime/index.ts';

interface Statistics {
  mean: number;
  deviation: number;
  min: number;
  max: number;
}

function statistics(init: initializations.Initialization, shape: number[]): Statistics {
  const values = tf.tidy(() => Array.from(init(shape).dataSync()));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const deviation = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, deviation, min: Math.min(...values), max: Math.max(...values) };
}

// [200, 300]: 60,000 draws: the mean is within 0.003 · limit (one deviation), the tolerance is 0.02 · limit.
const shape = [200, 300];
const fanIn = 200;
const fanOut = 300;

/** Uniform on ±limit: inside the bounds, reaching near them, deviation limit / sqrt(3). */
function expectUniform(init: initializations.Initialization, limit: number, at = shape): void {
  const s = statistics(init, at);
  expect(s.min).toBeGreaterThanOrEqual(-limit);
  expect(s.max).toBeLessThanOrEqual(limit);
  expect(s.min).toBeLessThan(-0.99 * limit);
  expect(s.max).toBeGreaterThan(0.99 * limit);
  expect(Math.abs(s.mean)).toBeLessThan(0.02 * limit);
  expect(s.deviation / (limit / Math.sqrt(3))).toBeCloseTo(1, 1);
}

function expectNormal(init: initializations.Initialization, deviation: number): void {
  const s = statistics(init, shape);
  expect(Math.abs(s.mean)).toBeLessThan(0.02 * deviation);
  expect(Math.abs(s.deviation / deviation - 1)).toBeLessThan(0.05);
}

describe('initializations: statistics and scales', () => {
  it('uniform and normal with scale 0.05', () => {
    expectUniform(initializations.get('uniform'), 0.05);
    expectNormal(initializations.get('normal'), 0.05);
  });

  it('lecun_uniform, glorot_*, he_* from the fans', () => {
    expectUniform(initializations.get('lecun_uniform'), Math.sqrt(3 / fanIn));
    expectUniform(initializations.get('glorot_uniform'), Math.sqrt(6 / (fanIn + fanOut)));
    expectNormal(initializations.get('glorot_normal'), Math.sqrt(2 / (fanIn + fanOut)));
    expectUniform(initializations.get('he_uniform'), Math.sqrt(6 / fanIn));
    expectNormal(initializations.get('he_normal'), Math.sqrt(2 / fanIn));
  });

  it("Keras's truncated normals: truncated_normal (deviation 0.05), lecun_normal and variance_scaling (sqrt(1 / fan_in)), cut at two deviations", () => {
    // A standard normal cut at ±2 has deviation 0.8796: TruncatedNormal(0.05) keeps that much of 0.05; LecunNormal divides it out.
    const cases: [string, number, number][] = [
      ['truncated_normal', 0.05, 0.05 * 0.87962566103423978],
      ['TruncatedNormal', 0.05, 0.05 * 0.87962566103423978],
      ['lecun_normal', Math.sqrt(1 / fanIn) / 0.87962566103423978, Math.sqrt(1 / fanIn)],
      ['VarianceScaling', Math.sqrt(1 / fanIn) / 0.87962566103423978, Math.sqrt(1 / fanIn)],
    ];
    for (const [name, cut, deviation] of cases) {
      const s = statistics(initializations.get(name), shape);
      expect(s.min).toBeGreaterThanOrEqual(-2 * cut * 1.0001);
      expect(s.max).toBeLessThanOrEqual(2 * cut * 1.0001);
      expect(Math.abs(s.mean)).toBeLessThan(0.02 * deviation);
      expect(Math.abs(s.deviation / deviation - 1)).toBeLessThan(0.05);
    }
  });

  it('the fans of a kernel multiply by its receptive field', () => {
    expect(initializations.fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(initializations.fans([10])).toEqual({ fanIn: 10, fanOut: 10 });
    // 73,728 draws, as many as above, so that the same tolerances hold.
    expectUniform(initializations.get('he_uniform'), Math.sqrt(6 / (3 * 3 * 64)), [3, 3, 64, 128]);
  });

  it('zero and one', () => {
    expect(tf.tidy(() => initializations.get('zero')([2, 2]).arraySync())).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(tf.tidy(() => initializations.get('one')([3]).arraySync())).toEqual([1, 1, 1]);
  });

  it("Keras's names are the same initializations (Keras's defaults are Keraflow's scales)", () => {
    const same: Record<string, string[]> = {
      uniform: ['random_uniform', 'RandomUniform'],
      normal: ['random_normal', 'RandomNormal'],
      lecun_uniform: ['LecunUniform'],
      glorot_normal: ['GlorotNormal'],
      glorot_uniform: ['GlorotUniform'],
      he_normal: ['HeNormal'],
      he_uniform: ['HeUniform'],
      identity: ['Identity'],
      zero: ['zeros', 'Zeros'],
      one: ['ones', 'Ones'],
    };
    for (const [name, aliases] of Object.entries(same)) {
      for (const alias of aliases) expect(initializations.get(alias)).toBe(initializations.get(name));
    }
    expectUniform(initializations.get('RandomUniform'), 0.05);
    expectNormal(initializations.get('random_normal'), 0.05);
    expect(tf.tidy(() => initializations.get('Zeros')([2]).arraySync())).toEqual([0, 0]);
  });
});

describe('orthogonal and identity', () => {
  /** Q^T Q (tall) or Q Q^T (wide) is scale² times the identity. */
  function expectOrthogonal(rows: number, columns: number, name = 'orthogonal', gain = 1.1): void {
    tf.tidy(() => {
      const q = initializations.get(name)([rows, columns]);
      const gram = rows >= columns ? tf.matMul(q, q, true, false) : tf.matMul(q, q, false, true);
      const size = Math.min(rows, columns);
      const difference = tf.max(tf.abs(tf.sub(gram, tf.mul(tf.eye(size), gain * gain)))).dataSync()[0];
      expect(difference).toBeLessThan(1e-4);
    });
  }

  it('orthogonal is orthogonal (scale 1.1), square, tall and wide', () => {
    expectOrthogonal(8, 8);
    expectOrthogonal(12, 5);
    expectOrthogonal(5, 12);
  });

  it("Keras's Orthogonal has gain 1", () => {
    expectOrthogonal(8, 8, 'Orthogonal', 1);
    expectOrthogonal(5, 12, 'Orthogonal', 1);
  });

  it('identity is the identity (scale 1), with a scale when called directly', () => {
    expect(tf.tidy(() => initializations.get('identity')([3, 3]).arraySync())).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(tf.tidy(() => initializations.identity([2, 2], 0.5).arraySync())).toEqual([
      [0.5, 0],
      [0, 0.5],
    ]);
  });

  it('identity of a non-square parameter is a KeraflowError naming the layer and the parameter', () => {
    const build = () => new Dense(3, { init: 'identity', name: 'square' }).apply(new Input([2]));
    expect(build).toThrow(KeraflowError);
    expect(build).toThrow("square: cannot initialize parameter 'W' of shape [2, 3]: identity initialization needs a square matrix, got shape [2, 3]");
  });

  it('a Dense with identity on a square W computes its input (plus zero bias)', () => {
    const input = new Input([3]);
    const layer = new Dense(3, { init: 'identity' });
    layer.apply(input);
    expect(layer.weights.W.arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });
});

describe('initializations.get', () => {
  it('takes a function; a function of the wrong shape is refused by the layer', () => {
    const ones = (s: number[]) => tf.ones(s);
    expect(initializations.get(ones)).toBe(ones);
    const build = () => new Dense(2, { init: () => tf.ones([5]), name: 'bad' }).apply(new Input([3]));
    expect(build).toThrow("bad: the initialization of parameter 'W' gave a tensor of shape [5], but a tensor of shape [3, 2] was expected");
  });

  it('an unknown alias names the layer and suggests', () => {
    expect(() => new Dense(2, { init: 'glorot_unifrom', name: 'd' })).toThrow(
      "d: argument 'init' must be an initialization name or function, but got \"glorot_unifrom\"; did you mean 'glorot_uniform'?",
    );
    expect(() => initializations.get('he', { layer: 'd', argument: 'init' })).toThrow(KeraflowError);
  });
});

/**
 * GRU with resetAfter (Keras 3's default) against hand computation: tf.layers 4.22 refuses resetAfter, so
 * its oracle is arithmetic here and Keras 3 itself in test/keras/import.test.ts (gru_reset_after).
 */
import * as tf from '@tensorflow/tfjs-core';
// Training registers the gradients; this test takes one directly.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import { GRU, Input, Model } from '../../../../runtime/index.ts';
import { kerasArchive } from '../../../../runtime/saving/keras-archive.ts';
import { modelFromKerasArchive } from '../../../../runtime/saving/keras-import.ts';
import { describeOnBackends } from '../on-backends.ts';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
// One unit, one feature: every parameter a number.
const p = { W_z: 0.5, W_r: -0.4, W_h: 0.9, U_z: 0.3, U_r: 0.7, U_h: -0.6, b_z: 0.1, b_r: -0.2, b_h: 0.05, br_z: 0.25, br_r: -0.15, br_h: 0.4 };
const initialWeights = Object.fromEntries(Object.entries(p).map(([name, v]) => [name, name.startsWith('b') ? [v] : [[v]]]));

/** One step by Keras 3's formula: r scales h·U_h + br_h, after the product. */
function step(x: number, h: number, params: typeof p = p): { h: number; z: number; r: number; c: number } {
  const p = params;
  const z = sigmoid(x * p.W_z + p.b_z + h * p.U_z + p.br_z);
  const r = sigmoid(x * p.W_r + p.b_r + h * p.U_r + p.br_r);
  const c = Math.tanh(x * p.W_h + p.b_h + r * (h * p.U_h + p.br_h));
  return { h: z * h + (1 - z) * c, z, r, c };
}

/** Random biases (zeros would not tell the rows apart) for every gate's input and recurrent bias. */
function randomBiases(units: number): Record<string, number[]> {
  return Object.fromEntries(['b_z', 'b_r', 'b_h', 'br_z', 'br_r', 'br_h'].map((name) => [name, Array.from(tf.randomNormal([units]).dataSync())]));
}

describeOnBackends('GRU resetAfter', () => {
  it('has the recurrent biases br_z, br_r, br_h and follows the formula step by step', () => {
    const gru = new GRU(1, { resetAfter: true, innerActivation: 'sigmoid', returnSequences: true, initialWeights });
    const input = new Input([3, 1]);
    const model = new Model(input, gru.apply(input));
    expect(Object.keys(gru.weights).sort()).toEqual(Object.keys(p).sort());
    expect(model.countParams().total).toBe(12);
    const xs = [1, -2, 0.5];
    const expected: number[] = [];
    let h = 0;
    for (const x of xs) expected.push((h = step(x, h).h));
    const y = model.predict(tf.tensor3d([xs.map((x) => [x])])) as tf.Tensor;
    const got = Array.from(y.dataSync());
    expected.forEach((value, t) => expect(got[t]).toBeCloseTo(value, 5));
  });

  it('the gradient of the output by br_h is (1 - z)(1 - c²) r on the first step', () => {
    const gru = new GRU(1, { resetAfter: true, innerActivation: 'sigmoid', initialWeights });
    gru.apply(new Input([1, 1]));
    const x = tf.tensor3d([[[1.5]]]);
    const { grads } = tf.variableGrads(() => tf.sum(gru.call(x, { training: false })) as tf.Scalar, [gru.weights.br_h as tf.Variable]);
    const { z, r, c } = step(1.5, 0);
    expect(Array.from(Object.values(grads)[0].dataSync())[0]).toBeCloseTo((1 - z) * (1 - c * c) * r, 5);
  });

  it("the gradient by every parameter is the hand formula's, over three steps (central differences in float64)", () => {
    const gru = new GRU(1, { resetAfter: true, innerActivation: 'sigmoid', initialWeights });
    gru.apply(new Input([3, 1]));
    const xs = [1, -2, 0.5];
    const lastOutput = (params: typeof p) => xs.reduce((h, x) => step(x, h, params).h, 0);
    const names = Object.keys(p) as (keyof typeof p)[];
    const variables = names.map((name) => gru.weights[name] as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(gru.call(tf.tensor3d([xs.map((x) => [x])]), { training: false })) as tf.Scalar, variables);
    const epsilon = 1e-6;
    for (const [index, name] of names.entries()) {
      const expected = (lastOutput({ ...p, [name]: p[name] + epsilon }) - lastOutput({ ...p, [name]: p[name] - epsilon })) / (2 * epsilon);
      // The hidden state starts at zero, so only the recurrent weights' gradients need the later steps: each is far from zero here.
      expect(Math.abs(expected), name).toBeGreaterThan(1e-2);
      expect(grads[variables[index].name].dataSync()[0], name).toBeCloseTo(expected, 5);
    }
  });

  it("exports to Keras 3 with the bias as Keras's [2, 3 * units] rows and reads back the same model", async () => {
    const input = new Input([4, 3]);
    const gru = new GRU(2, { resetAfter: true, innerActivation: 'sigmoid', returnSequences: true, initialWeights: randomBiases(2) });
    const model = new Model(input, gru.apply(input));
    const variables = GRU.spec.keras.variables!(gru.weights as Record<string, tf.Tensor>, gru.args);
    expect(variables['cell/vars'].map((tensor) => tensor.shape)).toEqual([
      [3, 6],
      [2, 6],
      [2, 6],
    ]);
    const imported = await modelFromKerasArchive(await kerasArchive(model), 'gru.keras');
    const back = imported.layers.find((layer) => layer.className === 'GRU')!;
    expect(back.args).toMatchObject({ resetAfter: true });
    for (const name of Object.keys(p)) expect(Array.from(back.weights[name].dataSync())).toEqual(Array.from(gru.weights[name].dataSync()));
    const x = tf.randomNormal([2, 4, 3]);
    const [expected, actual] = [model, imported].map((m) => m.predict(x) as tf.Tensor);
    expect(tf.max(tf.abs(tf.sub(expected, actual))).dataSync()[0]).toBeLessThanOrEqual(1e-6);
  });

  it('without resetAfter there are no recurrent biases (the default, Keras 1)', () => {
    const gru = new GRU(2);
    gru.apply(new Input([3, 1]));
    expect(Object.keys(gru.weights).filter((name) => name.startsWith('br_'))).toEqual([]);
  });
});

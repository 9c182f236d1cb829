/**
 * The Keras dialect's weights by Keras 3's names and layouts, against the
 * sibling's variables they are made of (by hand): the LSTM's kernel is
 * [W_i W_f W_c W_o], the GRU's reset_after bias [[b_z b_r b_h], [br_z br_r
 * br_h]]; setting a Keras weight sets those variables, and initialWeights
 * take Keras's names (Keraflow's are refused, naming both).
 * Names and shapes against Keras 3 itself: test/keras/weight-names.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

const values = (tensor: tf.Tensor) => tensor.arraySync();

describe('Keras dialect weights', () => {
  it("an LSTM's kernel, recurrent_kernel and bias hold the gates i, f, c, o side by side", () => {
    const input = new Input([4, 3]);
    const lstm = new layers.LSTM(2);
    new Model(input, lstm.apply(input));
    const v = lstm.variables;
    tf.tidy(() => {
      const weights = lstm.weights;
      expect(Object.keys(weights)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
      expect(values(weights.kernel)).toEqual(values(tf.concat([v.W_i, v.W_f, v.W_c, v.W_o], 1)));
      expect(values(weights.recurrent_kernel)).toEqual(values(tf.concat([v.U_i, v.U_f, v.U_c, v.U_o], 1)));
      expect(values(weights.bias)).toEqual(values(tf.concat([v.b_i, v.b_f, v.b_c, v.b_o])));
    });
  });

  it("setWeights sets a Keras weight's gates and leaves the other weights as they were", () => {
    const input = new Input([4, 3]);
    const lstm = new layers.LSTM(2, { name: 'rnn' });
    const model = new Model(input, lstm.apply(input));
    const before = tf.tidy(() => values(lstm.weights.recurrent_kernel));
    const kernel = Array.from({ length: 3 }, (_, row) => Array.from({ length: 8 }, (_, column) => 10 * row + column));
    model.setWeights({ rnn: { kernel } });
    // Columns 2 and 3 are the forget gate's.
    expect(values(lstm.variables.W_f)).toEqual(kernel.map((row) => row.slice(2, 4)));
    expect(values(lstm.variables.W_o)).toEqual(kernel.map((row) => row.slice(6, 8)));
    expect(tf.tidy(() => values(lstm.weights.recurrent_kernel))).toEqual(before);
    expect(Object.keys(model.getWeights().rnn)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(() => model.setWeights({ rnn: { W_i: [[1, 2]] } })).toThrow("rnn: setWeights names parameter 'W_i', but the layer has kernel, recurrent_kernel, bias");
  });

  it("a GRU's reset_after bias is [2, 3 · units]: the input biases, then the recurrent ones", () => {
    const input = new Input([4, 3]);
    const gru = new layers.GRU(2);
    const model = new Model(input, gru.apply(input));
    const bias = Array.from({ length: 2 }, (_, row) => Array.from({ length: 6 }, (_, column) => row * 6 + column + 1));
    model.setWeights({ [gru.name]: { bias } });
    const v = gru.variables;
    expect([v.b_z, v.b_r, v.b_h, v.br_z, v.br_r, v.br_h].map(values)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(tf.tidy(() => values(gru.weights.bias))).toEqual(bias);
  });

  it("initialWeights take Keras's names; Keraflow's are refused, naming the weights", () => {
    const input = new Input([2]);
    const dense = new layers.Dense(1, { initialWeights: { kernel: [[1], [2]], bias: [3] } });
    const model = new Model(input, dense.apply(input));
    expect(values(model.predict(tf.tensor([[1, 1]])) as tf.Tensor)).toEqual([[6]]);
    const old = new layers.Dense(1, { name: 'old', initialWeights: { W: [[1], [2]], b: [3] } });
    expect(() => old.apply(input)).toThrow("old: initialWeights names weight 'W', which does not exist; expected 2 weights ('kernel', 'bias')");
  });
});

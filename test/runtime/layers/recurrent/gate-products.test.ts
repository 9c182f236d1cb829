import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { hardSigmoid, tanh } from '../../../../runtime/activations.ts';
import { GateProducts, type GateDropout, type InputProducts } from '../../../../runtime/layers/recurrent/gate-products.ts';
import type { GateGroup } from '../../../../runtime/layers/recurrent/recurrent.ts';
import { expectClose } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/**
 * The gate products, both ways and with every mix of dropout masks, against
 * their definition written out gate by gate: activation((x_t * m_g)·W_g +
 * (h * n_g)·U_g + b_g), m_g and n_g the gate's input and recurrent masks.
 * The layer tests (against tf.layers) run without dropout; here the masks
 * are given, so the per-gate products that dropout needs are checked too.
 */
describeOnBackends('recurrent gate products', () => {
  const [time, batch, features, units] = [3, 5, 4, 6];
  const ways: InputProducts[] = ['per step', 'all steps at once'];
  const dropouts: [string, (gates: number) => GateDropout][] = [
    ['no dropout', () => ({})],
    ['input dropout', (gates) => ({ input: masks(gates, [batch, features]) })],
    ['recurrent dropout', (gates) => ({ recurrent: masks(gates, [batch, units]) })],
    ['both', (gates) => ({ input: masks(gates, [batch, features]), recurrent: masks(gates, [batch, units]) })],
  ];
  /** LSTM's grouping (i, f, o by one activation, c by another) and GRU's (z, r; the candidate alone). */
  const layouts: [string, number, GateGroup[]][] = [
    [
      'four gates in two groups',
      4,
      [
        { gates: [0, 1, 3], activation: hardSigmoid },
        { gates: [2], activation: tanh },
      ],
    ],
    ['two of three gates', 3, [{ gates: [0, 1], activation: hardSigmoid }]],
    ['one gate', 1, [{ gates: [0], activation: tanh }]],
  ];

  for (const way of ways) {
    for (const [dropoutName, makeDropout] of dropouts) {
      for (const [layoutName, gates, groups] of layouts) {
        it(`${way}, ${dropoutName}, ${layoutName}`, () => {
          tf.tidy(() => {
            const x = tf.randomNormal([time, batch, features]);
            const W = Array.from({ length: gates }, () => tf.randomNormal([features, units]));
            const U = Array.from({ length: gates }, () => tf.randomNormal([units, units]));
            const b = Array.from({ length: gates }, () => tf.randomNormal([units]));
            const dropout = makeDropout(gates);
            const products = new GateProducts(x, W, U, b, dropout, way);
            const steps = tf.unstack(x);
            for (let t = 0; t < time; t++) {
              const h = tf.randomNormal([batch, units]);
              const context = products.at(t);
              const input = (g: number) => tf.add(tf.matMul(dropout.input ? tf.mul(steps[t], dropout.input[g]) : steps[t], W[g]), b[g]);
              const recurrent = (g: number) => tf.matMul(dropout.recurrent ? tf.mul(h, dropout.recurrent[g]) : h, U[g]);
              const activated = context.gates(h, groups);
              const asked = groups.flatMap((group) => group.gates);
              expect(Object.keys(activated).map(Number).sort()).toEqual([...asked].sort());
              for (const group of groups) {
                for (const g of group.gates) expectClose(activated[g], group.activation(tf.add(input(g), recurrent(g))), 1e-4);
              }
              for (let g = 0; g < gates; g++) {
                expectClose(context.input(g), input(g), 1e-4);
                expectClose(context.recurrent(h, g), recurrent(g), 1e-4);
              }
            }
          });
        });
      }
    }
  }
});

/** Masks of zeros and twos (rate 0.5), one per gate, different for each gate. */
function masks(gates: number, shape: number[]): tf.Tensor[] {
  return Array.from({ length: gates }, () => tf.mul(tf.cast(tf.greaterEqual(tf.randomUniform(shape), 0.5), 'float32'), 2));
}

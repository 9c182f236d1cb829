/**
 * Training against TensorFlow.js Layers: the same two-layer MLP, the same
 * initial weights and data, no shuffling; after 5 epochs the per-epoch
 * losses and the final weights agree to 1e-4 (relative).
 *
 * Where the optimizers' definitions differ only in where epsilon goes
 * (RMSprop: √a + ε here, √(a + ε) in tfjs; Adam: ε added to √v here, to
 * √v̂ in tfjs), both run with a negligible epsilon; optimizers.test.ts checks
 * Keraflow's placement by hand.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Adam, Dense, Input, Model, RMSprop, SGD, type Optimizer } from '../../../runtime/index.ts';

const SAMPLES = 48;
const FEATURES = 6;
const HIDDEN = 10;
const CLASSES = 3;

function data(seed: number) {
  const x = tf.randomNormal([SAMPLES, FEATURES], 0, 1, 'float32', seed);
  const labels = tf.argMax(tf.matMul(x, tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', seed + 1)), -1);
  const oneHot = tf.cast(tf.oneHot(labels, CLASSES), 'float32');
  const regression = tf.randomNormal([SAMPLES, CLASSES], 0, 1, 'float32', seed + 2);
  return { x, oneHot, regression };
}

function initialWeights(seed: number) {
  return {
    W1: tf.randomNormal([FEATURES, HIDDEN], 0, 0.4, 'float32', seed),
    b1: tf.randomNormal([HIDDEN], 0, 0.1, 'float32', seed + 1),
    W2: tf.randomNormal([HIDDEN, CLASSES], 0, 0.4, 'float32', seed + 2),
    b2: tf.randomNormal([CLASSES], 0, 0.1, 'float32', seed + 3),
  };
}

/** Relative agreement: the largest difference against the largest magnitude. */
function expectRelativelyClose(actual: tf.Tensor | number[], expected: tf.Tensor | number[], tolerance = 1e-4) {
  const a = actual instanceof tf.Tensor ? Array.from(actual.dataSync()) : actual;
  const e = expected instanceof tf.Tensor ? Array.from(expected.dataSync()) : expected;
  expect(a.length).toBe(e.length);
  const scale = Math.max(...e.map(Math.abs), 1e-12);
  const difference = Math.max(...a.map((v, i) => Math.abs(v - e[i])));
  expect(difference / scale).toBeLessThanOrEqual(tolerance);
}

interface Case {
  name: string;
  ours: () => Optimizer;
  theirs: () => tf.Optimizer;
}

const cases: Case[] = [
  { name: 'SGD', ours: () => new SGD({ lr: 0.1 }), theirs: () => tf.train.sgd(0.1) },
  { name: 'SGD with momentum', ours: () => new SGD({ lr: 0.05, momentum: 0.9 }), theirs: () => tf.train.momentum(0.05, 0.9) },
  { name: 'SGD with Nesterov momentum', ours: () => new SGD({ lr: 0.05, momentum: 0.9, nesterov: true }), theirs: () => tf.train.momentum(0.05, 0.9, true) },
  { name: 'Adam', ours: () => new Adam({ lr: 0.01, epsilon: 1e-12 }), theirs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-12) },
  { name: 'RMSprop', ours: () => new RMSprop({ lr: 0.005, rho: 0.9, epsilon: 1e-12 }), theirs: () => tf.train.rmsprop(0.005, 0.9, 0, 1e-12) },
];

const losses = [
  { ours: 'mse', theirs: 'meanSquaredError', activation: 'linear', target: 'regression' },
  { ours: 'categorical_crossentropy', theirs: 'categoricalCrossentropy', activation: 'softmax', target: 'oneHot' },
] as const;

describe('fit against tf.layers (two-layer MLP, 5 epochs, shuffle off)', () => {
  for (const optimizer of cases) {
    for (const loss of losses) {
      it(`${optimizer.name} with ${loss.ours}`, async () => {
        const { x, oneHot, regression } = data(7);
        const y = loss.target === 'oneHot' ? oneHot : regression;
        const w = initialWeights(11);

        const input = new Input([FEATURES]);
        const hidden = new Dense(HIDDEN, { activation: 'tanh', initialWeights: [w.W1, w.b1] });
        const out = new Dense(CLASSES, { activation: loss.activation, initialWeights: [w.W2, w.b2] });
        const model = new Model(input, out.apply(hidden.apply(input)));
        model.compile({ optimizer: optimizer.ours(), loss: loss.ours });
        const ours = await model.fit(x, y, { epochs: 5, batchSize: 16, shuffle: false, verbose: 0 });

        const oracle = tfl.sequential({
          layers: [tfl.layers.dense({ units: HIDDEN, activation: 'tanh', inputShape: [FEATURES] }), tfl.layers.dense({ units: CLASSES, activation: loss.activation })],
        });
        oracle.setWeights([w.W1, w.b1, w.W2, w.b2]);
        oracle.compile({ optimizer: optimizer.theirs(), loss: loss.theirs });
        const theirs = await oracle.fit(x, y, { epochs: 5, batchSize: 16, shuffle: false, verbose: 0 });

        expectRelativelyClose(ours.history.loss, theirs.history.loss as number[]);
        const oracleWeights = oracle.getWeights();
        [hidden.weights.W, hidden.weights.b, out.weights.W, out.weights.b].forEach((weight, index) => expectRelativelyClose(weight, oracleWeights[index]));
        // It learned something.
        expect(ours.history.loss[4]).toBeLessThan(ours.history.loss[0]);
        tf.dispose([x, oneHot, regression, ...Object.values(w)]);
        oracle.dispose();
      });
    }
  }
});

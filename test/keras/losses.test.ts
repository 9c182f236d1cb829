/**
 * The losses and metrics Keras 3 has, against Keras 3 itself (on JAX, CPU):
 * each case's per-sample values here (the objective averaged over the
 * non-batch axes, as the model does) must equal Keras's with
 * `reduction=None` (test/keras/losses.py). Without a Python with Keras 3 the
 * suite is skipped (its name says why), except under CI: see python.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { losses, metrics, objectives } from '../../runtime/index.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();

interface Case {
  description: string;
  kind: 'loss' | 'metric';
  /** Keras's class (losses) or function (metrics) name, and its options in snake_case. */
  name: string;
  config?: Record<string, unknown>;
  ours: objectives.Objective;
  yTrue: number[][] | number[];
  yPred: number[][];
}

const probabilities = [
  [0.7, 0.2, 0.1],
  [0.1, 0.3, 0.6],
  [0.25, 0.5, 0.25],
  [0.98, 0.01, 0.01],
];
const logits = [
  [2, -1, 0.5],
  [-0.3, 0.4, 3],
  [0, 0, 0],
  [8, -6, 1],
];
const oneHot = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [0, 0, 1],
];
const indices = [0, 1, 2, 2];
const regression = {
  yTrue: [
    [0.5, -1, 2],
    [3, 0, -0.2],
    [1, 1, 1],
    [-4, 2.5, 0],
  ],
  yPred: [
    [0.4, 0.3, 2.1],
    [0.5, 0, -2.7],
    [1, -1, 1.5],
    [3, 2.4, 0.05],
  ],
};
const binary = {
  yTrue: [
    [1, 0, 1],
    [0, 0, 1],
    [1, 1, 0],
    [0, 1, 0],
  ],
  yPred: [
    [0.9, 0.2, 0.6],
    [0.4, 0.01, 0.99],
    [0.5, 0.7, 0.3],
    [0.2, 0.45, 0.8],
  ],
};
const binaryLogits = [
  [2.2, -1.4, 0.4],
  [-0.4, -4.6, 4.6],
  [0, 0.85, -0.85],
  [-1.4, -0.2, 1.4],
];
const signs = {
  yTrue: [
    [1, -1, 1],
    [-1, -1, 1],
    [1, 1, -1],
    [-1, 1, -1],
  ],
  yPred: [
    [0.3, 0.2, 2],
    [-3, -0.5, 0.9],
    [0.1, 1.5, 0.4],
    [-0.2, -0.7, 1.1],
  ],
};

const cases: Case[] = [
  { description: 'SparseCategoricalCrossentropy', kind: 'loss', name: 'SparseCategoricalCrossentropy', ours: objectives.sparseCategoricalCrossentropy, yTrue: indices, yPred: probabilities },
  {
    description: 'SparseCategoricalCrossentropy(from_logits=true)',
    kind: 'loss',
    name: 'SparseCategoricalCrossentropy',
    config: { from_logits: true },
    ours: new losses.SparseCategoricalCrossentropy({ fromLogits: true }).objective,
    yTrue: indices,
    yPred: logits,
  },
  {
    description: 'SparseCategoricalCrossentropy on labels with a last axis of 1',
    kind: 'loss',
    name: 'SparseCategoricalCrossentropy',
    ours: objectives.sparseCategoricalCrossentropy,
    yTrue: indices.map((i) => [i]),
    yPred: probabilities,
  },
  {
    description: 'CategoricalCrossentropy(from_logits=true, label_smoothing=0.1)',
    kind: 'loss',
    name: 'CategoricalCrossentropy',
    config: { from_logits: true, label_smoothing: 0.1 },
    ours: new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).objective,
    yTrue: oneHot,
    yPred: logits,
  },
  {
    description: 'CategoricalCrossentropy(label_smoothing=0.2)',
    kind: 'loss',
    name: 'CategoricalCrossentropy',
    config: { label_smoothing: 0.2 },
    ours: new losses.CategoricalCrossentropy({ labelSmoothing: 0.2 }).objective,
    yTrue: oneHot,
    yPred: probabilities,
  },
  { description: 'BinaryCrossentropy', kind: 'loss', name: 'BinaryCrossentropy', ours: objectives.binaryCrossentropy, ...binary },
  {
    description: 'BinaryCrossentropy(from_logits=true, label_smoothing=0.1)',
    kind: 'loss',
    name: 'BinaryCrossentropy',
    config: { from_logits: true, label_smoothing: 0.1 },
    ours: new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).objective,
    yTrue: binary.yTrue,
    yPred: binaryLogits,
  },
  { description: 'Huber', kind: 'loss', name: 'Huber', ours: objectives.huber, ...regression },
  { description: 'Huber(delta=2.5)', kind: 'loss', name: 'Huber', config: { delta: 2.5 }, ours: new losses.Huber({ delta: 2.5 }).objective, ...regression },
  { description: 'LogCosh', kind: 'loss', name: 'LogCosh', ours: objectives.logCosh, ...regression },
  { description: 'Hinge (targets -1 and 1)', kind: 'loss', name: 'Hinge', ours: objectives.hinge, ...signs },
  { description: 'SquaredHinge (targets -1 and 1)', kind: 'loss', name: 'SquaredHinge', ours: objectives.squaredHinge, ...signs },
  { description: 'CategoricalHinge', kind: 'loss', name: 'CategoricalHinge', ours: objectives.categoricalHinge, yTrue: oneHot, yPred: logits },
  { description: 'MeanSquaredError', kind: 'loss', name: 'MeanSquaredError', ours: new losses.MeanSquaredError().objective, ...regression },
  { description: 'sparse_categorical_accuracy', kind: 'metric', name: 'sparse_categorical_accuracy', ours: metrics.sparseCategoricalAccuracy, yTrue: indices, yPred: probabilities },
  {
    description: 'sparse_categorical_crossentropy (metric)',
    kind: 'metric',
    name: 'sparse_categorical_crossentropy',
    ours: metrics.registry.get('sparse_categorical_crossentropy'),
    yTrue: indices,
    yPred: probabilities,
  },
];

/** Our per-sample values: the objective averaged over the non-batch axes. */
function ours(testCase: Case): number[] {
  return tf.tidy(() => {
    const values = testCase.ours(tf.tensor(testCase.yTrue), tf.tensor2d(testCase.yPred));
    return Array.from((values.rank === 1 ? values : tf.mean(values, [...Array(values.rank).keys()].slice(1))).dataSync());
  });
}

describe.skipIf(!keras.python && !keras.required)(`losses and metrics against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  let kerasValues: number[][] = [];
  beforeAll(() => {
    if (!keras.python) throw new Error(keras.reason);
    const input = cases.map(({ kind, name, config, yTrue, yPred }) => ({ kind, name, config: config ?? {}, y_true: yTrue, y_pred: yPred }));
    kerasValues = (runKerasScript(keras.python, 'losses.py', input) as { values: number[] }[]).map((line) => line.values);
  }, 120_000);

  cases.forEach((testCase, index) => {
    it(testCase.description, () => {
      const values = ours(testCase);
      expect(values).toHaveLength(kerasValues[index].length);
      values.forEach((value, sample) => expect(value).toBeCloseTo(kerasValues[index][sample], 4));
    });
  });
});

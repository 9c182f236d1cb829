/**
 * Custom objectives and metrics take `(yTrue, yPred)`, TensorFlow.js's and
 * Keras's order (Python Keraflow's took `(y_pred, y_true)`; see
 * docs/coming-from-keraflow.md): the same in fit, evaluate and validation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model, SGD } from '../../../runtime/index.ts';

describe('custom objectives and metrics: (yTrue, yPred)', () => {
  it('get the target first and the prediction second, in fit, validation and evaluate', async () => {
    const input = new Input([1]);
    // The prediction is 10 · x; the targets are -1: the two are told apart by sign.
    const model = new Model(input, new Dense(1, { bias: false, initialWeights: [[[10]]] }).apply(input));
    const seen: string[] = [];
    const record = (where: string) => (yTrue: tf.Tensor, yPred: tf.Tensor) => {
      seen.push(`${where}: ${tf.min(yTrue).dataSync()[0] < 0 ? 'target' : 'prediction'}, ${tf.min(yPred).dataSync()[0] > 0 ? 'prediction' : 'target'}`);
      return tf.square(tf.sub(yPred, yTrue));
    };
    const predictionMinusTarget = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.sub(yPred, yTrue);
    model.compile({ optimizer: new SGD({ lr: 0 }), loss: record('loss'), metrics: [record('metric'), predictionMinusTarget] });
    const x = [[1], [2]];
    const y = [[-1], [-1]];
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, validationData: [x, y] });
    const [, , difference] = await model.evaluate(x, y);
    // Before training, fit probes a custom function's output shape with (target, target); otherwise always (target, prediction).
    expect(new Set(seen)).toEqual(new Set(['loss: target, target', 'metric: target, target', 'loss: target, prediction', 'metric: target, prediction']));
    // (10 + 1 + 20 + 1) / 2 = 16: the prediction minus the target, not the reverse.
    expect(difference).toBeCloseTo(16, 5);
  });
});

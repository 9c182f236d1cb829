/**
 * Sample weights on a model with several outputs (issue 17, item 4): one
 * array weights every output, as Keraflow does; a list (output order) or a
 * dict (output name) weights each output by its own array; a wrong length is
 * an error that says so. The numbers are computed by hand.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, KeraflowError, Model, SGD } from '../../../runtime/index.ts';

/** Two outputs of one input: a = 1·x, b = 2·x, no bias; targets 0, so each loss is its output squared. */
function twoOutputs() {
  const input = new Input([1]);
  const a = new Dense(1, { bias: false, initialWeights: [[[1]]], name: 'a' }).apply(input);
  const b = new Dense(1, { bias: false, initialWeights: [[[2]]], name: 'b' }).apply(input);
  const model = new Model(input, [a, b]);
  model.compile({ optimizer: new SGD({ lr: 0 }), loss: ['mean_squared_error', 'mse'], metrics: { a: ['mae'] } });
  return model;
}

const x = [[1], [2], [3]];
const y = { a: [[0], [0], [0]], b: [[0], [0], [0]] };
// Per-sample losses: a: 1, 4, 9; b: 4, 16, 36. Errors of a: 1, 2, 3.

async function errorOf(run: () => Promise<unknown>): Promise<KeraflowError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(KeraflowError);
    return error as KeraflowError;
  }
  throw new Error('expected a KeraflowError');
}

describe('sample weights on several outputs', () => {
  it('one array weights every output', async () => {
    const model = twoOutputs();
    const [loss, lossA, lossB, maeA] = await model.evaluate(x, y, { sampleWeights: [1, 0, 2] });
    // a: (1·1 + 2·9) / 2 non-zero = 9.5; b: (1·4 + 2·36) / 2 = 38; mae of a: (1·1 + 2·3) / 2 = 3.5.
    expect(lossA).toBeCloseTo(9.5, 5);
    expect(lossB).toBeCloseTo(38, 5);
    expect(loss).toBeCloseTo(47.5, 5);
    expect(maeA).toBeCloseTo(3.5, 5);
    // The same as giving that array to each output by name.
    expect(await model.evaluate(x, y, { sampleWeights: { a: [1, 0, 2], b: [1, 0, 2] } })).toEqual([loss, lossA, lossB, maeA]);
  });

  it('one tensor or TypedArray weights every output too', async () => {
    const model = twoOutputs();
    const weights = tf.tensor1d([1, 0, 2]);
    expect((await model.evaluate(x, y, { sampleWeights: weights }))[0]).toBeCloseTo(47.5, 5);
    expect(weights.isDisposed).toBe(false);
    weights.dispose();
    expect((await model.evaluate(x, y, { sampleWeights: { data: new Float32Array([1, 0, 2]), shape: [3] } }))[0]).toBeCloseTo(47.5, 5);
  });

  it('a list weights each output by its own array, in output order; a missing one leaves its output unweighted', async () => {
    const model = twoOutputs();
    const [loss, lossA, lossB] = await model.evaluate(x, y, {
      sampleWeights: [
        [1, 0, 2],
        [0, 1, 1],
      ],
    });
    // a: 9.5 as above; b: (16 + 36) / 2 = 26.
    expect([lossA, lossB]).toEqual([expect.closeTo(9.5, 5), expect.closeTo(26, 5)]);
    expect(loss).toBeCloseTo(35.5, 5);
    const [, onlyA, unweightedB] = await model.evaluate(x, y, { sampleWeights: [[1, 0, 2]] });
    expect(onlyA).toBeCloseTo(9.5, 5);
    expect(unweightedB).toBeCloseTo((4 + 16 + 36) / 3, 5);
  });

  it('a dict weights outputs by name', async () => {
    const model = twoOutputs();
    const [, lossA, lossB] = await model.evaluate(x, y, { sampleWeights: { b: [0, 1, 1] } });
    expect(lossA).toBeCloseTo(14 / 3, 5);
    expect(lossB).toBeCloseTo(26, 5);
  });

  it('fit weights every output by one array: the epoch loss and the gradient of each output', async () => {
    const input = new Input([1]);
    const layerA = new Dense(1, { bias: false, initialWeights: [[[1]]], name: 'a' });
    const layerB = new Dense(1, { bias: false, initialWeights: [[[2]]], name: 'b' });
    const model = new Model(input, [layerA.apply(input), layerB.apply(input)]);
    model.compile({ optimizer: new SGD({ lr: 0.1 }), loss: { a: 'mse', b: 'mse' } });
    const history = await model.fit([[1], [2]], { a: [[0], [0]], b: [[0], [0]] }, { sampleWeights: [1, 0], batchSize: 2, epochs: 1, verbose: 0 });
    // Only sample 0 counts, for both outputs: loss 1 + 4; gradients 2·1·1 and 2·2·1.
    expect(history.history.loss[0]).toBeCloseTo(5, 5);
    expect(layerA.weights.W.dataSync()[0]).toBeCloseTo(1 - 0.1 * 2, 6);
    expect(layerB.weights.W.dataSync()[0]).toBeCloseTo(2 - 0.1 * 4, 6);
  });

  it('a wrong length is an error that says how many weights and samples there are', async () => {
    const model = twoOutputs();
    const error = await errorOf(() => model.evaluate(x, y, { sampleWeights: [1, 2] }));
    expect(error.message).toBe(`${model.name}: sampleWeights for 'every output' has 2 weights, but there are 3 samples: give one weight per sample`);
    expect([error.key, error.expected, error.given]).toEqual(['every output', '3 weights', '2 weights']);
    expect((await errorOf(() => model.evaluate(x, y, { sampleWeights: { b: [1, 2, 3, 4] } }))).message).toBe(
      `${model.name}: sampleWeights for 'b' has 4 weights, but there are 3 samples: give one weight per sample`,
    );
    expect((await errorOf(() => model.fit(x, y, { sampleWeights: [1, -1, 1], verbose: 0 }))).message).toBe(
      `${model.name}: sampleWeights for 'every output' must be finite numbers ≥ 0, but sample 1 has -1`,
    );
    expect(
      (
        await errorOf(() =>
          model.evaluate(x, y, {
            sampleWeights: [
              [1, 1, 1],
              [1, 1, 1],
              [1, 1, 1],
            ],
          }),
        )
      ).message,
    ).toMatch(/sampleWeights is a list of 3, but there are only 2 outputs \('a', 'b'\)/);
  });

  it('leaks no tensor', async () => {
    const model = twoOutputs();
    const before = tf.memory().numTensors;
    await model.evaluate(x, y, { sampleWeights: [1, 0, 2] });
    await errorOf(() => model.evaluate(x, y, { sampleWeights: [1, -1, 2] }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

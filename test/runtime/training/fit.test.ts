import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Callback, Dense, Dropout, ElementWiseSum, Input, Model, Sequential, SGD, regularizers, type Logs } from '../../../runtime/index.ts';

/** y = w · x, one weight, no bias: losses are easy to compute by hand. */
function linear(w: number, options: { trainable?: boolean; regularizers?: unknown; constraints?: unknown } = {}) {
  const input = new Input([1]);
  const layer = new Dense(1, { bias: false, initialWeights: [[[w]]], ...(options as object) });
  return { model: new Model(input, layer.apply(input)), layer };
}

const weightOf = (layer: Dense) => layer.weights.W.dataSync()[0];

describe('the loss: per-sample values, sample weights, regularizers', () => {
  it('evaluate: Σ w·loss over the whole data / the number of non-zero weights, whatever the batch size', async () => {
    const { model } = linear(1);
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const x = [[1], [2], [3], [4]];
    const y = [[0], [0], [0], [0]];
    const sampleWeights = [1, 0, 2, 0.5];
    // Losses 1, 4, 9, 16: (1 + 18 + 8) / 3 non-zero weights = 9. Errors 1, 2, 3, 4: (1 + 6 + 2) / 3 = 3.
    for (const batchSize of [1, 2, 3, 4, 32]) {
      const [loss, mae] = await model.evaluate(x, y, { sampleWeights, batchSize });
      expect(loss).toBeCloseTo(9, 5);
      expect(mae).toBeCloseTo(3, 5);
    }
    const [unweighted] = await model.evaluate(x, y);
    expect(unweighted).toBeCloseTo(7.5, 5);
  });

  it('fit: each batch divides by its own count of non-zero weights; the epoch averages batches by size', async () => {
    const { model, layer } = linear(1);
    model.compile({ optimizer: new SGD({ lr: 0 }), loss: 'mse' });
    const history = await model.fit([[1], [2], [3], [4]], [[0], [0], [0], [0]], { sampleWeights: [1, 0, 2, 0.5], batchSize: 2, epochs: 1, shuffle: false, verbose: 0 });
    // Batch 1: 1·1 / 1 = 1. Batch 2: (2·9 + 0.5·16) / 2 = 13. Epoch: (2·1 + 2·13) / 4 = 7.
    expect(history.history.loss[0]).toBeCloseTo(7, 5);
    expect(weightOf(layer)).toBe(1);
  });

  it('a sample weight scales its gradient', async () => {
    const { model, layer } = linear(1);
    model.compile({ optimizer: new SGD({ lr: 0.1 }), loss: 'mse' });
    await model.fit([[1], [2]], [[0], [0]], { sampleWeights: [1, 0], batchSize: 2, epochs: 1, verbose: 0 });
    // Only sample 1 counts: d/dw (w·1 - 0)² = 2 → w = 1 - 0.1 · 2 (the zero weight's sample adds nothing, and the count is 1).
    expect(weightOf(layer)).toBeCloseTo(0.8, 6);
  });

  it('regularizer penalties join the training loss and its gradient, not evaluate', async () => {
    const { model, layer } = linear(2, { regularizers: { W: new regularizers.L2(0.1) } });
    model.compile({ optimizer: new SGD({ lr: 0.1 }), loss: 'mse' });
    const history = await model.fit([[1]], [[0]], { epochs: 1, verbose: 0 });
    expect(history.history.loss[0]).toBeCloseTo(4 + 0.1 * 4, 5); // (2·1)² + 0.1 · 2²
    expect(weightOf(layer)).toBeCloseTo(2 - 0.1 * (2 * 2 + 0.1 * 2 * 2), 5); // gradient 2·2·1 + 0.1·2·2
    const [loss] = await model.evaluate([[1]], [[0]]);
    expect(loss).toBeCloseTo(weightOf(layer) ** 2, 5);
  });

  it("several outputs: the loss is the sum of the outputs' losses; per-output keys as Keras", async () => {
    const input = new Input([1]);
    const out1 = new Dense(1, { bias: false, initialWeights: [[[1]]], name: 'out1' }).apply(input);
    const out2 = new Dense(2, { activation: 'softmax', name: 'out2' }).apply(input);
    const model = new Model(input, [out1, out2]);
    model.compile({ optimizer: new SGD({ lr: 0 }), loss: { out1: 'mse', out2: 'categorical_crossentropy' }, metrics: { out2: ['acc'] } });
    expect(model.metricsNames).toEqual(['loss', 'out1_loss', 'out2_loss', 'out2_acc']);
    const x = [[1], [2], [3], [4]];
    const y = {
      out1: [[0], [0], [0], [0]],
      out2: [
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 1],
      ],
    };
    const history = await model.fit(x, y, { epochs: 2, batchSize: 2, validationData: [x, y], verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['loss', 'out1_loss', 'out2_loss', 'out2_acc', 'val_loss', 'val_out1_loss', 'val_out2_loss', 'val_out2_acc']);
    const [loss, loss1, loss2, acc] = await model.evaluate(x, y);
    expect(loss1).toBeCloseTo(7.5, 5);
    expect(loss).toBeCloseTo(loss1 + loss2, 5);
    expect(history.history.val_loss[1]).toBeCloseTo(loss, 5);
    expect(history.history.loss[1]).toBeCloseTo(loss, 4); // lr 0: training and evaluation see the same model
    expect(acc).toBe(history.history.val_out2_acc[1]);

    // Metrics as per-output lists, in output order.
    model.compile({ optimizer: 'sgd', loss: ['mse', 'categorical_crossentropy'], metrics: [['mae'], ['acc', 'mse']] });
    expect(model.metricsNames).toEqual(['loss', 'out1_loss', 'out2_loss', 'out1_mae', 'out2_acc', 'out2_mse']);
  });

  it("one output: a list of metrics is that output's list, named as written", async () => {
    const { model } = linear(1);
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae', 'acc', (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.abs(tf.sub(yTrue, yPred))] });
    expect(model.metricsNames).toEqual(['loss', 'mae', 'acc', 'metric_3']);
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: 'mse' });
    expect(model.metricsNames).toEqual(['loss', 'mse']);
  });
});

describe('masks', () => {
  it('masked time steps of a sequence output do not count in the loss', async () => {
    const input = new Input([3, 1], { maskValue: 0 });
    const model = new Model(input, new Dense(1, { bias: false, initialWeights: [[[1]]] }).apply(input));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    // Steps 1 and 2 kept (errors 1 and 4), step 3 masked (error 25): (1 + 4) / 2.
    const [loss] = await model.evaluate([[[1], [2], [0]]], [[[0], [0], [5]]]);
    expect(loss).toBeCloseTo(2.5, 6);
  });
});

describe('what changes in training', () => {
  it('constraints are applied after each update', async () => {
    const { model, layer } = linear(1, { constraints: { W: 'nonneg' } });
    model.compile({ optimizer: new SGD({ lr: 1 }), loss: 'mse' });
    await model.fit([[1]], [[-5]], { epochs: 1, verbose: 0 });
    expect(weightOf(layer)).toBe(0); // 1 - 1 · 2 · (1 + 5) = -11, then nonneg
  });

  it('trainable: false layers never change, directly or inside a Sequential', async () => {
    const input = new Input([2]);
    const frozen = new Dense(2, { trainable: false });
    const inner = new Dense(2);
    const frozenContainer = new Sequential([inner], { trainable: false });
    const free = new Dense(1);
    const model = new Model(input, free.apply(frozenContainer.apply(frozen.apply(input))));
    const before = [frozen.weights.W, inner.weights.W, free.weights.W].map((w) => w.arraySync());
    model.compile({ optimizer: new SGD({ lr: 0.5 }), loss: 'mse' });
    await model.fit(
      [
        [1, 2],
        [3, -1],
      ],
      [[1], [0]],
      { epochs: 3, verbose: 0 },
    );
    expect(frozen.weights.W.arraySync()).toEqual(before[0]);
    expect(inner.weights.W.arraySync()).toEqual(before[1]);
    expect(free.weights.W.arraySync()).not.toEqual(before[2]);
  });

  it('a shared layer gets one update per step from all its uses', async () => {
    const a = new Input([1]);
    const b = new Input([1]);
    const shared = new Dense(1, { bias: false, initialWeights: [[[1]]] });
    const model = new Model([a, b], new ElementWiseSum().apply([shared.apply(a), shared.apply(b)]));
    model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'mse' });
    await model.fit([[[1]], [[2]]], [[0]], { epochs: 1, verbose: 0 });
    // out = 3w, loss 9w², gradient 18w: w = 1 - 0.01 · 18.
    expect(weightOf(shared)).toBeCloseTo(0.82, 6);
  });

  it('Dropout acts in fit only', async () => {
    const input = new Input([50]);
    const model = new Model(input, new Dense(1, { bias: false, initialWeights: [tf.ones([50, 1])], trainable: false }).apply(new Dropout(0.5).apply(input)));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.ones([16, 50]);
    const y = tf.fill([16, 1], 50);
    const [evaluated] = await model.evaluate(x, y);
    expect(evaluated).toBe(0);
    const history = await model.fit(x, y, { epochs: 1, verbose: 0 });
    expect(history.history.loss[0]).toBeGreaterThan(0);
    tf.dispose([x, y]);
  });

  it('an Input-headed Sequential compiles, fits and evaluates; callbacks see the Sequential', async () => {
    const sequential = new Sequential([new Input([2]), new Dense(8, { activation: 'tanh' }), new Dense(1)]);
    sequential.compile({ optimizer: new SGD({ lr: 0.1 }), loss: 'mse' });
    let seen: unknown;
    const x = [
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const y = [[1], [1], [0], [0]];
    const history = await sequential.fit(x, y, {
      epochs: 20,
      verbose: 0,
      callbacks: [
        {
          onTrainBegin() {
            seen = (this as unknown as Callback).model;
          },
        },
      ],
    });
    expect(seen).toBe(sequential);
    expect(history.history.loss[19]).toBeLessThan(history.history.loss[0]);
    const [loss] = await sequential.evaluate(x, y);
    expect(loss).toBeLessThan(history.history.loss[0]);
    expect(sequential.optimizer).toBeInstanceOf(SGD);
  });
});

describe('validation', () => {
  it('validationSplit holds out the last samples, before shuffling', async () => {
    const { model } = linear(0.5);
    model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'mse', metrics: ['mae'] });
    const x = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
    const y = x.map(([v]) => [2 * v]);
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    const [loss, mae] = await model.evaluate(x.slice(8), y.slice(8));
    expect(history.history.val_loss[2]).toBeCloseTo(loss, 5);
    expect(history.history.val_mae[2]).toBeCloseTo(mae, 5);
  });

  it('validationData may carry sample weights', async () => {
    const { model } = linear(1);
    model.compile({ optimizer: new SGD({ lr: 0 }), loss: 'mse' });
    const history = await model.fit([[1]], [[1]], {
      epochs: 1,
      verbose: 0,
      validationData: [
        [[1], [2]],
        [[0], [0]],
        [0, 1],
      ],
    });
    expect(history.history.val_loss[0]).toBeCloseTo(4, 6);
  });
});

describe('memory', () => {
  async function leakCheck(epochs: number) {
    const input = new Input([4]);
    const model = new Model(
      input,
      new Dense(3, { activation: 'softmax' }).apply(new Dropout(0.2).apply(new Dense(8, { activation: 'relu', regularizers: { W: 'l2' }, constraints: { W: 'maxnorm' } }).apply(input))),
    );
    model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['acc'] });
    const x = tf.randomNormal([50, 4]);
    const y = tf.oneHot(tf.randomUniform([50], 0, 3, 'int32'), 3);
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs, batchSize: 8, validationSplit: 0.2, sampleWeights: Array(50).fill(1), verbose: 0 });
    await model.fit(x.arraySync(), y.arraySync(), { epochs, batchSize: 8, verbose: 0, callbacks: [{ onBatchEnd() {} }] });
    await model.evaluate(x, y, { batchSize: 7 });
    const predicted = model.predict(x) as tf.Tensor;
    predicted.dispose();
    const after = tf.memory().numTensors;
    tf.dispose([x, y]);
    return after - before;
  }

  it('fit, evaluate and predict leave no tensor behind, for 1 epoch as for 50', async () => {
    expect(await leakCheck(1)).toBe(0);
    expect(await leakCheck(50)).toBe(0);
  });
});

describe('a non-finite loss', () => {
  /** SGD with lr 1 on y = w·x, x = 3: w is multiplied by -17 each step until the loss overflows float32. */
  async function diverge(careful: boolean) {
    const { model, layer } = linear(1);
    model.compile({ optimizer: new SGD({ lr: 1 }), loss: 'mse' });
    const callbacks = careful ? [{ onBatchEnd() {} }] : [];
    const before = tf.memory().numTensors;
    const error = await model.fit([[3], [3], [3]], [[0], [0], [0]], { batchSize: 1, epochs: 10, shuffle: false, verbose: 0, callbacks }).catch((e: Error) => e);
    expect(tf.memory().numTensors).toBe(before);
    return { error: error as Error, weight: weightOf(layer) };
  }

  it('stops with an error naming the epoch and batch, keeping the last good weights', async () => {
    // (3 · 17^k)² passes float32's largest value at k = 16: the 17th step, epoch 6 batch 2.
    for (const careful of [false, true]) {
      const { error, weight } = await diverge(careful);
      expect(error.name).toBe('KeraflowError');
      expect(error.message).toMatch(/training loss is Infinity at epoch 6\/10, batch 2\/3; fit stopped there and kept the weights from before that batch/);
      expect(weight / 17 ** 16).toBeCloseTo(1, 4);
    }
  });

  it('NaN in the data stops at the batch holding it', async () => {
    const { model, layer } = linear(1);
    model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'mse' });
    const error = await model.fit([[1], [2], [Number.NaN], [4]], [[0], [0], [0], [0]], { batchSize: 1, epochs: 2, shuffle: false, verbose: 0 }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/training loss is NaN at epoch 1\/2, batch 3\/4/);
    expect(weightOf(layer)).toBeCloseTo(1 * (1 - 0.02) * (1 - 0.08), 6);
  });
});

describe('callbacks', () => {
  it('batch hooks get the batch logs (and are awaited); stopTraining ends fit', async () => {
    const { model } = linear(1);
    model.compile({ optimizer: new SGD({ lr: 0 }), loss: 'mse' });
    const batches: Logs[] = [];
    const epochs: number[] = [];
    class Recorder extends Callback {
      override async onBatchEnd(batch: number, logs: Logs) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        batches.push(logs);
        if (batch === 1 && epochs.length === 1) this.model.stopTraining = true;
      }
      override onEpochEnd(epoch: number) {
        epochs.push(epoch);
      }
    }
    const history = await model.fit([[1], [2], [3]], [[0], [0], [0]], { batchSize: 2, epochs: 5, shuffle: false, verbose: 0, callbacks: new Recorder() });
    expect(batches[0]).toEqual({ batch: 0, size: 2, loss: 2.5 });
    expect(batches[1]).toEqual({ batch: 1, size: 1, loss: 9 });
    expect(epochs).toEqual([0, 1]);
    expect(history.epoch).toEqual([0, 1]);
  });
});

/** Loss objects, integer labels and loss weights in compile, fit and evaluate; the training config keeps them. */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { Dense, Input, KeraflowError, losses, Model, SGD } from '../../../runtime/index.ts';
import { describeOnBackends } from '../layers/on-backends.ts';
import { compileFromTrainingConfig, describeTrainingConfig, type TrainingConfig } from '../../../runtime/training/training-config.ts';

/** One input of 2 features; `a` a linear value, `b` a softmax over 3 classes; weights set by hand. */
function twoOutputs() {
  const input = new Input([2]);
  const a = new Dense(1, { name: 'a' });
  const b = new Dense(3, { name: 'b', activation: 'softmax' });
  const model = new Model(input, [a.apply(input), b.apply(input)]);
  setWeights(a, [[[0.5], [-1]], [0.25]]);
  setWeights(b, [
    [
      [1, 0, -1],
      [0.5, 0.5, 0],
    ],
    [0, 0.1, 0],
  ]);
  return model;
}

/** Assigns a built layer's parameters (kernel, then bias). */
function setWeights(layer: Dense, values: [number[][], number[]]) {
  const [kernel, bias] = Object.values(layer.variables);
  kernel.assign(tf.tensor2d(values[0]));
  bias.assign(tf.tensor1d(values[1]));
}

/** A layer's parameters as plain numbers. */
const weightsOf = (model: Model, name: string) => Object.values(model.layers.find((layer) => layer.name === name)!.weights).map((w) => Array.from(w.dataSync()));

const x = [
  [1, 2],
  [0, -1],
  [3, 0.5],
];
const yA = [[0], [1], [2]];
const labels = [2, 0, 1];

/** By hand: a = 0.5·x0 - x1 + 0.25; softmax(x0 + 0.5·x1, 0.5·x1 + 0.1, -x0). */
function byHand() {
  const a = x.map(([x0, x1]) => 0.5 * x0 - x1 + 0.25);
  const mse = a.reduce((sum, value, i) => sum + (value - yA[i][0]) ** 2, 0) / x.length;
  const probabilities = x.map(([x0, x1]) => {
    const logits = [x0 + 0.5 * x1, 0.5 * x1 + 0.1, -x0];
    const exps = logits.map(Math.exp);
    const total = exps.reduce((s, v) => s + v, 0);
    return exps.map((v) => v / total);
  });
  const crossentropy = probabilities.reduce((sum, p, i) => sum - Math.log(p[labels[i]]), 0) / x.length;
  const accuracy = probabilities.filter((p, i) => p.indexOf(Math.max(...p)) === labels[i]).length / x.length;
  return { mse, crossentropy, accuracy };
}

describeOnBackends('loss objects, integer labels and loss weights', () => {
  it('evaluates sparse_categorical_crossentropy on integer labels ([n] or [n, 1]) and weighs the total loss by lossWeights', async () => {
    const expected = byHand();
    for (const y of [
      { a: yA, b: labels },
      { a: yA, b: labels.map((l) => [l]) },
    ]) {
      const model = twoOutputs();
      model.compile({ optimizer: 'sgd', loss: { a: 'mse', b: new losses.SparseCategoricalCrossentropy() }, lossWeights: { b: 0.2 }, metrics: { b: ['accuracy'] } });
      expect(model.metricsNames).toEqual(['loss', 'a_loss', 'b_loss', 'b_accuracy']);
      const [loss, aLoss, bLoss, accuracy] = await model.evaluate(x, y);
      expect(aLoss).toBeCloseTo(expected.mse, 5);
      expect(bLoss).toBeCloseTo(expected.crossentropy, 5);
      expect(loss).toBeCloseTo(expected.mse + 0.2 * expected.crossentropy, 5);
      expect(accuracy).toBeCloseTo(expected.accuracy, 5);
    }
  });

  it("trains on the weighted total: a weight of 0 leaves an output's own layer untouched", async () => {
    const model = twoOutputs();
    model.compile({ optimizer: new SGD({ lr: 0.1 }), loss: ['mse', 'sparse_categorical_crossentropy'], lossWeights: [1, 0] });
    const before = weightsOf(model, 'b');
    await model.fit(x, { a: yA, b: labels }, { epochs: 2, batchSize: 3, verbose: 0 });
    expect(weightsOf(model, 'b')).toEqual(before);
    expect(weightsOf(model, 'a')[1]).not.toEqual([0.25]);
  });

  it('refuses labels shaped as the output, a bad weight and a bad option, each by name', async () => {
    const model = twoOutputs();
    model.compile({ optimizer: 'sgd', loss: ['mse', 'sparse_categorical_crossentropy'] });
    await expect(
      model.evaluate(x, {
        a: yA,
        b: [
          [0, 0, 1],
          [1, 0, 0],
          [0, 1, 0],
        ],
      }),
    ).rejects.toThrow(/for 'b' has shape \[3, 3\], but \[batch, 1\] was expected/);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', lossWeights: { c: 1 } } as never)).toThrow(KeraflowError);
    expect(() => twoOutputs().compile({ optimizer: 'sgd', loss: ['mse', 'mse'], lossWeights: [1, -1] })).toThrow("the loss weight of output 'b' must be a finite number ≥ 0, but got -1");
    expect(() => new losses.Huber({ delta: 0 })).toThrow(/delta/);
    expect(() => new losses.CategoricalCrossentropy({ fromLogit: true })).toThrow(/fromLogits/);
  });

  it('writes loss objects and loss weights into the training config, and compiles the same setup from it', async () => {
    const model = twoOutputs();
    model.compile({ optimizer: 'sgd', loss: ['huber', new losses.CategoricalCrossentropy({ fromLogits: false, labelSmoothing: 0.1 })], lossWeights: [0.5, 2] });
    const { config } = describeTrainingConfig(model) as { config: TrainingConfig };
    expect(config.loss).toEqual(['huber', { class_name: 'CategoricalCrossentropy', config: { from_logits: false, label_smoothing: 0.1 } }]);
    expect(config.loss_weights).toEqual([0.5, 2]);
    const again = twoOutputs();
    compileFromTrainingConfig(again, JSON.parse(JSON.stringify(config)), 'training.json');
    const y = {
      a: yA,
      b: [
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
      ],
    };
    expect(await again.evaluate(x, y)).toEqual(await model.evaluate(x, y));
  });

  it('every loss class has a gradient with respect to the prediction (no comparison op on the path)', () => {
    const yPred = tf.tensor2d([
      [0.2, 0.5, 0.3],
      [0.6, 0.3, 0.1],
    ]);
    for (const entry of losses.registry.entries()) {
      const loss = new (losses.registry.get(entry.name))();
      const yTrue =
        loss.name === 'sparse_categorical_crossentropy'
          ? tf.tensor1d([2, 0])
          : tf.tensor2d([
              [0, 1, 0],
              [1, 0, 0],
            ]);
      const gradient = tf.grad((prediction: tf.Tensor) => tf.mean(loss.call(yTrue, prediction)))(yPred);
      expect(Array.from(gradient.dataSync()).every(Number.isFinite), entry.name).toBe(true);
      expect(
        Array.from(gradient.dataSync()).some((value) => value !== 0),
        entry.name,
      ).toBe(true);
    }
  });
});

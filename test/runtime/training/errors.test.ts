import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, KeraflowError, Model, Sequential, ShapeError } from '../../../runtime/index.ts';

function twoOutputs() {
  const input = new Input([3], { name: 'features' });
  const hidden = new Dense(4).apply(input);
  const model = new Model(input, [new Dense(1, { name: 'price' }).apply(hidden), new Dense(2, { activation: 'softmax', name: 'kind' }).apply(hidden)]);
  return model;
}

function oneOutput() {
  const input = new Input([3]);
  return new Model(input, new Dense(2, { activation: 'softmax', name: 'out' }).apply(input));
}

const X = [
  [1, 2, 3],
  [4, 5, 6],
];
const Y = [
  [1, 0],
  [0, 1],
];

/** Runs `action` and returns its KeraflowError (failing when there is none). */
async function errorOf(action: () => unknown): Promise<KeraflowError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(KeraflowError);
    return error as KeraflowError;
  }
  throw new Error('expected a KeraflowError');
}

describe('compile: bad configurations', () => {
  it('fit and evaluate before compile', async () => {
    const model = oneOutput();
    expect((await errorOf(() => model.fit(X, Y))).message).toMatch(/call compile\(\{optimizer, loss\}\) before fit/);
    expect((await errorOf(() => model.evaluate(X, Y))).message).toMatch(/call compile\(\{optimizer, loss\}\) before evaluate/);
    const sequential = new Sequential([new Input([3]), new Dense(1)]);
    expect((await errorOf(() => sequential.fit(X, [[1], [2]]))).message).toMatch(/before fit/);
  });

  it('a loss missing for an output', async () => {
    const error = await errorOf(() => twoOutputs().compile({ optimizer: 'sgd', loss: { price: 'mse' } }));
    expect(error.message).toMatch(/loss has no objective for output 'kind'; every output needs one \(outputs: 'price', 'kind'\)/);
    expect(error.key).toBe('kind');
    // A single value is the first output's only.
    expect((await errorOf(() => twoOutputs().compile({ optimizer: 'sgd', loss: 'mse' }))).message).toMatch(/no objective for output 'kind'/);
    expect((await errorOf(() => twoOutputs().compile({ optimizer: 'sgd' } as never))).message).toMatch(/compile needs 'loss'/);
  });

  it('a loss, metric or data key naming no output', async () => {
    const model = twoOutputs();
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: { price: 'mse', knd: 'mse' } }))).message).toMatch(
      /loss names output 'knd', which does not exist; did you mean 'kind'\? expected 2 outputs \('price', 'kind'\)/,
    );
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: ['mse', 'mse', 'mse'] }))).message).toMatch(/loss is a list of 3, but there are only 2 outputs/);
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: ['mse', 'mse'], metrics: { prise: ['mae'] } }))).message).toMatch(
      /metrics names output 'prise', which does not exist; did you mean 'price'\?/,
    );
    model.compile({ optimizer: 'sgd', loss: ['mse', 'categorical_crossentropy'] });
    expect((await errorOf(() => model.fit(X, { price: [[1], [2]], kinds: Y }, { verbose: 0 }))).message).toMatch(/y names output 'kinds', which does not exist; did you mean 'kind'\?/);
    expect((await errorOf(() => model.fit({ feature: X }, [[[1], [2]], Y], { verbose: 0 }))).message).toMatch(/x names input 'feature', which does not exist; did you mean 'features'\?/);
    expect((await errorOf(() => model.fit(X, [[[1], [2]], Y], { verbose: 0, sampleWeights: { kid: [1, 1] } }))).message).toMatch(
      /sampleWeights names output 'kid', which does not exist; did you mean 'kind'\?/,
    );
  });

  it('unknown aliases, with a "did you mean"', async () => {
    const model = oneOutput();
    expect((await errorOf(() => model.compile({ optimizer: 'adamm', loss: 'mse' }))).message).toMatch(/unknown optimizer "adamm" for argument 'optimizer'; did you mean 'adam'\?/);
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: 'msee' }))).message).toMatch(/unknown objective "msee" for argument 'loss'; did you mean 'mse'\?/);
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['accuracy', 'acuracy'] }))).message).toMatch(
      /unknown metric "acuracy" for argument 'metrics'; did you mean 'accuracy'\?/,
    );
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: 'mse', metric: ['acc'] } as never))).message).toMatch(/compile has no option 'metric'; did you mean 'metrics'\?/);
    expect((await errorOf(() => model.compile({ optimizer: 'sgd', loss: 42 as never }))).message).toMatch(/loss must be a value, a list or a dict keyed by output name, but got 42/);
  });

  it("an objective or metric that cannot score the output's shape", async () => {
    const input = new Input([3]);
    const model = new Model(input, new Dense(1, { name: 'score' }).apply(input));
    const error = await errorOf(() => model.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' }));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toMatch(/loss 'categorical_crossentropy' for output 'score' needs an output with 2 or more classes on the last axis, not \[batch, 1\]/);
  });
});

describe('fit and evaluate: bad data and options', () => {
  const compiled = () => {
    const model = oneOutput();
    model.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
    return model;
  };

  it('x and y with different sample counts', async () => {
    const error = await errorOf(() =>
      compiled().fit(
        X,
        [
          [1, 0],
          [0, 1],
          [1, 0],
        ],
        { verbose: 0 },
      ),
    );
    expect(error.message).toMatch(/x has 2 samples but y has 3; they must have the same number/);
  });

  it('data of the wrong shape, before any computation', async () => {
    const model = compiled();
    const before = tf.memory().numTensors;
    expect(
      (
        await errorOf(() =>
          model.fit(
            [
              [1, 2],
              [3, 4],
            ],
            Y,
            { verbose: 0 },
          ),
        )
      ).message,
    ).toMatch(/x for 'input_\d+' has shape \[2, 2\], but \[batch, 3\] was expected/);
    expect(
      (
        await errorOf(() =>
          model.evaluate(X, [
            [1, 0, 0],
            [0, 1, 0],
          ]),
        )
      ).message,
    ).toMatch(/y for 'out' has shape \[2, 3\], but \[batch, 2\] was expected/);
    expect((await errorOf(() => model.fit(X, Y, { sampleWeights: [1, 2, 3], verbose: 0 }))).message).toMatch(
      /sampleWeights for 'out' has 3 weights, but there are 2 samples: give one weight per sample/,
    );
    expect((await errorOf(() => model.fit(X, Y, { sampleWeights: [1, -2], verbose: 0 }))).message).toMatch(/sampleWeights for 'out' must be finite numbers ≥ 0, but sample 1 has -2/);
    expect((await errorOf(() => model.fit(X, Y, { validationData: [X, [[1, 0]]], verbose: 0 }))).message).toMatch(/validationData x has 2 samples but validationData y has 1/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validationSplit outside [0, 1), or leaving one side empty', async () => {
    const model = compiled();
    for (const split of [1, -0.1, 1.5, Number.NaN]) {
      expect((await errorOf(() => model.fit(X, Y, { validationSplit: split, verbose: 0 }))).message).toMatch(/fit's validationSplit must be a number in \[0, 1\), but got/);
    }
    expect((await errorOf(() => model.fit(X, Y, { validationSplit: 0.6, verbose: 0 }))).message).toMatch(/validationSplit must be a split that leaves samples on both sides of 2/);
  });

  it('bad options are named', async () => {
    const model = compiled();
    expect((await errorOf(() => model.fit(X, Y, { epoch: 3 } as never))).message).toMatch(/fit has no option 'epoch'; did you mean 'epochs'\?/);
    expect((await errorOf(() => model.fit(X, Y, { batchSize: 0 }))).message).toMatch(/batchSize must be a positive integer, but got 0/);
    expect((await errorOf(() => model.fit(X, Y, { epochs: 1.5 }))).message).toMatch(/fit's epochs must be an integer ≥ 0, but got 1.5/);
    expect((await errorOf(() => model.fit(X, Y, { verbose: 3 as never }))).message).toMatch(/fit's verbose must be 0, 1 or 2, but got 3/);
    expect((await errorOf(() => model.fit(X, Y, { validationData: [X] as never }))).message).toMatch(/validationData must be \[x, y\] or \[x, y, sampleWeights\]/);
    expect((await errorOf(() => model.evaluate(X, Y, { batch_size: 2 } as never))).message).toMatch(/evaluate has no option 'batch_size'; did you mean 'batchSize'\?/);
    expect((await errorOf(() => model.fit([], [], { verbose: 0 }))).message).toMatch(/fit was given no samples|has shape/);
  });

  it("an Input that fixes the batch size fixes fit's", async () => {
    const input = new Input([3], { batchSize: 2 });
    const model = new Model(input, new Dense(2).apply(input));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    expect((await errorOf(() => model.fit(X, Y, { batchSize: 4, verbose: 0 }))).message).toMatch(/an Input fixes the batch size to 2, but batchSize is 4/);
    await model.fit(X, Y, { verbose: 0, epochs: 1 });
    expect((await errorOf(() => model.fit([...X, [7, 8, 9]], [...Y, [1, 0]], { verbose: 0 }))).message).toMatch(
      /an Input fixes the batch size to 2, so x must hold a multiple of 2 samples, but it holds 3/,
    );
    expect((await errorOf(() => model.evaluate([[1, 2, 3]], [[1, 0]]))).message).toMatch(/x must hold a multiple of 2 samples, but it holds 1/);
  });

  it('a custom objective that does not give one value per sample', async () => {
    const model = oneOutput();
    model.compile({
      optimizer: 'sgd',
      loss: function total(yTrue: tf.Tensor, yPred: tf.Tensor) {
        return tf.sum(tf.sub(yTrue, yPred));
      },
    });
    const before = tf.memory().numTensors;
    expect((await errorOf(() => model.fit(X, Y, { verbose: 0 }))).message).toMatch(
      /the loss 'total' of output 'out' must return one value per sample \(batch first, 2 here\), but returned shape \[\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** The emitted `compile({...})` of a model's training statements. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitText } from './helpers.ts';

const fileName = join(import.meta.dirname, 'training.kf');

/** The argument of the emitted `model.compile(...)`. */
function compileConfig(training: string): string {
  const text = emitText(
    fileName,
    `model M {
  input x: [4]
  output a = x -> Dense(3, activation=softmax)
  output b = x -> Dense(1)
${training}
}`,
  );
  const match = /model\.compile\((.*)\)\); \/\/ training\.kf/.exec(text);
  expect(match, text).not.toBeNull();
  return match![1];
}

describe('emitted training configuration', () => {
  it('passes a list or a dict as written: compile reads them in output order and by output name', () => {
    expect(compileConfig('  loss = [categorical_crossentropy, mse]\n  metrics = [accuracy, [mae, mse]]')).toBe(
      '{ optimizer: "sgd", loss: ["categorical_crossentropy", "mse"], metrics: ["accuracy", ["mae", "mse"]] }',
    );
    expect(compileConfig('  loss = {a: categorical_crossentropy, b: mse}\n  optimizer = adam')).toBe('{ optimizer: "adam", loss: { a: "categorical_crossentropy", b: "mse" } }');
  });

  it('merges several statements into one dict by output name', () => {
    expect(compileConfig('  loss = {b: mse}\n  loss a = categorical_crossentropy\n  metrics a = [accuracy]\n  metrics = {b: mae}')).toBe(
      '{ optimizer: "sgd", loss: { b: "mse", a: "categorical_crossentropy" }, metrics: { a: ["accuracy"], b: "mae" } }',
    );
  });

  it('makes loss objects with camelCase options, and passes loss_weights as lossWeights', () => {
    expect(compileConfig('  loss = [CategoricalCrossentropy(from_logits=true, label_smoothing=0.1), Huber(delta=2)]\n  loss_weights = {a: 1.0, b: 0.2}')).toBe(
      '{ optimizer: "sgd", loss: [new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }), new losses.Huber({ delta: 2 })], lossWeights: { a: 1, b: 0.2 } }',
    );
  });

  it("makes a schedule object for an optimizer's learning_rate, positional arguments then options", () => {
    expect(compileConfig('  loss = [mse, mse]\n  optimizer = Adam(learning_rate=ExponentialDecay(0.1, 100, 0.9, staircase=true))')).toBe(
      '{ optimizer: new Adam({ learningRate: new schedules.ExponentialDecay(0.1, 100, 0.9, { staircase: true }) }), loss: ["mse", "mse"] }',
    );
  });

  it('makes the callbacks of train { } in the exported defaults, and a bare name as a monitor is its string', () => {
    const text = emitText(
      fileName,
      `model M {
  input x: [4]
  output y = x -> Dense(1)
  loss = mse
  train { data = "d.json", validation_data = "v.json", verbose = 2, callbacks = [EarlyStopping(monitor=val_loss, patience=3), ModelCheckpoint("best.json")] }
}`,
    );
    expect(text).toContain(
      'export const mTrain: TrainDefaults = { data: "d.json", validationData: "v.json", verbose: 2, ' +
        'callbacks: [new callbacks.EarlyStopping({ monitor: "val_loss", patience: 3 }), new callbacks.ModelCheckpoint("best.json")] };',
    );
  });
});

/**
 * The emitted code runs: each fixture's module, written inside the
 * repository and imported as it is, builds every model; each model's
 * parameter count is the checker's, its channels carry the `.kf` names, and
 * one `fit` step on random data gives a finite loss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { summarize } from '../../../compiler/check/summary.ts';
import { Model, Sequential, type Kensor, type KensorLike } from '../../../runtime/index.ts';
import { summaryRows } from '../../checker/helpers.ts';
import { fixtureNames, fixtures, writeGenerated } from './helpers.ts';

const modules = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  writeGenerated('build');
  for (const name of fixtureNames) {
    const file = join(import.meta.dirname, '.generated', 'build', name, 'input.ts');
    modules.set(name, (await import(pathToFileURL(file).href)) as Record<string, unknown>);
  }
});

function checkedModels(name: string) {
  const fileName = join(fixtures, name, 'input.kf');
  const result = compile({ fileName, text: readFileSync(fileName, 'utf8') });
  const exports = result.modules.find((module) => module.fileName === fileName)!.exports.models;
  return result.models.map((model) => ({ ...model, build: exports.find((exported) => exported.name === model.name)!.build }));
}

function asModel(built: unknown): Model {
  if (built instanceof Sequential) return built.asModel();
  if (built instanceof Model) return built;
  throw new Error(`not a model: ${String(built)}`);
}

/** Random data for every input (symbolic sizes taken as 3; int32 inputs as small indices). */
function inputData(model: Model): tf.Tensor[] {
  return model.inputs.map((input, index) => {
    const shape = input.shape.map((dim, i) => (i === 0 ? 4 : typeof dim === 'number' ? dim : 3));
    return input.dtype === 'int32' ? tf.randomUniform(shape, 1, 5, 'int32', index + 1) : tf.randomUniform(shape, 0, 1, 'float32', index + 1);
  });
}

describe('models built from the emitted code', () => {
  for (const name of fixtureNames) {
    it(`${name}: every model builds with the checker's parameters and channel names, and trains one step`, async () => {
      const module = modules.get(name)!;
      const checked = checkedModels(name);
      expect(checked.length).toBeGreaterThan(0);
      for (const expected of checked) {
        const build = module[expected.build] as () => unknown;
        expect(typeof build).toBe('function');
        const built = build();
        const model = asModel(built);
        // The static summary is the runtime's: the same rows (type, shape, count) in the same order, the same totals.
        expect(summaryRows(summarize(expected))).toEqual(summaryRows(model.summary()));
        const parameters = model.parameters().reduce((total, p) => total + p.variable.size, 0);
        // Every fixture model has a known count: a missing one fails here rather than skipping the comparison.
        expect(parameters).toBe(expected.paramCount);
        if (expected.kind === 'model') {
          expect(model.outputNames).toEqual(expected.outputs.map((o) => o.name));
          expect(model.inputNames).toEqual(expected.inputs.map((id) => expected.tensors[id].name));
        }
        const x = inputData(model);
        const predicted = model.predict(x);
        const outputs = Array.isArray(predicted) ? predicted : [predicted];
        const y = outputs.map((output, index) => tf.randomUniform(output.shape, 0, 1, 'float32', 100 + index));
        if (!model.optimizer) model.compile({ optimizer: 'sgd', loss: 'mse' });
        const fitting = built instanceof Sequential ? built : model;
        const history = await fitting.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
        const losses = history.history.loss as number[];
        expect(losses).toHaveLength(1);
        expect(Number.isFinite(losses[0])).toBe(true);
        tf.dispose([...x, ...y, ...outputs]);
      }
    });
  }
});

describe('what the emitted code means', () => {
  it('siamese: the shared encoder is one layer named after its declaration, used by both sides', () => {
    const model = (modules.get('siamese')!.buildSiamese as () => Model)();
    const encoders = model.layers.filter((layer) => layer.name === 'encoder');
    expect(encoders).toHaveLength(1);
    expect(Object.keys(encoders[0].weights)).toEqual(['W', 'b']);
    expect(encoders[0].weights.W.shape).toEqual([100, 64]);
    expect(model.outputs.map((o) => o.shape)).toEqual([
      [null, 1],
      [null, 10],
    ]);
  });

  it('blocks: one block instance applied twice shares its layers; a new instance makes new ones', async () => {
    const module = modules.get('blocks')!;
    const { Input } = await import('../../../runtime/index.ts');
    const Residual = module.Residual as new (units: number, act?: string) => { apply(x: KensorLike): Kensor };
    const x = new Input([8]);
    const shared = new Residual(8);
    const once = new Model(x, shared.apply(x));
    const twice = new Model(x, shared.apply(shared.apply(x)));
    const two = new Model(x, new Residual(8, 'tanh').apply(new Residual(8).apply(x)));
    const count = (model: Model) => model.parameters().reduce((total, p) => total + p.variable.size, 0);
    expect(count(once)).toBe(2 * (8 * 8 + 8));
    expect(count(twice)).toBe(count(once));
    expect(count(two)).toBe(2 * count(once));
  });

  it('training: the train defaults and compile settings come through with camelCase names', () => {
    const module = modules.get('training')!;
    expect(module.perOutputTrain).toEqual({ data: './data/iris.json', batchSize: 16, epochs: 100, shuffle: false });
    expect(module.mlpTrain).toEqual({ data: 'mnist', batchSize: 128, epochs: 5, validationSplit: 0.1 });
    expect(module.untrainedTrain).toEqual({});
    const perOutput = (module.buildPerOutput as () => Model)();
    expect(perOutput.optimizer?.constructor.name).toBe('RMSprop');
    expect(perOutput.optimizer?.args).toMatchObject({ lr: 0.01, rho: 0.8, clipnorm: 1 });
    expect(perOutput.metricsNames).toEqual(['loss', 'first_loss', 'second_loss', 'first_accuracy', 'first_categorical_accuracy', 'second_mae']);
    const untrained = (module.buildUntrained as () => Model)();
    expect(untrained.optimizer).toBeUndefined();
    expect((module.buildNoOptimizer as () => Model)().optimizer?.constructor.name).toBe('SGD');
  });

  it('inputs: symbolic sizes are any size, dtypes and mask values reach the Inputs', () => {
    const model = (modules.get('inputs')!.buildInputs as () => Model)();
    expect(model.inputs.map((input) => [input.name, input.shape, input.dtype])).toEqual([
      ['seq', [null, null, 16], 'float32'],
      ['tokens', [null, 10], 'int32'],
      ['scaled', [null, 16, 32], 'float32'],
      ['masked', [null, 5], 'int32'],
    ]);
    expect(model.inputs[3].maskValue).toBe(0);
    expect(model.inputs[0].maskValue).toBeNull();
  });

  it('values: constants keep their values, with // and % as in Python', () => {
    const module = modules.get('values')!;
    expect(module.arithmetic).toBe((12 + 4) * 2 - (Math.floor(10 / 3) % 2) / 1);
    expect(module.modulo).toBe(2);
    expect(module.floored).toBe(-4);
    expect(module.width).toBe(3);
    expect(module.kernel).toEqual([3, 3]);
    expect(module.flags).toEqual([true, false, null]);
    expect(module.tiny).toBe(0.001);
  });
});

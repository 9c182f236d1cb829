/**
 * `compile({ target: 'keras' })` against Keras 3 itself (on JAX, CPU): every
 * example, a pair of files that import blocks and a layer-like sequential
 * from each other, and random valid models are compiled to Python; Keras
 * builds each model, and its own shape inference must agree with the
 * checker's, layer by layer: each application's output shape, each layer's
 * parameter count, and the model's total and trainable counts. A model with
 * a loss also takes one training step in Keras (it compiled). One Python
 * run checks them all (test/keras/summarize_compiled.py). Without a Python
 * with Keras 3 the suite is skipped (its name says why), except under CI,
 * where it fails: see test/keras/python.ts.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import type { CheckedModel } from '../../compiler/check/types.ts';
import { findKerasPython, runKerasScript } from './python.ts';
import { randomKf } from './random-kf.ts';

const keras = findKerasPython();
const examples = join(import.meta.dirname, '../../examples');
const exampleFiles = readdirSync(examples)
  .filter((file) => file.endsWith('.kf') && file !== 'errors.kf')
  .sort();
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

const BLOCKS = `
let width = 6

block Gate(units: int, act = tanh)(x) {
  h = x -> Dense(units, activation=act)
  return ElementWiseMult()([h, x -> Dense(units, activation=sigmoid)])
}

sequential Encoder {
  Dense(width, activation=relu)
  Dropout(0.1)
}
`;

const MAIN = `
import "./blocks.kf"
import "./blocks.kf" as B

model Imported {
  input a: [5]
  input b: [T, 3]
  encoder = a -> Encoder()
  layer shared = Dense(B.width)
  left = shared(encoder)
  right = b -> LSTM(B.width) -> shared
  output joined = Concatenate()([left, right]) -> B.Gate(3) -> Dense(2, activation=softmax)
  output other = right -> Gate(width, act=relu)
  loss joined = categorical_crossentropy
  loss other = mse
  metrics joined = [accuracy]
  optimizer = SGD(lr=0.05, momentum=0.9, decay=0.01)
}
`;

interface Compiled {
  description: string;
  path: string;
  fit: boolean;
  models: CheckedModel[];
  /** The build function of each model, as the module exports it. */
  builds: string[];
}

interface KerasReport {
  build: string;
  module: string;
  layers?: { name: string; params: number; trainable: number; outputs: (number | null)[][] }[];
  total?: number;
  trainable?: number;
  fit_loss?: number;
  error?: string;
}

describe.skipIf(!keras.python && !keras.required)(`compile --target keras, against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  let folder: string;
  const compiled: Compiled[] = [];
  let reports: KerasReport[] = [];

  beforeAll(() => {
    if (!keras.python) throw new Error(keras.reason);
    folder = mkdtempSync(join(tmpdir(), 'keraflow-compile-keras-'));
    // The examples and the imports take a training step too; the random models only build (each step compiles with JAX: slow).
    const add = (description: string, fileName: string, text?: string, fit = true) => {
      const result = compile(text === undefined ? fileName : [{ fileName, text }], { target: 'keras', readFile: undefined });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) throw new Error(`${description}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
      const module = result.modules.find((m) => m.fileName === fileName)!;
      const path = join(folder, `m${compiled.length}.py`);
      writeFileSync(path, module.text);
      const models = result.models.filter((m) => m.location.fileName === fileName);
      expect(module.exports.models.map((m) => m.name)).toEqual(models.map((m) => m.name));
      compiled.push({ description, path, fit, models, builds: module.exports.models.map((m) => m.build) });
    };
    for (const file of exampleFiles) add(file, join(examples, file));
    writeFileSync(join(folder, 'blocks.kf'), BLOCKS);
    writeFileSync(join(folder, 'main.kf'), MAIN);
    add('main.kf importing blocks.kf', join(folder, 'main.kf'));
    // Every optimizer, by alias and with every argument, and every loss: Keras checks their values when the model compiles.
    const optimizers = [
      'sgd',
      'rmsprop',
      'adagrad',
      'adadelta',
      'adam',
      'adamax',
      'SGD(lr=1, momentum=0, decay=1, nesterov=true, clipnorm=1)',
      'Adagrad(clipvalue=2)',
      'RMSprop(lr=0.01, rho=0.8, epsilon=1e-6)',
      'Adam(lr=0.01, beta1=0.8, beta2=0.99, epsilon=1e-6)',
      'Adamax(lr=1, beta1=0.5, beta2=0.75)',
    ];
    const losses = ['mse', 'mae', 'mape', 'msle', 'hinge', 'squared_hinge', 'binary_crossentropy', 'categorical_crossentropy', 'kld', 'poisson', 'cosine_proximity'];
    const training = optimizers.map(
      (optimizer, i) =>
        `model Trained${i} {\n  input x: [4]\n  output y = x -> Dense(3, activation=softmax)\n  loss = ${losses[i % losses.length]}\n  metrics = [accuracy, mae]\n  optimizer = ${optimizer}\n}\n`,
    );
    add('every optimizer', join(folder, 'training.kf'), training.join('\n'), false);
    for (const seed of SEEDS) {
      const source = randomKf(seed);
      add(`random model ${seed}:\n${source}`, join(folder, `random_${seed}.kf`), source, false);
    }
    const modules = compiled.map(({ path, builds, fit }) => ({ path, fit, builds }));
    reports = runKerasScript(keras.python, 'summarize_compiled.py', { modules }) as KerasReport[];
  }, 600_000);

  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('builds every model, and Keras infers the shapes and parameter counts the checker does', () => {
    expect(compiled.length).toBe(exampleFiles.length + 2 + SEEDS.length);
    for (const { description, path, models, fit } of compiled) {
      const forModule = reports.filter((report) => report.module === path);
      expect(
        forModule.map((report) => report.error ?? 'built'),
        description,
      ).toEqual(models.map(() => 'built'));
      models.forEach((model, index) => {
        const report = forModule[index];
        const expected = checkerView(model);
        const found = Object.fromEntries(report.layers!.map((layer) => [layer.name, { params: layer.params, trainable: layer.trainable, outputs: layer.outputs }]));
        expect(found, `${description}: ${model.name}`).toEqual(expected.layers);
        expect({ total: report.total, trainable: report.trainable }, `${description}: ${model.name}`).toEqual({ total: expected.total, trainable: expected.trainable });
        if (fit) expect(Number.isFinite(report.fit_loss), `${description}: ${model.name} trains`).toBe(true);
      });
    }
  });
});

/** What the checker found, in the report's terms: per runtime layer its parameter counts and each application's output shape. */
function checkerView(model: CheckedModel) {
  const layers: Record<string, { params: number; trainable: number; outputs: (number | null)[][] }> = {};
  let total = 0;
  let trainable = 0;
  for (const layer of model.layers) {
    if (!layer.runtime || layer.uses.length === 0) continue;
    const sizes = layer.params.map((param) => ({ size: param.shape.reduce<number>((n, d) => n * (d as number), 1), trainable: param.trainable }));
    const params = sizes.reduce((n, p) => n + p.size, 0);
    const trainableParams = sizes.reduce((n, p) => n + (p.trainable ? p.size : 0), 0);
    total += params;
    trainable += trainableParams;
    layers[layer.name] = {
      params,
      trainable: trainableParams,
      outputs: layer.uses.map((node) => model.tensors[model.nodes[node].output].shape!.map((d) => (typeof d === 'number' ? d : null))),
    };
  }
  return { layers, total, trainable };
}

/**
 * The training setup of `compile --target keras` against Keras 3 itself (on
 * JAX, CPU): loss dicts and lists, loss objects with options, loss_weights
 * and metrics per output. Each model is built twice from one `.kf` text, by
 * the TypeScript target (Keraflow) and by the Keras target (Keras 3); Keras
 * gets Keraflow's weights (through a `.keras` archive) and must have compiled
 * the losses the file names, and one training step on the same data must
 * report the loss Keraflow computes for it (test/keras/compiled_losses.py).
 * Without a Python with Keras 3 the suite is skipped (its name says why),
 * except under CI, where it fails: see test/keras/python.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { type Model, Sequential } from '../../runtime/node.ts';
import { findKerasPython, runKerasScript } from './python.ts';
import { generator } from './seeded.ts';

const keras = findKerasPython();
const SAMPLES = 6;

const SOURCE = `
model Weighted {
  input x: [4]
  h = x -> Dense(8, activation=tanh)
  output a = h -> Dense(3)
  output b = h -> Dense(1, activation=sigmoid)
  output c = h -> Dense(2)
  loss = {a: SparseCategoricalCrossentropy(from_logits=true), b: binary_crossentropy}
  loss c = Huber(delta=0.5)
  loss_weights = {a: 0.7, b: 2}
  metrics = {a: [accuracy], b: [binary_accuracy, mae]}
  optimizer = Adam(lr=0.01)
}

model Listed {
  input x: [4]
  input z: [2]
  joined = Concatenate()([x, z])
  output p = joined -> Dense(3, activation=softmax)
  output q = joined -> Dense(2)
  loss = [CategoricalCrossentropy(label_smoothing=0.1), log_cosh]
  loss_weights = [0.25, 3]
  metrics = [[categorical_accuracy], []]
  optimizer = sgd
}

sequential Single {
  Input(5)
  Dense(3)
  loss = CategoricalCrossentropy(from_logits=true, label_smoothing=0.2)
  loss_weights = [1.5]
  metrics = [categorical_accuracy]
}
`;

/** What Keras 3 compiled, serialized as Keras does: a loss's name, or its class and config. */
type KerasLoss = string | { class_name: string; config: Record<string, unknown> } | null;

/** A Keras loss object as serialized: its class, and at least these options. */
const kerasLoss = (className: string, config: Record<string, unknown>) => expect.objectContaining({ class_name: className, config: expect.objectContaining(config) });

/** Per model: Keras's serialized loss and loss weights, as this file says them. */
const EXPECTED: Record<string, { loss: unknown; lossWeights: unknown }> = {
  Weighted: {
    loss: [
      kerasLoss('SparseCategoricalCrossentropy', { from_logits: true }),
      'binary_crossentropy',
      // Keras's Huber leaves delta out of its config: the step's loss checks it.
      kerasLoss('Huber', {}),
    ],
    lossWeights: [0.7, 2, 1],
  },
  Listed: {
    loss: [kerasLoss('CategoricalCrossentropy', { from_logits: false, label_smoothing: 0.1 }), 'log_cosh'],
    lossWeights: [0.25, 3],
  },
  Single: {
    loss: kerasLoss('CategoricalCrossentropy', { from_logits: true, label_smoothing: 0.2 }),
    lossWeights: 1.5,
  },
};

interface Report {
  loss?: KerasLoss | KerasLoss[];
  loss_weights?: unknown;
  step_loss?: number;
  error?: string;
}

describe.skipIf(!keras.python && !keras.required)(`compile --target keras: losses, loss objects, loss_weights and metrics${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-compile-losses-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const results = new Map<string, { keraflow: number; keras: Report }>();

  beforeAll(async () => {
    if (!keras.python) throw new Error(keras.reason);
    const kf = join(folder, 'losses.kf');
    writeFileSync(kf, SOURCE);
    const runtimeImport = pathToFileURL(join(import.meta.dirname, '../../runtime/node.ts')).href;
    const typescript = compile(kf, { runtimeImport });
    const python = compile(kf, { target: 'keras' });
    for (const result of [typescript, python]) expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
    writeFileSync(join(folder, 'losses.ts'), typescript.modules[0].text);
    writeFileSync(join(folder, 'losses.py'), python.modules[0].text);
    const module = (await import(pathToFileURL(join(folder, 'losses.ts')).href)) as Record<string, () => Model | Sequential>;

    const random = generator(7);
    const requests = [];
    const names = typescript.modules[0].exports.models.map((exported, i) => ({ name: exported.name, ts: exported.build, py: python.modules[0].exports.models[i].build }));
    for (const { name, ts, py } of names) {
      const built = module[ts]();
      const model = built instanceof Sequential ? built.asModel() : built;
      const x = model.inputs.map((input) => Array.from({ length: SAMPLES }, () => Array.from({ length: input.shape[1] as number }, () => random.int(-100, 100) / 50)));
      const checked = python.models.find((m) => m.name === name)!;
      // Targets each loss takes: class indices for a sparse loss, one-hot rows for a categorical one, values in [0, 1] otherwise.
      const y = model.outputs.map((output, k) => {
        const width = output.shape[1] as number;
        const loss = checked.scoring!.losses[checked.outputs[k].name].name;
        if (loss.startsWith('Sparse')) return Array.from({ length: SAMPLES }, () => [random.int(0, width - 1)]);
        if (loss.startsWith('Categorical')) return Array.from({ length: SAMPLES }, () => Array.from({ length: width }, (_, j) => (j === random.int(0, width - 1) ? 1 : 0)));
        return Array.from({ length: SAMPLES }, () => Array.from({ length: width }, () => random.int(0, 100) / 100));
      });
      const archive = join(folder, `${name}.keras`);
      await model.exportKeras(archive);
      const tensors = [...x.map((v) => tf.tensor2d(v)), ...y.map((v) => tf.tensor2d(v))];
      const [loss] = (await model.evaluate(tensors.slice(0, x.length), tensors.slice(x.length), { batchSize: SAMPLES })) as number[];
      tensors.forEach((t) => t.dispose());
      results.set(name, { keraflow: loss, keras: {} });
      requests.push({ path: join(folder, 'losses.py'), build: py, archive, x, y });
    }
    const answers = runKerasScript(keras.python, 'compiled_losses.py', requests) as Report[];
    [...results.values()].forEach((result, i) => (result.keras = answers[i]));
  }, 600_000);

  it.each(Object.keys(EXPECTED))("%s: Keras compiles the losses and weights the file names, and a step's loss is Keraflow's", (name) => {
    const result = results.get(name)!;
    expect(result.keras.error).toBeUndefined();
    expect(result.keras.loss).toEqual(EXPECTED[name].loss);
    expect(result.keras.loss_weights).toEqual(EXPECTED[name].lossWeights);
    expect(Math.abs(result.keras.step_loss! - result.keraflow)).toBeLessThan(1e-4 * Math.max(1, Math.abs(result.keraflow)));
  });
});

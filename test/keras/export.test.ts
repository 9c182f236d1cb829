/**
 * exportKeras against Keras 3 itself (on JAX, CPU): every example model
 * (after one training step here), the every-layer model and random valid
 * models are exported, loaded with `keras.saving.load_model`, and must
 * predict what Keraflow predicts (to 1e-4), count the same parameters and
 * take a training step in Keras (test/keras/check_export.py). One Python run
 * checks them all. Without a Python with Keras 3 the suite is skipped (its
 * name says why), except under CI, where it fails: see test/keras/python.ts.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Model, Sequential } from '../../runtime/node.ts';
import { loadDataset } from '../../runtime/datasets/index.ts';
import { takeSamples } from '../../runtime/datasets/dataset.ts';
import { everyLayerModel } from '../runtime/saving/every-layer.ts';
import { findKerasPython, runKerasScript } from './python.ts';
import { randomModel } from './random-models.ts';

const keras = findKerasPython();
const examples = join(import.meta.dirname, '../../examples');
const exampleFiles = readdirSync(examples)
  .filter((file) => file.endsWith('.kf') && file !== 'errors.kf')
  .sort();
const SEEDS = Array.from({ length: 8 }, (_, i) => i + 1);
const TOLERANCE = 1e-4;

interface Case {
  model: Model;
  x: tf.Tensor[];
  description: string;
}

interface KerasResult {
  outputs?: unknown[];
  params?: number;
  fit_loss?: number;
  error?: string;
}

/** Each example's models, built from its committed generated module, after one training step on 16 of its samples; 8 others to predict. */
async function exampleCases(file: string): Promise<Case[]> {
  const module = (await import(pathToFileURL(join(examples, file.replace(/\.kf$/, '.ts'))).href)) as Record<string, unknown>;
  const cases: Case[] = [];
  for (const name of Object.keys(module).filter((key) => key.startsWith('build'))) {
    const built = (module[name] as () => Model | Sequential)();
    const model = built instanceof Sequential ? built.asModel() : built;
    const settings = module[`${name.charAt(5).toLowerCase()}${name.slice(6)}Train`] as { data: string };
    const data = loadDataset(settings.data, { baseDirectory: examples }).train;
    const indices = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    await built.fit(takeSamples(data.x, indices(0, 16)), takeSamples(data.y, indices(0, 16)), { batchSize: 16, epochs: 1, verbose: 0, shuffle: false });
    const x = model.standardizeData(takeSamples(data.x, indices(16, 8)), 'x', model.inputChannels());
    cases.push({ model, x, description: `${file}: ${name.slice(5)}` });
  }
  return cases;
}

function flatten(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value as number];
}

describe.skipIf(!keras.python && !keras.required)(`exportKeras: Keras 3 loads it, predicts the same and trains${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-keras-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const results = new Map<string, { description: string; expected: number[][]; params: number; keras: KerasResult }>();

  beforeAll(async () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const cases = new Map<string, Case>();
    for (const file of exampleFiles) (await exampleCases(file)).forEach((c, i) => cases.set(i === 0 ? file : `${file} ${i}`, c));
    const every = everyLayerModel({ exportable: true });
    cases.set('every layer', { ...every, description: 'test/runtime/saving/every-layer.ts' });
    for (const seed of SEEDS) cases.set(`random ${seed}`, randomModel(seed));

    const requests = [];
    for (const [name, { model, x, description }] of cases) {
      const archive = join(folder, `${name.replace(/\W+/g, '_')}.keras`);
      await model.exportKeras(archive);
      const predicted = model.predict(x.length === 1 ? x[0] : x);
      const expected = (Array.isArray(predicted) ? predicted : [predicted]).map((tensor) => {
        const values = Array.from(tensor.dataSync());
        tensor.dispose();
        return values;
      });
      results.set(name, { description, expected, params: model.countParams().total, keras: {} });
      requests.push({ archive, inputs: x.map((tensor) => tensor.arraySync()), int_inputs: x.flatMap((tensor, i) => (tensor.dtype === 'int32' ? [i] : [])) });
      x.forEach((tensor) => tensor.dispose());
    }
    const answers = runKerasScript(keras.python, 'check_export.py', requests) as KerasResult[];
    [...results.values()].forEach((result, i) => (result.keras = answers[i]));
  }, 900_000);

  const names = [...exampleFiles, 'every layer', ...SEEDS.map((seed) => `random ${seed}`)];
  it.each(names)('%s', (name) => {
    const result = results.get(name);
    expect(result, `${name} was not exported`).toBeDefined();
    const { description, expected, params, keras: answer } = result!;
    expect(answer.error, description).toBeUndefined();
    expect(answer.params, `${description}: parameter count`).toBe(params);
    expect(answer.outputs!.length, description).toBe(expected.length);
    expected.forEach((values, i) => {
      const actual = flatten(answer.outputs![i]);
      expect(actual.length, `${description}: output ${i} size`).toBe(values.length);
      const worst = Math.max(...values.map((value, k) => Math.abs(value - actual[k])));
      expect(worst, `${description}: output ${i}, largest difference from Keraflow`).toBeLessThanOrEqual(TOLERANCE);
    });
    expect(Number.isFinite(answer.fit_loss), `${description}: a training step in Keras`).toBe(true);
  });
});

/**
 * A Keras dialect layer's weights are Keras 3's: every case of the layer
 * table with weights (test/runtime/layers/cases.ts), exported to .keras and
 * loaded by Keras 3, has in `layer.weights` the names, shapes and values
 * that Keraflow's `layer.weights` gives, in the same order
 * (test/keras/keras_weight_names.py).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Input, Model, type Layer } from '../../runtime/node.ts';
import { caseTitle, layerCases, type LayerCase } from '../runtime/layers/cases.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();

/** The Keras 3 layers of the table with weights: the Keras dialect's, and MultiHeadAttention (Keras's layer in both catalogues). */
const cases = layerCases.filter((c) => (c.dialect === 'keras' || c.className === 'MultiHeadAttention') && c.savable !== false && c.exportable !== false && c.make().paramNames().length > 0);

interface Built {
  layer: Layer<any>;
  archive: string;
}

interface KerasWeights {
  weights?: [string, number[], number[]][];
  error?: string;
}

function build(testCase: LayerCase): { model: Model; layer: Layer<any> } {
  const shapes = Array.isArray(testCase.input[0]) ? (testCase.input as number[][]) : [testCase.input as number[]];
  const inputs = shapes.map((shape) => new Input(shape, { dtype: testCase.dtype }));
  const layer = testCase.make();
  return { model: new Model(inputs, layer.apply(inputs.length === 1 ? inputs[0] : inputs)), layer };
}

describe.skipIf(!keras.python && !keras.required)(`Keras dialect weights against Keras 3's layer.weights${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-weight-names-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const built = new Map<string, Built>();
  const answers = new Map<string, KerasWeights>();

  beforeAll(async () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    for (const [index, testCase] of cases.entries()) {
      const { model, layer } = build(testCase);
      const archive = join(folder, `${index}.keras`);
      await model.exportKeras(archive);
      built.set(caseTitle(testCase), { layer, archive });
    }
    const titles = [...built.keys()];
    const requests = titles.map((title) => ({ archive: built.get(title)!.archive, layer: built.get(title)!.layer.name }));
    (runKerasScript(keras.python, 'keras_weight_names.py', requests) as KerasWeights[]).forEach((answer, i) => answers.set(titles[i], answer));
  }, 600_000);

  it('covers the Keras layers with weights', () => {
    const classes = new Set(cases.map((c) => c.className));
    for (const className of ['Dense', 'Conv2D', 'Embedding', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'BatchNormalization', 'LayerNormalization', 'MultiHeadAttention']) {
      expect(classes, className).toContain(className);
    }
  });

  it.each(cases.map((c) => [caseTitle(c), c] as const))('%s', (title) => {
    const found = built.get(title)!;
    const answer = answers.get(title)!;
    expect(answer.error).toBeUndefined();
    const ours = tf.tidy(() => Object.entries(found.layer.weights).map(([name, weight]) => [name, weight.shape, Array.from(weight.dataSync())] as const));
    expect(ours.map(([name, shape]) => [name, shape])).toEqual(answer.weights!.map(([name, shape]) => [name, shape]));
    ours.forEach(([name, , values], k) => {
      const theirs = answer.weights![k][2];
      expect(Math.max(0, ...values.map((value, i) => Math.abs(value - theirs[i]))), name).toBeLessThanOrEqual(1e-6);
    });
  });
});

/**
 * Model.loadKeras against Keras 3 itself: models built and saved in Keras
 * (test/keras/build_models.py) load with the same parameter count and
 * predict what Keras predicts (to 1e-4). A Keras layer Keraflow cannot import
 * yet is an error naming it. Skipped or failed like the other Keras tests
 * when there is no Python with Keras (test/keras/python.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeraflowError, Model } from '../../runtime/node.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();

interface Built {
  name: string;
  archive: string;
  params: number;
  inputs: number[][];
  outputs: unknown[];
}

describe.skipIf(!keras.python && !keras.required)(`Model.loadKeras: models built in Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-keras-import-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const built = new Map<string, Built>();

  beforeAll(() => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    for (const model of runKerasScript(keras.python, 'build_models.py', { folder }) as Built[]) built.set(model.name, model);
  }, 600_000);

  it('a functional model with several inputs and outputs, a shared layer and merges: same names, parameter count and predictions', async () => {
    const { archive, params, inputs, outputs } = built.get('several')!;
    const model = await Model.loadKeras(archive);
    expect(model.name).toBe('several');
    expect(model.inputNames).toEqual(['a', 'b']);
    expect(model.countParams().total).toBe(params);
    const shared = model.layers.find((layer) => layer.name === 'shared')!;
    expect(shared.className).toBe('Dense');
    const predicted = model.predict(inputs.map((x) => tf.tensor(x))) as tf.Tensor[];
    expect(predicted).toHaveLength(2);
    predicted.forEach((tensor, i) => {
      const expected = (outputs[i] as number[][]).flat();
      const actual = Array.from(tensor.dataSync());
      expect(Math.max(...expected.map((value, k) => Math.abs(value - actual[k])))).toBeLessThanOrEqual(1e-4);
      tensor.dispose();
    });
  });

  it('a layer Keraflow cannot import yet is an error naming it and its Keras class', async () => {
    const error = await Model.loadKeras(built.get('recurrent')!.archive).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect((error as KeraflowError).message).toBe('memory (Keras LSTM) cannot be imported: Keraflow has no layer that imports it yet');
  });
});

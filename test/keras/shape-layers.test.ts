/**
 * Cropping1D/2D/3D, Dot and GlobalMax/AveragePooling3D against Keras 3 itself,
 * both ways: a model of them built in Keras (test/keras/shape_layers.py,
 * random weights) loads here with Keras's parameter count and predictions;
 * models of them written in each dialect here export to .keras, which Keras
 * loads, predicts the same from and trains (test/keras/check_export.py), and
 * come back through our import predicting the same. Skipped or failed like
 * the other Keras tests when there is no Python with Keras (test/keras/python.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layers as keras } from '../../runtime/keras/index.ts';
import { Concatenate, Cropping1D, Cropping2D, Cropping3D, Dense, Dot, Flatten, GlobalPooling3D, Input, Model } from '../../runtime/node.ts';
import { type Built, largestDifference } from './import-models.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const python = findKerasPython();
const TOLERANCE = 1e-4;

/** The same graph as shape_layers.py's, in Keras's dialect. */
function kerasDialectModel(): Model {
  const steps = new Input([8, 3], { name: 'steps' });
  const image = new Input([3, 6, 7], { name: 'image' });
  const volume = new Input([4, 5, 6, 2], { name: 'volume' });
  const cropped = new keras.Cropping1D([1, 2]).apply(steps);
  const imageCropped = new keras.Cropping2D(
    [
      [1, 0],
      [2, 1],
    ],
    { dataFormat: 'channels_first' },
  ).apply(image);
  const volumeCropped = new keras.Cropping3D([
    [0, 1],
    [1, 1],
    [2, 0],
  ]).apply(volume);
  const peak = new keras.GlobalMaxPooling3D().apply(volumeCropped);
  const mean = new keras.GlobalAveragePooling3D({ dataFormat: 'channels_first' }).apply(volume);
  const kept = new keras.GlobalAveragePooling3D({ keepdims: true }).apply(volume);
  const projected = new keras.Dense(5).apply(new keras.Flatten().apply(imageCropped));
  const products = new keras.Dot([1, 1]).apply([cropped, new keras.Dense(4).apply(cropped)]);
  const cosine = new keras.Dot(-1, { normalize: true }).apply([new keras.Dense(3).apply(mean), new keras.Dense(3).apply(peak)]);
  const joined = new keras.Concatenate().apply([new keras.Flatten().apply(products), projected, cosine, new keras.Flatten().apply(kept)]);
  return new Model([steps, image, volume], new keras.Dense(2).apply(joined), { name: 'keras_dialect' });
}

/** The same layers in Keraflow's dialect (axes after the batch, Keraflow's argument names). */
function keraflowDialectModel(): Model {
  const steps = new Input([8, 3], { name: 'steps' });
  const image = new Input([3, 6, 7], { name: 'image' });
  const volume = new Input([4, 5, 6, 2], { name: 'volume' });
  const cropped = new Cropping1D([2, 0]).apply(steps);
  const imageCropped = new Cropping2D([1, 2], { dataFormat: 'channels_first' }).apply(image);
  const volumeCropped = new Cropping3D(1).apply(volume);
  const peak = new GlobalPooling3D('max', { dataFormat: 'channels_first' }).apply(volumeCropped);
  const kept = new GlobalPooling3D('avg', { keepdims: true }).apply(volume);
  const products = new Dot(0).apply([cropped, new Dense(4).apply(cropped)]);
  const cosine = new Dot(-1, { normalize: true }).apply([new Dense(3).apply(peak), new Dense(3).apply(new Flatten().apply(imageCropped))]);
  const joined = new Concatenate({ axis: -1 }).apply([new Flatten().apply(products), cosine, new Flatten().apply(kept)]);
  return new Model([steps, image, volume], new Dense(2).apply(joined), { name: 'keraflow_dialect' });
}

const inputs = (model: Model) => model.inputs.map((input) => tf.randomNormal([3, ...(input.shape.slice(1) as number[])]));

interface Checked {
  outputs?: unknown[];
  params?: number;
  fit_loss?: number;
  error?: string;
}

describe.skipIf(!python.python && !python.required)(`Cropping, Dot and GlobalPooling3D against Keras 3${python.python ? '' : ` (skipped: ${python.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-shape-layers-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  let built: Built;
  const exported = new Map<string, { model: Model; x: tf.Tensor[]; archive: string; checked: Checked }>();

  beforeAll(async () => {
    if (!python.python) throw new Error(`CI is set, so the Keras tests must run: ${python.reason}`);
    [built] = runKerasScript(python.python, 'shape_layers.py', { folder }) as Built[];
    for (const model of [kerasDialectModel(), keraflowDialectModel()]) {
      const archive = join(folder, `${model.name}.keras`);
      await model.exportKeras(archive);
      exported.set(model.name, { model, x: inputs(model), archive, checked: {} });
    }
    const requests = [...exported.values()].map(({ x, archive }) => ({ archive, inputs: x.map((tensor) => tensor.arraySync()) }));
    const answers = runKerasScript(python.python, 'check_export.py', requests) as Checked[];
    [...exported.values()].forEach((entry, i) => (entry.checked = answers[i]));
  }, 600_000);

  it('a model built in Keras loads with its parameter count, output shapes and predictions', async () => {
    const model = await Model.loadKeras(built.archive);
    expect(model.layers.map((layer) => layer.className)).toEqual(expect.arrayContaining(['Cropping1D', 'Cropping2D', 'Cropping3D', 'Dot', 'GlobalPooling3D']));
    expect(model.countParams().total).toBe(built.params);
    expect(model.outputs.map((output) => output.shape.slice(1))).toEqual(built.output_shapes);
    expect(largestDifference(model, built)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(['keras_dialect', 'keraflow_dialect'])('%s: exported, Keras predicts the same and trains; read back, the same model', async (name) => {
    const { model, x, archive, checked } = exported.get(name)!;
    expect(checked.error).toBeUndefined();
    expect(checked.params).toBe(model.countParams().total);
    const expected = model.predict(x) as tf.Tensor;
    const fromKeras = tf.tensor(checked.outputs![0] as number[][]);
    expect(tf.max(tf.abs(tf.sub(fromKeras, expected))).dataSync()[0]).toBeLessThanOrEqual(TOLERANCE);
    expect(Number.isFinite(checked.fit_loss)).toBe(true);
    const imported = await Model.loadKeras(archive);
    const again = imported.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(again, expected))).dataSync()[0]).toBeLessThanOrEqual(1e-5);
    tf.dispose([expected, fromKeras, again]);
  });
});

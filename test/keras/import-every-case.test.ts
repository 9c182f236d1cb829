/**
 * Every case of the layer table (test/runtime/layers/cases.ts) on one Input,
 * exported to Keras 3 (the .keras archive's bytes) and to TensorFlow.js
 * (model.json and its weights), comes back through the Keras import with
 * the same parameter count and predictions (to 1e-5): each layer's
 * `fromKeras` is the inverse of its export, weights included. No Python
 * needed: the Keras side is checked by test/keras/import.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { getLayerClass, hasLayerClass, Input, Model } from '../../runtime/node.ts';
import { kerasArchive } from '../../runtime/saving/keras-archive.ts';
import { modelFromKerasArchive, modelFromTfjsFiles } from '../../runtime/saving/keras-import.ts';
import { tfjsArtifacts } from '../../runtime/saving/tfjs-export.ts';
import { caseTitle, layerCases, type LayerCase } from '../runtime/layers/cases.ts';

function build(testCase: LayerCase): { model: Model; x: tf.Tensor[] } {
  const shapes = Array.isArray(testCase.input[0]) ? (testCase.input as number[][]) : [testCase.input as number[]];
  const inputs = shapes.map((shape, i) => new Input(shape, { dtype: testCase.dtype, name: `input_${i}` }));
  const model = new Model(inputs, testCase.make().apply(inputs.length === 1 ? inputs[0] : inputs), { name: 'every_case' });
  const x = shapes.map((shape) => (testCase.dtype ? tf.randomUniform([2, ...shape], 0, 10, 'int32') : tf.randomNormal([2, ...shape])));
  return { model, x };
}

function expectSame(model: Model, imported: Model, x: tf.Tensor[]): void {
  expect(imported.countParams()).toEqual(model.countParams());
  const [expected, actual] = [model, imported].map((m) => [m.predict(x.length === 1 ? x[0] : x)].flat() as tf.Tensor[]);
  expect(actual.map((tensor) => tensor.shape)).toEqual(expected.map((tensor) => tensor.shape));
  expected.forEach((tensor, i) => expect(tf.tidy(() => tf.max(tf.abs(tf.sub(actual[i], tensor))).dataSync()[0])).toBeLessThanOrEqual(1e-5));
  tf.dispose([...expected, ...actual]);
}

/** A Keras 3 class that is Keraflow's too (Conv2DTranspose): its Keras dialect case is its only one. */
function inBothCatalogues(className: string): boolean {
  return hasLayerClass(className, 'keraflow') && getLayerClass(className, 'keraflow') === getLayerClass(className, 'keras');
}

/** The cases whose class imports from Keras (its mapping has `fromKeras`) and whose arguments export; Dropout is random only in training. A Keras dialect case exports as its Keraflow sibling, whose own case is here. */
const importable = layerCases.filter((c) => c.exportable !== false && (c.dialect === undefined || inBothCatalogues(c.className)) && getLayerClass(c.className).spec.keras?.fromKeras !== undefined);

describe('every layer case that imports: exported to Keras 3 and read back, the same model', () => {
  it('covers every class with a way back from Keras', () => {
    expect(new Set(importable.map((c) => c.className)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(importable.map((c) => [caseTitle(c), c] as const))('%s', async (_, testCase) => {
    const { model, x } = build(testCase);
    const imported = await modelFromKerasArchive(await kerasArchive(model), 'every-case.keras');
    expect(imported.layers.map((layer) => layer.className)).toEqual(model.layers.map((layer) => layer.className));
    expectSame(model, imported, x);
    tf.dispose(x);
  });
});

describe('every layer case that imports: exported to TensorFlow.js and read back, the same model', () => {
  it.each(importable.filter((c) => c.tfjs !== false).map((c) => [caseTitle(c), c] as const))('%s', async (_, testCase) => {
    const { model, x } = build(testCase);
    const { modelTopology, weightSpecs, weightData } = tfjsArtifacts(model);
    const text = JSON.stringify({ modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }] });
    const imported = await modelFromTfjsFiles(text, () => new Uint8Array(weightData), 'model.json');
    expectSame(model, imported, x);
    tf.dispose(x);
  });
});

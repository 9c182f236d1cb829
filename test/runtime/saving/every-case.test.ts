/**
 * Every case of the layer table (test/runtime/layers/cases.ts) on one Input:
 * saved and loaded, it predicts the same, bit for bit; exported to
 * TensorFlow.js (where its class has a Keras counterpart), tf.layers loads
 * it and predicts the same to 1e-5.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { getLayerClass, Input, Model } from '../../../runtime/node.ts';
import { caseTitle, layerCases, type LayerCase } from '../layers/cases.ts';
import { asList, expectSamePredictions, fileHandler, temporaryFolder } from './helpers.ts';

const folder = temporaryFolder();

function build(testCase: LayerCase): { model: Model; x: tf.Tensor[] } {
  const shapes = Array.isArray(testCase.input[0]) ? (testCase.input as number[][]) : [testCase.input as number[]];
  const inputs = shapes.map((shape) => new Input(shape, { dtype: testCase.dtype }));
  const model = new Model(inputs, testCase.make().apply(inputs.length === 1 ? inputs[0] : inputs));
  const x = shapes.map((shape) => (testCase.dtype ? tf.randomUniform([2, ...shape], 0, 10, 'int32') : tf.randomNormal([2, ...shape])));
  return { model, x };
}

describe('every layer case: save -> load -> same outputs', () => {
  it.each(layerCases.filter((c) => c.savable !== false).map((c) => [caseTitle(c), c] as const))('%s', async (_, testCase) => {
    const { model, x } = build(testCase);
    const directory = folder();
    const [architecture, weights] = [path.join(directory, 'model.json'), path.join(directory, 'model.safetensors')];
    await model.saveToFile(architecture, weights);
    const loaded = await Model.loadFromFile(architecture, weights);
    expectSamePredictions(model, loaded, x.length === 1 ? x[0] : x);
    tf.dispose(x);
  });
});

describe('every layer case with a Keras counterpart: exported, tf.layers predicts the same', () => {
  const exportable = layerCases.filter((c) => c.tfjs !== false && (c.exportable ?? getLayerClass(c.className, c.dialect).spec.keras !== undefined));
  it.each(exportable.map((c) => [caseTitle(c), c] as const))('%s', async (_, testCase) => {
    const { model, x } = build(testCase);
    const directory = path.join(folder(), 'export');
    await model.exportTfjs(directory);
    const loaded = await tfl.loadLayersModel(fileHandler(path.join(directory, 'model.json')));
    const input = x.length === 1 ? x[0] : x;
    const [expected] = asList(model.predict(input));
    const [actual] = asList(loaded.predict(input) as tf.Tensor | tf.Tensor[]);
    expect(actual.shape).toEqual(expected.shape);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0])).toBeLessThanOrEqual(1e-5);
    tf.dispose([expected, actual, ...x]);
    expect(fs.existsSync(path.join(directory, 'model.json'))).toBe(true);
  });
});

describe("every layer case whose Keras mapping says tfjs: 'never': the TensorFlow.js export refuses it, pointing to Keras 3", () => {
  const keras3Only = layerCases.filter((c) => getLayerClass(c.className, c.dialect).spec.keras?.tfjs === 'never');
  it('covers the attention layers and the 1-D / 3-D layers TensorFlow.js Layers lacks', () => {
    expect(new Set(keras3Only.map((c) => c.className))).toEqual(
      new Set([
        ...['MultiHeadAttention', 'Attention', 'AdditiveAttention', 'UnitNormalization', 'SpatialDropout2D', 'SpatialDropout3D', 'Cropping1D', 'Cropping3D'],
        ...['GlobalPooling3D', 'GlobalMaxPooling3D', 'GlobalAveragePooling3D', 'Conv1DTranspose', 'DepthwiseConv1D', 'SeparableConv1D'],
      ]),
    );
  });
  it.each(keras3Only.map((c) => [caseTitle(c), c] as const))('%s', async (_, testCase) => {
    const { model, x } = build(testCase);
    const layer = model.layers.find((each) => each.className === testCase.className)!;
    await expect(model.exportTfjs(path.join(folder(), 'export'))).rejects.toThrow(
      `${layer.name} (${layer.className}) has no TensorFlow.js Layers counterpart: export the model to Keras 3 (.keras) instead`,
    );
    tf.dispose(x);
  });
});

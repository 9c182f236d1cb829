import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { BatchNormalization, Dense, Input, LayerNormalization, Model } from '../../../../runtime/node.ts';
import { expectClose } from '../harness.ts';
import { fileHandler, temporaryFolder } from '../../saving/helpers.ts';

const folder = temporaryFolder();

describe('normalization layers exported to TensorFlow.js', () => {
  it('load in tf.layers with their moving statistics and predict the same', async () => {
    const x = new Input([4, 3]);
    const normalized = new BatchNormalization({
      momentum: 0.9,
      initialWeights: { moving_mean: [0.5, -1, 2], moving_variance: [2, 0.5, 1.5], gamma: [1, 2, 0.5], beta: [0, 1, -1] },
    }).apply(x);
    const y = new LayerNormalization({ axis: [0, 1] }).apply(new Dense(3).apply(normalized));
    const model = new Model(x, y);
    const directory = path.join(folder(), 'export');
    await model.exportTfjs(directory);
    const json = JSON.parse(fs.readFileSync(path.join(directory, 'model.json'), 'utf8'));
    const configs = json.modelTopology.config.layers.map((layer: { config: Record<string, unknown> }) => layer.config);
    expect(configs[1]).toMatchObject({ axis: 2, momentum: 0.9, epsilon: 1e-3 });
    expect(configs[3]).toMatchObject({ axis: [1, 2] });
    const loaded = await tfl.loadLayersModel(fileHandler(path.join(directory, 'model.json')));
    const data = tf.randomNormal([5, 4, 3]);
    const expected = model.predict(data) as tf.Tensor;
    const actual = loaded.predict(data) as tf.Tensor;
    expectClose(actual, expected, 1e-5);
    tf.dispose([data, expected, actual]);
  });
});

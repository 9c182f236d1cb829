import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constraints, Dense, Input, Model, regularizers, Sequential, SGD } from '../../../runtime/node.ts';
import { temporaryFolder, weightValues } from './helpers.ts';

const folder = temporaryFolder();

/** One full-batch SGD step on fixed data; the weights after it. */
async function trainOneStep(model: Model, x: tf.Tensor, y: tf.Tensor): Promise<Record<string, number[]>> {
  model.compile({ optimizer: new SGD({ lr: 0.5, momentum: 0.9 }), loss: 'mse' });
  await model.fit(x, y, { epochs: 1, batchSize: x.shape[0], shuffle: false, verbose: 0 });
  return weightValues(model);
}

describe('training a loaded model', () => {
  it('one trained step after loading equals one before saving: regularizers, constraints and trainable flags act the same', async () => {
    const input = new Input([4], { name: 'x' });
    const hidden = new Dense(3, {
      activation: 'tanh',
      name: 'hidden',
      regularizers: { W: 'l2', b: new regularizers.L1L2(0.05, 0.1) },
      constraints: { W: new constraints.MaxNorm(0.3, { axis: 0 }) },
    });
    const frozen = new Sequential([new Dense(3, { name: 'frozen' })], { trainable: false, name: 'frozen_block' });
    const output = new Dense(2, { name: 'out', regularizers: 'l1', constraints: { b: 'nonneg' } });
    const model = new Model(input, output.apply(frozen.apply(hidden.apply(input))));
    const directory = folder();
    const archPath = path.join(directory, 'model.yaml');
    const weightPath = path.join(directory, 'model.safetensors');
    await model.saveToFile(archPath, weightPath);
    const loaded = await Model.loadFromFile(archPath, weightPath);

    const x = tf.randomNormal([8, 4], 0, 2, 'float32', 1);
    const y = tf.randomNormal([8, 2], 0, 1, 'float32', 2);
    const before = weightValues(model);
    const trainedOriginal = await trainOneStep(model, x, y);
    const trainedLoaded = await trainOneStep(loaded, x, y);
    expect(trainedLoaded).toEqual(trainedOriginal);
    // The step did something, and the frozen block did not move.
    expect(trainedOriginal['hidden/W']).not.toEqual(before['hidden/W']);
    expect(trainedOriginal['frozen/W']).toEqual(before['frozen/W']);

    // Without its regularizers and constraints the same file trains differently: the check above is not vacuous.
    const stripped = fs.readFileSync(archPath, 'utf8').replace(/\n {4}(regularizers|constraints):\n( {6}.*\n)+/g, '\n');
    expect(stripped).not.toContain('regularizers');
    fs.writeFileSync(path.join(directory, 'bare.yaml'), stripped);
    const bare = await Model.loadFromFile(path.join(directory, 'bare.yaml'), weightPath);
    expect(await trainOneStep(bare, x, y)).not.toEqual(trainedOriginal);
    x.dispose();
    y.dispose();
  });
});

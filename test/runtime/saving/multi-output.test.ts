/**
 * Saving keeps layers with several outputs and tensors by keyword: an
 * encoder's states starting a decoder, attention with a mask, a call
 * option, and a model output that is a state; the Keras and TensorFlow.js
 * exports refuse them with an error naming the layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, LSTM, Model, MultiHeadAttention } from '../../../runtime/node.ts';

function buildModel(): Model {
  const source = new Input([5, 4], { name: 'source' });
  const target = new Input([3, 4], { name: 'target' });
  const mask = new Input([3, 5], { name: 'mask' });
  const [encoded, h, c] = new LSTM(6, { returnSequences: true, returnState: true, name: 'encoder' }).apply(source);
  const decoded = new LSTM(6, { returnSequences: true, name: 'decoder' }).apply(target, { initialState: [h, c] });
  const attended = new MultiHeadAttention(2, 3, { name: 'attention' }).apply([decoded, encoded], { attentionMask: mask, useCausalMask: true });
  return new Model([source, target, mask], [attended, c], { name: 'translator', outputNames: ['words', 'cell'] });
}

describe('saving layers with several outputs and tensors by keyword', () => {
  it('loads the same graph, which predicts the same', async () => {
    const model = buildModel();
    const saved = await model.saveToBytes({ indent: 1 });
    const architecture = JSON.parse(saved.architecture as unknown as string);
    const decoder = architecture.layers.find((layer: { name: string }) => layer.name === 'decoder');
    expect(decoder.inbound_nodes).toEqual([{ inputs: [{ layer: 'target', node: 0 }], keywords: { initial_state: [{ layer: 'encoder', node: 0, output: 1 }, { layer: 'encoder', node: 0, output: 2 }] } }]);
    const attention = architecture.layers.find((layer: { name: string }) => layer.name === 'attention');
    expect(attention.inbound_nodes[0].options).toEqual({ use_causal_mask: true });
    expect(architecture.outputs).toEqual([{ layer: 'attention', node: 0 }, { layer: 'encoder', node: 0, output: 2 }]);

    const loaded = await Model.loadFromBytes(saved);
    expect(loaded.summary()).toBe(model.summary().replace(/^Model: .*/, `Model: ${loaded.name}`));
    const data = [tf.randomNormal([2, 5, 4]), tf.randomNormal([2, 3, 4]), tf.cast(tf.greater(tf.randomUniform([2, 3, 5]), 0.3), 'float32')];
    const expected = model.predict(data) as tf.Tensor[];
    const actual = loaded.predict(data) as tf.Tensor[];
    expected.forEach((tensor, index) => expect(tf.max(tf.abs(tf.sub(tensor, actual[index]))).dataSync()[0]).toBe(0));
  });

  it('refuses the Keras and TensorFlow.js exports, naming the layer', async () => {
    const source = new Input([5, 4]);
    const [, h] = new LSTM(6, { returnState: true, name: 'encoder' }).apply(source);
    const model = new Model(source, h);
    await expect(model.exportTfjsArtifacts()).rejects.toThrow(/encoder \(LSTM\) gives 3 outputs, which the TensorFlow\.js export cannot write yet/);
  });
});

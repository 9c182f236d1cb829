/**
 * Saving keeps layers with several outputs and tensors by keyword: an
 * encoder's states starting a decoder, attention with a mask, a call
 * option, and a model output that is a state. The Keras 3 archive writes
 * them as Keras does (output indices, kwargs) and its import reads them
 * back; the TensorFlow.js export refuses them with an error naming the layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, LSTM, Model, MultiHeadAttention } from '../../../runtime/node.ts';
import { kerasArchive, kerasModelConfig } from '../../../runtime/saving/keras-archive.ts';
import { modelFromKerasArchive } from '../../../runtime/saving/keras-import.ts';

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
    expect(decoder.inbound_nodes).toEqual([
      {
        inputs: [{ layer: 'target', node: 0 }],
        keywords: {
          initial_state: [
            { layer: 'encoder', node: 0, output: 1 },
            { layer: 'encoder', node: 0, output: 2 },
          ],
        },
      },
    ]);
    const attention = architecture.layers.find((layer: { name: string }) => layer.name === 'attention');
    expect(attention.inbound_nodes[0].options).toEqual({ use_causal_mask: true });
    expect(architecture.outputs).toEqual([
      { layer: 'attention', node: 0 },
      { layer: 'encoder', node: 0, output: 2 },
    ]);

    const loaded = await Model.loadFromBytes(saved);
    expect(loaded.summary()).toBe(model.summary().replace(/^Model: .*/, `Model: ${loaded.name}`));
    const data = [tf.randomNormal([2, 5, 4]), tf.randomNormal([2, 3, 4]), tf.cast(tf.greater(tf.randomUniform([2, 3, 5]), 0.3), 'float32')];
    const expected = model.predict(data) as tf.Tensor[];
    const actual = loaded.predict(data) as tf.Tensor[];
    expected.forEach((tensor, index) => expect(tf.max(tf.abs(tf.sub(tensor, actual[index]))).dataSync()[0]).toBe(0));
  });

  it('goes to a Keras 3 archive as Keras writes it, and comes back predicting the same', async () => {
    const model = buildModel();
    let config: Record<string, unknown> = {};
    tf.tidy(() => {
      config = kerasModelConfig(model).config;
    });
    const layers = (config.config as { layers: { name: string; inbound_nodes: { args: unknown[]; kwargs: Record<string, unknown> }[] }[] }).layers;
    const history = (tensor: unknown) => (tensor as { config: { keras_history: unknown } }).config.keras_history;
    const decoder = layers.find((layer) => layer.name === 'decoder')!.inbound_nodes[0];
    expect((decoder.kwargs.initial_state as unknown[]).map(history)).toEqual([
      ['encoder', 0, 1],
      ['encoder', 0, 2],
    ]);
    const attention = layers.find((layer) => layer.name === 'attention')!.inbound_nodes[0];
    expect(attention.args.map(history)).toEqual([
      ['decoder', 0, 0],
      ['encoder', 0, 0],
    ]);
    expect({ ...attention.kwargs, attention_mask: history(attention.kwargs.attention_mask) }).toEqual({ attention_mask: ['mask', 0, 0], use_causal_mask: true });
    expect((config.config as { output_layers: unknown }).output_layers).toEqual([
      ['attention', 0, 0],
      ['encoder', 0, 2],
    ]);

    const imported = await modelFromKerasArchive(await kerasArchive(model), 'translator.keras');
    const data = [tf.randomNormal([2, 5, 4]), tf.randomNormal([2, 3, 4]), tf.cast(tf.greater(tf.randomUniform([2, 3, 5]), 0.3), 'float32')];
    const expected = model.predict(data) as tf.Tensor[];
    const actual = imported.predict(data) as tf.Tensor[];
    expect(actual).toHaveLength(2);
    expected.forEach((tensor, index) => expect(tf.max(tf.abs(tf.sub(tensor, actual[index]))).dataSync()[0]).toBeLessThan(1e-6));
  });

  it('refuses the TensorFlow.js export, naming the layer', async () => {
    const source = new Input([5, 4]);
    const [, h] = new LSTM(6, { returnState: true, name: 'encoder' }).apply(source);
    const model = new Model(source, h);
    await expect(model.exportTfjsArtifacts()).rejects.toThrow(/encoder \(LSTM\) gives 3 outputs, which the TensorFlow\.js export cannot write yet/);
  });
});

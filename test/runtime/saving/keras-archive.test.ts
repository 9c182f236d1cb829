/**
 * The Keras 3 archive, read back here (no Python): its files, the config as
 * Keras 3 serializes it, where the weights sit in model.weights.h5, and the
 * errors for what Keras 3 cannot express. That Keras itself loads the archive
 * and predicts the same: test/keras/export.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { unzipSync, zipSync } from 'fflate';
import h5wasm, { type Dataset, type Group } from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { Concatenate, Dense, ElementWiseSum, Embedding, Flatten, Input, KeraflowError, kerasArchive, Lambda, LSTM, Model } from '../../../runtime/node.ts';
import { temporaryFolder } from './helpers.ts';

const folder = temporaryFolder();

/** The archive's files: config.json and metadata.json parsed, the weights file as {group path: {name attribute, datasets}}. */
async function readArchive(model: Model) {
  const files = unzipSync(await kerasArchive(model));
  const text = (name: string) => JSON.parse(new TextDecoder().decode(files[name]));
  const { FS } = await h5wasm.ready;
  FS!.writeFile('/read.h5', files['model.weights.h5']);
  const file = new h5wasm.File('/read.h5', 'r');
  const groups: Record<string, { name: unknown; datasets: { shape: number[]; values: number[] }[] }> = {};
  const walk = (group: Group, at: string) => {
    for (const key of group.keys()) {
      const child = group.get(key);
      if (child instanceof h5wasm.Group) {
        const childPath = at ? `${at}/${key}` : key;
        if (key === 'vars' || child.keys().some((k) => k === '0')) {
          groups[childPath] = {
            name: child.attrs.name?.value,
            datasets: child
              .keys()
              .sort()
              .map((k) => {
                const dataset = child.get(k) as Dataset;
                return { shape: dataset.shape!, values: Array.from(dataset.value as Float32Array) };
              }),
          };
        }
        walk(child, childPath);
      }
    }
  };
  walk(file, '');
  file.close();
  FS!.unlink('/read.h5');
  return { names: Object.keys(files).sort(), config: text('config.json'), metadata: text('metadata.json'), groups };
}

async function exportError(model: Model): Promise<KeraflowError> {
  const error = await kerasArchive(model).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeraflowError);
  return error as KeraflowError;
}

describe('kerasArchive: the .keras files, as Keras 3 writes them', () => {
  it('a zip of config.json, metadata.json and model.weights.h5; the functional config with modules, build configs and Keras tensors', async () => {
    const x = new Input([4], { name: 'x' });
    const y = new Dense(3, { name: 'out', activation: 'tanh', regularizers: { W: 'l2' } }).apply(x);
    const { names, config, metadata } = await readArchive(new Model(x, y, { name: 'tiny' }));
    expect(names).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    expect(metadata).toMatchObject({ keras_version: '3.0.0', generated_by: 'keraflow' });
    expect(metadata.date_saved).toMatch(/^\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/);
    expect(config).toMatchObject({
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      registered_name: 'Functional',
      config: { name: 'tiny', input_layers: [['x', 0, 0]], output_layers: [['out', 0, 0]] },
    });
    const [input, dense] = config.config.layers;
    expect(input).toEqual({
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'x' },
      registered_name: null,
      name: 'x',
      inbound_nodes: [],
    });
    expect(dense).toMatchObject({
      module: 'keras.layers',
      class_name: 'Dense',
      registered_name: null,
      name: 'out',
      build_config: { input_shape: [null, 4] },
      config: {
        name: 'out',
        trainable: true,
        dtype: 'float32',
        units: 3,
        activation: 'tanh',
        use_bias: true,
        kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
        kernel_regularizer: { module: 'keras.regularizers', class_name: 'L1L2', config: { l1: 0, l2: 0.01 }, registered_name: null },
        bias_constraint: null,
      },
      inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 4], dtype: 'float32', keras_history: ['x', 0, 0] } }], kwargs: {} }],
    });
  });

  it("puts each layer's weights where Keras 3 looks: by snake_case class, numbered in the order of Keras's model.layers (deepest first)", async () => {
    // Keras 3 lists this model's layers as x, d0, d1, cat: d0 feeds d1's second application, so it is deeper.
    const x = new Input([4], { name: 'x' });
    const d1 = new Dense(3, { name: 'd1' });
    const d0 = new Dense(4, { name: 'd0' });
    const model = new Model(x, new Concatenate({ name: 'cat' }).apply([d1.apply(x), d1.apply(d0.apply(x))]));
    const { groups, config } = await readArchive(model);
    expect(config.config.layers.map((layer: { name: string }) => layer.name)).toEqual(['x', 'd1', 'd0', 'cat']);
    expect(Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, [group.name, group.datasets.map((d) => d.shape)]]))).toEqual({
      'layers/input_layer/vars': ['x', []],
      'layers/dense/vars': ['d0', [[4, 4], [4]]],
      'layers/dense_1/vars': ['d1', [[4, 3], [3]]],
      'layers/concatenate/vars': ['cat', []],
      vars: [model.name, []],
    });
    expect(groups['layers/dense_1/vars'].datasets[0].values).toEqual(Array.from(d1.weights.W.dataSync()));
  });

  it("a recurrent layer's weights sit in its cell, gates side by side; hard_sigmoid gates scaled by 1.2 (Keras 3's hard_sigmoid is clip(x/6 + 0.5))", async () => {
    const steps = new Input([3, 2], { name: 'steps' });
    const lstm = new LSTM(2, { name: 'lstm', innerActivation: 'hard_sigmoid' });
    const { groups, config } = await readArchive(new Model(steps, lstm.apply(steps)));
    expect(config.config.layers[1].config).toMatchObject({ units: 2, activation: 'tanh', recurrent_activation: 'hard_sigmoid', unit_forget_bias: true });
    const [kernel] = groups['layers/lstm/cell/vars'].datasets;
    expect(kernel.shape).toEqual([2, 8]);
    const { W_i, W_c } = lstm.weights;
    // Row 0 of the kernel: [W_i (2), W_f (2), W_c (2), W_o (2)].
    // In float32 on the backend: within a rounding of the product in double.
    Array.from(W_i.dataSync().slice(0, 2)).forEach((v, i) => expect(Math.abs(kernel.values[i] - v * 1.2)).toBeLessThan(1e-6));
    expect(kernel.values.slice(4, 6)).toEqual(Array.from(W_c.dataSync().slice(0, 2)));
    expect(groups['layers/lstm/vars'].datasets).toEqual([]);
  });

  it("integer tokens masked at 0 become the Embedding's mask_zero (Keras's Masking would mask whole rows)", async () => {
    const tokens = new Input([5], { name: 'tokens', dtype: 'int32', maskValue: 0 });
    const { config } = await readArchive(new Model(tokens, new LSTM(2).apply(new Embedding(10, 3, { name: 'embed' }).apply(tokens))));
    expect(config.config.layers.map((layer: { class_name: string }) => layer.class_name)).toEqual(['InputLayer', 'Embedding', 'LSTM']);
    expect(config.config.layers[0].config).toMatchObject({ dtype: 'int32', batch_shape: [null, 5] });
    expect(config.config.layers[1].config.mask_zero).toBe(true);
  });
});

describe('kerasArchive: what Keras 3 cannot express is an error naming the layer', () => {
  it('a Lambda (a function has no Keras counterpart)', async () => {
    const x = new Input([2]);
    const error = await exportError(new Model(x, new Lambda((t) => tf.mul(t, 2), { name: 'doubler' }).apply(x)));
    expect(error.message).toBe('doubler (Lambda) cannot be exported to Keras: it has no Keras counterpart');
    expect(error.layer).toBe('doubler');
  });

  it("hard_sigmoid outside a recurrent layer's gates", async () => {
    const x = new Input([2]);
    const error = await exportError(new Model(x, new Dense(2, { activation: 'hard_sigmoid', name: 'gate' }).apply(x)));
    expect(error.message).toMatch(/^gate \(Dense\) cannot be exported to Keras: activation is 'hard_sigmoid'/);
    expect(error.argument).toBe('activation');
  });

  it('tokens masked at another value than 0, or masked tokens into a layer that is not an Embedding', async () => {
    const ones = new Input([4], { name: 'ones', dtype: 'int32', maskValue: 1 });
    expect((await exportError(new Model(ones, new Embedding(5, 2).apply(ones)))).message).toMatch(/^ones \(Input\) cannot be exported to Keras: maskValue is 1/);
    const zeros = new Input([4], { name: 'zeros', maskValue: 0 });
    const error = await exportError(new Model(zeros, new Dense(2, { name: 'dense_on_tokens' }).apply(zeros)));
    expect(error.message).toMatch(/^zeros \(Input\) cannot be exported to Keras: maskValue masks integer tokens that go into dense_on_tokens \(Dense\)/);
  });
});

describe('exportKeras: the file', () => {
  it('written atomically; an existing file is an error unless overwrite; the name must end in .keras', async () => {
    const x = new Input([2]);
    const model = new Model(x, new Dense(1).apply(x));
    const file = path.join(folder(), 'model.keras');
    await model.exportKeras(file);
    expect(Object.keys(unzipSync(fs.readFileSync(file))).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    await expect(model.exportKeras(file)).rejects.toThrow(/already exists; pass \{overwrite: true\}/);
    await model.exportKeras(file, { overwrite: true });
    await expect(model.exportKeras(path.join(folder(), 'model.h5'))).rejects.toThrow(/takes a path ending in \.keras/);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['model.keras']);
  });
});

describe('Model.loadKeras: our own export comes back', () => {
  it('the same graph, names, parameter count and predictions (the layers that import so far)', async () => {
    const a = new Input([3], { name: 'a' });
    const b = new Input([2, 2], { name: 'b' });
    const shared = new Dense(4, { activation: 'relu', name: 'shared' });
    const left = shared.apply(a);
    const right = shared.apply(new Dense(3, { name: 'project' }).apply(new Flatten({ name: 'flat' }).apply(b)));
    const joined = new Concatenate({ name: 'joined' }).apply([left, new ElementWiseSum({ name: 'sum' }).apply([left, right])]);
    const model = new Model([a, b], [new Dense(2, { activation: 'softmax', name: 'out' }).apply(joined), right], { name: 'round_trip' });
    const file = path.join(folder(), 'round-trip.keras');
    await model.exportKeras(file);
    const loaded = await Model.loadKeras(file);
    expect(loaded.name).toBe('round_trip');
    expect(loaded.layers.map((layer) => `${layer.name}:${layer.className}`).sort()).toEqual(model.layers.map((layer) => `${layer.name}:${layer.className}`).sort());
    expect(loaded.countParams()).toEqual(model.countParams());
    const x = [tf.randomNormal([3, 3]), tf.randomNormal([3, 2, 2])];
    const [expected, actual] = [model, loaded].map((m) => (m.predict(x) as tf.Tensor[]).map((t) => Array.from(t.dataSync())));
    expect(actual).toEqual(expected);
  });
});

describe('Model.loadKeras: a damaged archive is a one-line error', () => {
  it('weights that are not HDF5 are named, before the HDF5 library sees them', async () => {
    const input = new Input([3]);
    const files = unzipSync(await kerasArchive(new Model(input, new Dense(2).apply(input))));
    expect(files['model.weights.h5'].subarray(0, 4)).toEqual(Uint8Array.of(0x89, 0x48, 0x44, 0x46));
    const damaged = zipSync({ ...files, 'model.weights.h5': new TextEncoder().encode('garbage') });
    await expect(Model.loadKeras(damaged)).rejects.toThrow(KeraflowError);
    await expect(Model.loadKeras(damaged)).rejects.toThrow(/^the Keras archive: model\.weights\.h5 is not an HDF5 file \(it lacks the HDF5 signature\)$/);
  });
});

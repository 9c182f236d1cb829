import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Bidirectional,
  constraints,
  Concatenate,
  Convolution1D,
  Convolution2D,
  Convolution3D,
  Dense,
  Dropout,
  ElementWiseMult,
  ElementWiseSum,
  Embedding,
  ExpandDims,
  Flatten,
  GlobalPooling1D,
  GlobalPooling2D,
  GRU,
  Highway,
  Input,
  KeraflowError,
  Lambda,
  LSTM,
  Model,
  PermuteDims,
  Pooling1D,
  Pooling2D,
  Pooling3D,
  Repeat,
  Reshape,
  Sequential,
  SimpleRNN,
  TimeDistributed,
  UpSampling2D,
  ZeroPadding1D,
  ZeroPadding2D,
} from '../../../runtime/node.ts';
import { everyLayerModel } from './every-layer.ts';
import { asList, fileHandler, temporaryFolder } from './helpers.ts';

const folder = temporaryFolder();

/** Exports, loads with tf.layers as `tf.loadLayersModel('file://…')` would, and compares predictions to 1e-5. */
async function exportAndCompare(model: Model | Sequential, x: tf.Tensor[], tolerance = 1e-5): Promise<{ json: any; loaded: tfl.LayersModel }> {
  const directory = path.join(folder(), 'export');
  await model.exportTfjs(directory);
  const json = JSON.parse(fs.readFileSync(path.join(directory, 'model.json'), 'utf8'));
  const loaded = await tfl.loadLayersModel(fileHandler(path.join(directory, 'model.json')));
  const expected = asList(model.predict(x.length === 1 ? x[0] : x));
  const actual = asList(loaded.predict(x.length === 1 ? x[0] : x) as tf.Tensor | tf.Tensor[]);
  expect(actual.length).toBe(expected.length);
  expected.forEach((tensor, i) => {
    expect(actual[i].shape).toEqual(tensor.shape);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(actual[i], tensor))).dataSync()[0])).toBeLessThanOrEqual(tolerance);
  });
  [...expected, ...actual, ...x].forEach((t) => t.dispose());
  return { json, loaded };
}

describe('exportTfjs: tf.loadLayersModel loads it and predicts the same', () => {
  it('an MLP (an Input-headed Sequential), with regularizers and constraints in the Keras config', async () => {
    const mlp = new Sequential([
      new Input([8], { name: 'features' }),
      new Dense(16, { activation: 'relu', name: 'hidden', regularizers: { W: 'l2' }, constraints: { b: 'maxnorm' } }),
      new Dropout(0.3),
      new Dense(8, { activation: 'tanh', init: 'he_uniform' }),
      new Dense(3, { activation: 'softmax', name: 'classes' }),
    ]);
    const { json, loaded } = await exportAndCompare(mlp, [tf.randomNormal([5, 8])]);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    expect(json.weightsManifest[0].weights.slice(0, 2)).toEqual([
      { name: 'hidden/kernel', shape: [8, 16], dtype: 'float32' },
      { name: 'hidden/bias', shape: [16], dtype: 'float32' },
    ]);
    const hidden = json.modelTopology.config.layers[1];
    expect(hidden.class_name).toBe('Dense');
    expect(hidden.config).toMatchObject({
      units: 16,
      activation: 'relu',
      use_bias: true,
      kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
      bias_constraint: { class_name: 'MaxNorm', config: { max_value: 2, axis: 0 } },
    });
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Dense', 'Dropout', 'Dense', 'Dense']);
    expect(loaded.outputs[0].shape).toEqual([null, 3]);
  });

  it('a CNN: padding, 2-D convolutions in both data formats, poolings, up-sampling, flatten', async () => {
    const image = new Input([10, 10, 2]);
    const features = new Sequential([
      new ZeroPadding2D([
        [1, 0],
        [2, 1],
      ]),
      new Convolution2D(4, 3, 3, { activation: 'relu', strides: [1, 2] }),
      new Pooling2D('max', { poolSize: [2, 2], pad: 'same' }),
      new Convolution2D(3, 2, 2, { dataFormat: 'channels_first', pad: 'same' }),
      new Pooling2D('avg', { poolSize: 2, strides: 1, dataFormat: 'channels_first' }),
      new UpSampling2D([2, 1], { dataFormat: 'channels_first' }),
    ]).apply(image);
    const pooled = new GlobalPooling2D('max').apply(features);
    const flat = new Dense(3).apply(new Flatten().apply(features));
    const model = new Model(image, new Dense(5, { activation: 'softmax' }).apply(new ElementWiseSum().apply([pooled, flat])));
    await exportAndCompare(model, [tf.randomNormal([3, 10, 10, 2])]);
  });

  it('recurrent layers: LSTM, GRU, SimpleRNN, Bidirectional, TimeDistributed, masking from the Input', async () => {
    const steps = new Input([7, 5], { maskValue: 0 });
    const sequence = new LSTM(6, { returnSequences: true }).apply(steps);
    const backwards = new GRU(4, { returnSequences: true, goBackwards: true }).apply(sequence);
    const both = new Bidirectional(new SimpleRNN(3, { returnSequences: true }), { mergeMode: 'sum' }).apply(backwards);
    const perStep = new TimeDistributed(new Dense(2, { activation: 'sigmoid' })).apply(both);
    const last = new SimpleRNN(3, { activation: 'relu' }).apply(perStep);
    const model = new Model(steps, new Dense(2).apply(last));
    const x = tf.tidy(() => tf.mul(tf.randomNormal([3, 7, 5]), tf.reshape(tf.tensor([1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]), [3, 7, 1])));
    const { json } = await exportAndCompare(model, [x]);
    expect(json.modelTopology.config.layers[1]).toMatchObject({ class_name: 'Masking', config: { mask_value: 0 } });
  });

  it('1-D convolutions and poolings, 3-D convolution and pooling', async () => {
    const sequence = new Input([9, 3]);
    const a = new Sequential([new Convolution1D(4, 3, { pad: 'same' }), new Pooling1D('max', { poolSize: 2 }), new GlobalPooling1D('avg')]).apply(sequence);
    const volume = new Input([4, 4, 4, 1]);
    const b = new Sequential([new Convolution3D(2, 2, 2, 2), new Pooling3D('avg', { poolSize: 1 }), new Flatten(), new Dense(4)]).apply(volume);
    const model = new Model([sequence, volume], new Concatenate().apply([a, b]));
    await exportAndCompare(model, [tf.randomNormal([2, 9, 3]), tf.randomNormal([2, 4, 4, 4, 1])]);
  });

  it('a graph: embedding, shared Sequential, merges, reshaping layers, two outputs', async () => {
    const tokens = new Input([4], { dtype: 'int32', name: 'tokens' });
    const vector = new Input([6], { name: 'vector' });
    const embedded = new Flatten().apply(new Embedding(12, 3).apply(tokens));
    const shared = new Sequential([new Dense(6, { activation: 'tanh' }), new Activation('softplus')]);
    const left = shared.apply(new Dense(6).apply(embedded));
    const right = shared.apply(vector);
    const product = new ElementWiseMult().apply([left, right]);
    const repeated = new Repeat(2).apply(product); // [2, 6]
    const permuted = new PermuteDims([1, 0]).apply(repeated); // [6, 2]
    const reshaped = new Reshape([3, 4]).apply(permuted);
    const expanded = new ExpandDims(0).apply(new Flatten().apply(reshaped)); // [1, 12]
    const model = new Model([tokens, vector], [new Dense(2).apply(new Flatten().apply(expanded)), new ElementWiseSum().apply([left, right])]);
    const { json } = await exportAndCompare(model, [tf.randomUniform([3, 4], 0, 12, 'int32'), tf.randomNormal([3, 6])]);
    const sharedDense = json.modelTopology.config.layers.find((l: any) => l.name === shared.layers[0].name);
    expect(sharedDense.inbound_nodes.length).toBe(2);
  });
});

describe('exportTfjs: constraints', () => {
  it('a trained model (its weights within its constraints) predicts the same: TensorFlow.js applies constraints to the weights it loads', async () => {
    const steps = new Input([5, 3]);
    const lstm = new LSTM(4, { constraints: ['nonneg', 'nonneg', 'nonneg', 'nonneg', 'unitnorm', 'unitnorm', 'unitnorm', 'unitnorm'] });
    const model = new Model(steps, new Dense(2, { constraints: { W: new constraints.MaxNorm(0.5) } }).apply(lstm.apply(steps)));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await model.fit(tf.randomNormal([6, 5, 3]), tf.randomNormal([6, 2]), { epochs: 1, batchSize: 6, verbose: 0 });
    const { json } = await exportAndCompare(model, [tf.randomNormal([3, 5, 3])]);
    expect(json.modelTopology.config.layers[1].config).toMatchObject({
      kernel_constraint: { class_name: 'NonNeg', config: {} },
      recurrent_constraint: { class_name: 'UnitNorm', config: { axis: 0 } },
    });
  });
});

describe('exportTfjs: what has no counterpart', () => {
  const exportError = async (model: Model) => {
    const directory = folder();
    const error = await model.exportTfjs(path.join(directory, 'out')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect(fs.existsSync(path.join(directory, 'out', 'model.json'))).toBe(false);
    return error as KeraflowError;
  };

  it('a layer with no Keras counterpart is an error naming it', async () => {
    const input = new Input([3]);
    const error = await exportError(new Model(input, new Highway({ name: 'gate' }).apply(input)));
    expect(error.message).toMatch(/gate \(Highway\) cannot be exported to TensorFlow.js \/ Keras: it has no Keras counterpart/);
    const lambda = await exportError(new Model(input, new Lambda((x: tf.Tensor) => tf.neg(x), { name: 'negate' }).apply(input)));
    expect(lambda.message).toMatch(/negate \(Lambda\)/);
    const sequence = new Input([5, 2]);
    expect((await exportError(new Model(sequence, new ZeroPadding1D(1, { name: 'pad1d' }).apply(sequence)))).message).toMatch(/pad1d \(ZeroPadding1D\)/);
  });

  it('an argument Keras cannot express is an error naming the layer and the argument', async () => {
    const input = new Input([3]);
    const custom = await exportError(new Model(input, new Dense(2, { activation: (x: tf.Tensor) => tf.sin(x), name: 'wavy' }).apply(input)));
    expect(custom).toMatchObject({ layer: 'wavy', argument: 'activation' });
    const single = await exportError(new Model(input, new ElementWiseSum({ name: 'alone' }).apply([input])));
    expect(single.message).toMatch(/alone \(ElementWiseSum\) cannot be exported to Keras: inputs is a list of one/);
  });

  it('a name TensorFlow.js refuses is an error naming the layer', async () => {
    const input = new Input([3]);
    const error = await exportError(new Model(input, new Dense(2, { name: 'my dense' }).apply(input)));
    expect(error.message).toMatch(/my dense \(Dense\) cannot be exported: TensorFlow.js layer names must match/);
  });

  it('an existing model.json is an error unless overwrite', async () => {
    const directory = folder();
    const input = new Input([3]);
    const model = new Model(input, new Dense(2).apply(input));
    await model.exportTfjs(directory);
    const before = fs.readFileSync(path.join(directory, 'model.json'), 'utf8');
    await expect(model.exportTfjs(directory)).rejects.toThrow(/already exists; pass \{overwrite: true\}/);
    await model.exportTfjs(directory, { overwrite: true });
    expect(fs.readFileSync(path.join(directory, 'model.json'), 'utf8')).toBe(before);
  });
});

describe('exportTfjs: every layer with a counterpart', () => {
  it('loads in tf.layers and predicts the same', async () => {
    const { model, x } = everyLayerModel({ exportable: true });
    await exportAndCompare(model, x);
  });
});

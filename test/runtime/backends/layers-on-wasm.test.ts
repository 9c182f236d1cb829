/**
 * Every layer of the catalogue trains one step on wasm (Keraflow's kernels
 * registered) and takes the same step as on cpu: one SGD step (lr 1, so the
 * change of each parameter is minus its gradient) of mse, from the same
 * weights on the same batch. A trainable Dense in front of the layer (on the
 * last axis, same width) carries the gradient of the layer's input into its
 * own step, so layers without parameters are checked too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  Activation, BatchNormalization, Bidirectional, Concatenate, Convolution1D, Convolution2D, Convolution3D, Dense, Dropout,
  ElementWiseMult, ElementWiseSum, Embedding, ExpandDims, Flatten, GlobalPooling1D, GlobalPooling2D, GRU, Highway, Input, Lambda,
  LayerNormalization, layerCatalogue, LSTM, Model, PermuteDims, Pooling1D, Pooling2D, Pooling3D, Repeat, Reshape, Sequential, SGD,
  setBackend, SimpleRNN, TimeDistributed, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D,
  type KensorLike, type Layer,
} from '../../../runtime/index.ts';
import { expectCloseTo } from './gradient-check.ts';

interface LayerCase {
  /** The catalogue class it covers. */
  className: string;
  title?: string;
  make: () => Layer<any>;
  /** One input shape (no batch), or a list for a multi-input layer. */
  input: number[] | number[][];
  dtype?: 'int32';
  /** Random in training (Dropout): only checked to train, not compared. */
  stochastic?: boolean;
}

const cases: LayerCase[] = [
  { className: 'Dense', make: () => new Dense(4, { activation: 'relu' }), input: [5] },
  { className: 'Activation', make: () => new Activation('tanh'), input: [5] },
  { className: 'Dropout', make: () => new Dropout(0.5), input: [5], stochastic: true },
  { className: 'Flatten', make: () => new Flatten(), input: [3, 4] },
  { className: 'Reshape', make: () => new Reshape([2, 6]), input: [3, 4] },
  { className: 'ExpandDims', make: () => new ExpandDims(1), input: [3, 4] },
  { className: 'PermuteDims', make: () => new PermuteDims([1, 0]), input: [3, 4] },
  { className: 'Repeat', make: () => new Repeat(2), input: [3, 4] },
  { className: 'Highway', make: () => new Highway(), input: [5] },
  { className: 'Lambda', make: () => new Lambda((x) => tf.mul(x, tf.sigmoid(x))), input: [5] },
  { className: 'ElementWiseSum', make: () => new ElementWiseSum(), input: [[5], [5]] },
  { className: 'ElementWiseMult', make: () => new ElementWiseMult(), input: [[5], [5]] },
  { className: 'Concatenate', make: () => new Concatenate({ axis: 0 }), input: [[3, 2], [4, 2]] },
  { className: 'Convolution1D', make: () => new Convolution1D(4, 3, { stride: 2, pad: 'same' }), input: [9, 3] },
  { className: 'Convolution2D', make: () => new Convolution2D(4, 3, 2, { strides: [2, 1], pad: 'same' }), input: [7, 5, 3] },
  { className: 'Convolution2D', title: 'Convolution2D, stride 1, valid', make: () => new Convolution2D(3, 3, 3), input: [6, 6, 2] },
  { className: 'Convolution3D', make: () => new Convolution3D(3, 2, 3, 2, { strides: [1, 2, 2], pad: 'same' }), input: [3, 5, 5, 2] },
  { className: 'Pooling1D', title: "Pooling1D('max')", make: () => new Pooling1D('max', { poolSize: 3, strides: 2, pad: 'same' }), input: [9, 3] },
  { className: 'Pooling1D', title: "Pooling1D('avg')", make: () => new Pooling1D('avg', { poolSize: 3, strides: 2, pad: 'same' }), input: [9, 3] },
  { className: 'Pooling2D', title: "Pooling2D('max')", make: () => new Pooling2D('max', { poolSize: [3, 2], pad: 'same' }), input: [7, 5, 3] },
  { className: 'Pooling2D', title: "Pooling2D('avg')", make: () => new Pooling2D('avg', { poolSize: [3, 2], pad: 'same' }), input: [7, 5, 3] },
  { className: 'Pooling3D', title: "Pooling3D('max')", make: () => new Pooling3D('max', { poolSize: 2, pad: 'same' }), input: [3, 5, 5, 2] },
  { className: 'Pooling3D', title: "Pooling3D('avg')", make: () => new Pooling3D('avg', { poolSize: 2, pad: 'same' }), input: [3, 5, 5, 2] },
  { className: 'GlobalPooling1D', make: () => new GlobalPooling1D('max'), input: [7, 3] },
  { className: 'GlobalPooling2D', make: () => new GlobalPooling2D('avg'), input: [5, 3, 3] },
  { className: 'ZeroPadding1D', make: () => new ZeroPadding1D([1, 2]), input: [5, 3] },
  { className: 'ZeroPadding2D', make: () => new ZeroPadding2D([[0, 1], [2, 1]]), input: [3, 5, 2] },
  { className: 'ZeroPadding3D', make: () => new ZeroPadding3D(1), input: [2, 3, 2, 2] },
  { className: 'UpSampling1D', make: () => new UpSampling1D(3), input: [5, 3] },
  { className: 'UpSampling2D', make: () => new UpSampling2D([2, 3]), input: [3, 5, 2] },
  { className: 'UpSampling3D', make: () => new UpSampling3D([2, 1, 3]), input: [2, 3, 2, 2] },
  { className: 'Embedding', make: () => new Embedding(10, 4), input: [6], dtype: 'int32' },
  { className: 'SimpleRNN', make: () => new SimpleRNN(4, { returnSequences: true }), input: [5, 3] },
  { className: 'GRU', make: () => new GRU(4), input: [5, 3] },
  { className: 'LSTM', make: () => new LSTM(4, { goBackwards: true }), input: [5, 3] },
  { className: 'TimeDistributed', make: () => new TimeDistributed(new Dense(3)), input: [5, 4] },
  { className: 'Bidirectional', make: () => new Bidirectional(new LSTM(3, { returnSequences: true })), input: [5, 3] },
  { className: 'BatchNormalization', make: () => new BatchNormalization(), input: [4, 4, 3] },
  { className: 'LayerNormalization', make: () => new LayerNormalization(), input: [6] },
  { className: 'Sequential', make: () => new Sequential([new Dense(3, { activation: 'tanh' }), new Dense(2)]), input: [5] },
];

const BATCH = 3;

function build(testCase: LayerCase): Model {
  const shapes = Array.isArray(testCase.input[0]) ? (testCase.input as number[][]) : [testCase.input as number[]];
  const inputs = shapes.map((shape) => new Input(shape, { dtype: testCase.dtype }));
  // A Dense in front (same width, on the last axis) turns the layer's input gradient into a parameter step.
  const fed: KensorLike[] = testCase.dtype ? inputs : inputs.map((input, i) => new Dense(shapes[i][shapes[i].length - 1]).apply(input));
  const output = testCase.make().apply(fed.length === 1 ? fed[0] : fed);
  return new Model(inputs, output);
}

/** One fit step on `backend` from `initial`; the parameters' changes and the loss. */
async function step(backend: 'cpu' | 'wasm', model: Model, initial: Float32Array[], x: tf.Tensor[], y: tf.Tensor) {
  await setBackend(backend);
  const variables = model.parameters().map((p) => p.variable);
  variables.forEach((variable, i) => variable.assign(tf.tensor(initial[i], variable.shape)));
  model.compile({ optimizer: new SGD({ lr: 1 }), loss: 'mse' });
  const history = await model.fit(x.length === 1 ? x[0] : x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  const changes = variables.map((variable, i) => Array.from(variable.dataSync()).map((value, k) => value - initial[i][k]));
  await setBackend('cpu');
  return { changes, loss: history.history.loss[0] as number };
}

describe('every layer of the catalogue trains on wasm as on cpu', () => {
  it('has a case for every class of the catalogue', () => {
    const covered = new Set(cases.map((c) => c.className));
    const missing = [...layerCatalogue().keys()].filter((name) => name !== 'Input' && !covered.has(name));
    expect(missing, 'catalogue classes without a case here').toEqual([]);
  });

  it.each(cases.map((c) => [c.title ?? c.className, c] as const))('%s', async (_, testCase) => {
    await setBackend('cpu');
    const model = build(testCase);
    const x = model.inputs.map((input) =>
      testCase.dtype ? tf.randomUniform([BATCH, ...(input.shape.slice(1) as number[])], 0, 10, 'int32') : tf.randomNormal([BATCH, ...(input.shape.slice(1) as number[])]),
    );
    const y = tf.randomNormal([BATCH, ...(model.outputs[0].shape.slice(1) as number[])]);
    const initial = model.parameters().map((p) => p.variable.dataSync().slice() as Float32Array);
    const wasm = await step('wasm', model, initial, x, y);
    expect(Number.isFinite(wasm.loss), 'wasm loss').toBe(true);
    expect(wasm.changes.some((change) => change.some((value) => value !== 0)), 'some parameter moved on wasm').toBe(true);
    if (testCase.stochastic) return;
    const cpu = await step('cpu', model, initial, x, y);
    expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
    const names = model.parameters().map((p) => `${p.layer.name}/${p.name}`);
    cpu.changes.forEach((change, i) => {
      const scale = Math.max(1e-3, ...change.map(Math.abs));
      expectCloseTo(wasm.changes[i].map((v) => v / scale), change.map((v) => v / scale), 1e-4, `step of ${names[i]} (wasm vs cpu)`);
    });
  });
});

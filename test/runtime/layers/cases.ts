/**
 * The one table of layer cases: every layer class of the catalogue has at
 * least one, and every per-layer suite reads it —
 *  - test/runtime/layers/catalogue.test.ts: the harness (shape rule = real
 *    shape, symbolic = concrete, declared = created parameters, no leaks)
 *    and, where a case names one, the TensorFlow.js Layers oracle;
 *  - test/runtime/saving/every-case.test.ts: save -> load -> same outputs,
 *    and export to TensorFlow.js where the layer has a Keras counterpart;
 *  - test/runtime/backends/layers-on-wasm.test.ts: one training step on wasm
 *    equals the step on cpu.
 * Adding a layer: its source file, and its case here.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  AdditiveAttention,
  Activation,
  Attention,
  BatchNormalization,
  Bidirectional,
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
  Lambda,
  LayerNormalization,
  LSTM,
  MultiHeadAttention,
  PermuteDims,
  Pooling1D,
  Pooling2D,
  Pooling3D,
  Repeat,
  Reshape,
  Sequential,
  SimpleRNN,
  TimeDistributed,
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
  GaussianNoise,
  GaussianDropout,
  SpatialDropout1D,
  SpatialDropout2D,
  SpatialDropout3D,
  PReLU,
  Masking,
  type Layer,
} from '../../../runtime/node.ts';
import { layers as keras } from '../../../runtime/keras/index.ts';
import { Cropping1D, Cropping2D, Cropping3D, Dot, GlobalPooling3D } from '../../../runtime/node.ts';
import { joinGates } from './recurrent/oracle.ts';

export interface LayerCase {
  /** The catalogue class it covers. */
  className: string;
  /** The catalogue it is in: Keras 3's (runtime/keras/) or, absent, Keraflow's. */
  dialect?: 'keras';
  /** The test's name when a class has several cases (default: the class name). */
  title?: string;
  /** A new layer instance (called more than once). */
  make: () => Layer<any>;
  /** One input shape (no batch), or a list for a multi-input layer. */
  input: number[] | number[][];
  dtype?: 'int32';
  /** Random in training (Dropout): only checked to train, not compared across backends. */
  stochastic?: boolean;
  /** Its TensorFlow.js Layers twin, with the same weight layout: the outputs must agree to 1e-5. */
  oracle?: () => tfl.layers.Layer;
  /** Our parameters in the oracle's layout (default: as they are, in order). */
  toOracleWeights?: (weights: Record<string, tf.Tensor>) => tf.Tensor[];
  /** False: the case uses something saving cannot keep (a function). */
  savable?: boolean;
  /** False: the case's arguments have no TensorFlow.js counterpart, though its class has (default: the class has one). */
  exportable?: boolean;
  /** False: TensorFlow.js Layers lacks the class (Keras 3 has it: MultiHeadAttention), so only the Keras 3 export takes it. */
  tfjs?: boolean;
}

export const layerCases: readonly LayerCase[] = [
  { className: 'Dense', make: () => new Dense(4, { activation: 'relu' }), input: [5], oracle: () => tfl.layers.dense({ units: 4, activation: 'relu' }) },
  { className: 'Activation', make: () => new Activation('tanh'), input: [5], oracle: () => tfl.layers.activation({ activation: 'tanh' }) },
  { className: 'Dropout', make: () => new Dropout(0.5), input: [5], stochastic: true },
  { className: 'Flatten', make: () => new Flatten(), input: [3, 4], oracle: () => tfl.layers.flatten() },
  { className: 'Reshape', make: () => new Reshape([2, 6]), input: [3, 4], oracle: () => tfl.layers.reshape({ targetShape: [2, 6] }) },
  { className: 'ExpandDims', make: () => new ExpandDims(1), input: [3, 4] },
  { className: 'PermuteDims', make: () => new PermuteDims([1, 0]), input: [3, 4], oracle: () => tfl.layers.permute({ dims: [2, 1] }) },
  { className: 'Repeat', make: () => new Repeat(2), input: [3, 4], exportable: false },
  { className: 'Highway', make: () => new Highway(), input: [5] },
  { className: 'Lambda', make: () => new Lambda((x) => tf.mul(x, tf.sigmoid(x))), input: [5], savable: false },
  { className: 'ElementWiseSum', make: () => new ElementWiseSum(), input: [[5], [5]], oracle: () => tfl.layers.add() },
  { className: 'ElementWiseMult', make: () => new ElementWiseMult(), input: [[5], [5]], oracle: () => tfl.layers.multiply() },
  {
    className: 'Concatenate',
    make: () => new Concatenate({ axis: 0 }),
    input: [
      [3, 2],
      [4, 2],
    ],
    oracle: () => tfl.layers.concatenate({ axis: 1 }),
  },
  // The attention layers are checked against Keras 3 in test/runtime/layers/attention/ (tf.layers has none).
  {
    className: 'MultiHeadAttention',
    make: () => new MultiHeadAttention(2, 3, { valueDim: 2 }),
    input: [
      [4, 5],
      [6, 3],
    ],
    tfjs: false,
  },
  {
    className: 'Attention',
    make: () => new Attention({ useScale: true, scoreMode: 'concat' }),
    input: [
      [4, 3],
      [5, 2],
      [5, 3],
    ],
    tfjs: false,
  },
  {
    className: 'AdditiveAttention',
    make: () => new AdditiveAttention(),
    input: [
      [4, 3],
      [5, 3],
    ],
    tfjs: false,
  },
  { className: 'Convolution1D', make: () => new Convolution1D(4, 3, { stride: 2, pad: 'same' }), input: [9, 3] },
  { className: 'Convolution2D', make: () => new Convolution2D(4, 3, 2, { strides: [2, 1], pad: 'same' }), input: [7, 5, 3] },
  {
    className: 'Convolution2D',
    title: 'Convolution2D, stride 1, valid',
    make: () => new Convolution2D(3, 3, 3),
    input: [6, 6, 2],
    oracle: () => tfl.layers.conv2d({ filters: 3, kernelSize: 3 }),
  },
  { className: 'Convolution3D', make: () => new Convolution3D(3, 2, 3, 2, { strides: [1, 2, 2], pad: 'same' }), input: [3, 5, 5, 2] },
  {
    className: 'Convolution2D',
    title: 'Convolution2D(dilation=[2, 1])',
    make: () => new Convolution2D(3, 3, 2, { dilation: [2, 1], activation: 'relu' }),
    input: [7, 5, 2],
    oracle: () => tfl.layers.conv2d({ filters: 3, kernelSize: [3, 2], dilationRate: [2, 1], activation: 'relu' }),
  },
  // TensorFlow.js has no grouped convolutions: by hand in test/runtime/layers/convolution/dilation-groups.test.ts, Keras 3 in test/keras/conv-layers.test.ts.
  { className: 'Convolution1D', title: 'Convolution1D(groups=2)', make: () => new Convolution1D(4, 3, { groups: 2, pad: 'same' }), input: [9, 4], tfjs: false },
  { className: 'Pooling1D', title: "Pooling1D('max')", make: () => new Pooling1D('max', { poolSize: 3, strides: 2, pad: 'same' }), input: [9, 3] },
  { className: 'Pooling1D', title: "Pooling1D('avg')", make: () => new Pooling1D('avg', { poolSize: 3, strides: 2, pad: 'same' }), input: [9, 3] },
  {
    className: 'Pooling2D',
    title: "Pooling2D('max')",
    make: () => new Pooling2D('max', { poolSize: [3, 2], pad: 'same' }),
    input: [7, 5, 3],
    oracle: () => tfl.layers.maxPooling2d({ poolSize: [3, 2], padding: 'same' }),
  },
  { className: 'Pooling2D', title: "Pooling2D('avg')", make: () => new Pooling2D('avg', { poolSize: [3, 2], pad: 'same' }), input: [7, 5, 3] },
  { className: 'Pooling3D', title: "Pooling3D('max')", make: () => new Pooling3D('max', { poolSize: 2, pad: 'same' }), input: [3, 5, 5, 2] },
  { className: 'Pooling3D', title: "Pooling3D('avg')", make: () => new Pooling3D('avg', { poolSize: 2, pad: 'same' }), input: [3, 5, 5, 2] },
  { className: 'GlobalPooling1D', make: () => new GlobalPooling1D('max'), input: [7, 3], oracle: () => tfl.layers.globalMaxPooling1d() },
  { className: 'GlobalPooling2D', make: () => new GlobalPooling2D('avg'), input: [5, 3, 3], oracle: () => tfl.layers.globalAveragePooling2d({}) },
  { className: 'ZeroPadding1D', make: () => new ZeroPadding1D([1, 2]), input: [5, 3], exportable: false },
  {
    className: 'ZeroPadding2D',
    make: () =>
      new ZeroPadding2D([
        [0, 1],
        [2, 1],
      ]),
    input: [3, 5, 2],
    oracle: () =>
      tfl.layers.zeroPadding2d({
        padding: [
          [0, 1],
          [2, 1],
        ],
      }),
  },
  { className: 'ZeroPadding3D', make: () => new ZeroPadding3D(1), input: [2, 3, 2, 2], exportable: false },
  { className: 'UpSampling1D', make: () => new UpSampling1D(3), input: [5, 3], exportable: false },
  { className: 'UpSampling2D', make: () => new UpSampling2D([2, 3]), input: [3, 5, 2], oracle: () => tfl.layers.upSampling2d({ size: [2, 3] }) },
  { className: 'UpSampling3D', make: () => new UpSampling3D([2, 1, 3]), input: [2, 3, 2, 2], exportable: false },
  { className: 'Embedding', make: () => new Embedding(10, 4), input: [6], dtype: 'int32', oracle: () => tfl.layers.embedding({ inputDim: 10, outputDim: 4 }) },
  { className: 'SimpleRNN', make: () => new SimpleRNN(4, { returnSequences: true }), input: [5, 3] },
  { className: 'GRU', make: () => new GRU(4), input: [5, 3] },
  { className: 'LSTM', make: () => new LSTM(4, { goBackwards: true }), input: [5, 3] },
  { className: 'TimeDistributed', make: () => new TimeDistributed(new Dense(3)), input: [5, 4] },
  { className: 'Bidirectional', make: () => new Bidirectional(new LSTM(3, { returnSequences: true })), input: [5, 3] },
  { className: 'BatchNormalization', make: () => new BatchNormalization(), input: [4, 4, 3] },
  { className: 'LayerNormalization', make: () => new LayerNormalization(), input: [6] },
  { className: 'Sequential', make: () => new Sequential([new Dense(3, { activation: 'tanh' }), new Dense(2)]), input: [5] },
  // The noise layers are the identity outside training, as their oracles: test/runtime/layers/noise/noise.test.ts checks their noise.
  { className: 'GaussianNoise', make: () => new GaussianNoise(0.5), input: [5], stochastic: true, oracle: () => tfl.layers.gaussianNoise({ stddev: 0.5 }) },
  { className: 'GaussianDropout', make: () => new GaussianDropout(0.3), input: [5], stochastic: true, oracle: () => tfl.layers.gaussianDropout({ rate: 0.3 }) },
  { className: 'SpatialDropout1D', make: () => new SpatialDropout1D(0.5), input: [6, 3], stochastic: true, oracle: () => tfl.layers.spatialDropout1d({ rate: 0.5 }) },
  // tf.layers has no SpatialDropout2D/3D (Keras 3 has).
  { className: 'SpatialDropout2D', make: () => new SpatialDropout2D(0.5, { dataFormat: 'channels_first' }), input: [3, 4, 4], stochastic: true, tfjs: false },
  { className: 'SpatialDropout3D', make: () => new SpatialDropout3D(0.5), input: [2, 3, 3, 6], stochastic: true, tfjs: false },
  { className: 'PReLU', make: () => new PReLU({ init: 'uniform', sharedAxes: [0, 1] }), input: [4, 3, 2], oracle: () => tfl.layers.prelu({ sharedAxes: [1, 2] }) },
  { className: 'Masking', make: () => new Masking({ maskValue: 0.5 }), input: [5, 3], oracle: () => tfl.layers.masking({ maskValue: 0.5 }) },
  // tf.layers has Cropping2D and Dot only: Cropping1D/3D and GlobalPooling3D are checked by hand in test/runtime/layers/reshaping/reshaping.test.ts
  // and test/runtime/layers/pooling/pooling.test.ts, and against Keras 3 in test/keras/shape-layers.test.ts.
  { className: 'Cropping1D', make: () => new Cropping1D([1, 2]), input: [6, 3], tfjs: false },
  {
    className: 'Cropping2D',
    make: () =>
      new Cropping2D([
        [0, 1],
        [2, 1],
      ]),
    input: [4, 5, 2],
    oracle: () =>
      tfl.layers.cropping2D({
        cropping: [
          [0, 1],
          [2, 1],
        ],
      }),
  },
  { className: 'Cropping3D', make: () => new Cropping3D(1, { dataFormat: 'channels_first' }), input: [2, 3, 4, 3], tfjs: false },
  { className: 'GlobalPooling3D', make: () => new GlobalPooling3D('avg'), input: [3, 4, 3, 2], tfjs: false },
  {
    className: 'Dot',
    make: () => new Dot([1, 0]),
    input: [
      [3, 4],
      [4, 5],
    ],
    oracle: () => tfl.layers.dot({ axes: [2, 1] }),
  },
  { className: 'Dot', title: 'Dot(0, normalize)', make: () => new Dot(0, { normalize: true }), input: [[5], [5]], oracle: () => tfl.layers.dot({ axes: 1, normalize: true }) },
  ...kerasCases(),
];

/** The Keras 3 dialect's layers (`use keras`, keraflow/keras): each against tf.layers where it has the layer. */
function kerasCases(): LayerCase[] {
  // tf.layers' orthogonal initializer needs ops we do not register: its recurrent oracles start at zeros, then take our weights.
  const zeros = { kernelInitializer: 'zeros', recurrentInitializer: 'zeros' } as const;
  const cases: Omit<LayerCase, 'dialect'>[] = [
    { className: 'Dense', make: () => new keras.Dense(4, { activation: 'relu' }), input: [5], oracle: () => tfl.layers.dense({ units: 4, activation: 'relu' }) },
    { className: 'Activation', make: () => new keras.Activation('tanh'), input: [5], oracle: () => tfl.layers.activation({ activation: 'tanh' }) },
    { className: 'Dropout', make: () => new keras.Dropout(0.5), input: [5], stochastic: true },
    { className: 'Flatten', make: () => new keras.Flatten(), input: [3, 4], oracle: () => tfl.layers.flatten() },
    { className: 'Identity', make: () => new keras.Identity(), input: [5], exportable: false },
    { className: 'ReLU', make: () => new keras.ReLU({ maxValue: 1 }), input: [5], oracle: () => tfl.layers.reLU({ maxValue: 1 }) },
    { className: 'ReLU', title: 'keras ReLU(negative_slope, threshold)', make: () => new keras.ReLU({ negativeSlope: 0.1, threshold: 0.5 }), input: [5], exportable: false },
    { className: 'LeakyReLU', make: () => new keras.LeakyReLU(), input: [5], oracle: () => tfl.layers.leakyReLU({ alpha: 0.3 }) },
    // tf.layers has ELU's alpha 1 only, and Softmax on the last axis only: the others by hand in test/runtime/keras/layers/activations.test.ts.
    { className: 'ELU', make: () => new keras.ELU(), input: [5], oracle: () => tfl.layers.elu() },
    { className: 'ELU', title: 'keras ELU(alpha=0.5)', make: () => new keras.ELU({ alpha: 0.5 }), input: [5], exportable: false },
    { className: 'Softmax', make: () => new keras.Softmax(), input: [3, 4], oracle: () => tfl.layers.softmax({ axis: -1 }) },
    { className: 'Reshape', make: () => new keras.Reshape([2, -1]), input: [3, 4], oracle: () => tfl.layers.reshape({ targetShape: [2, 6] }) },
    { className: 'Permute', make: () => new keras.Permute([3, 1, 2]), input: [2, 3, 4], oracle: () => tfl.layers.permute({ dims: [3, 1, 2] }) },
    { className: 'RepeatVector', make: () => new keras.RepeatVector(3), input: [4], oracle: () => tfl.layers.repeatVector({ n: 3 }) },
    {
      className: 'Conv1D',
      make: () => new keras.Conv1D(4, 3, { strides: 2, padding: 'same', activation: 'relu' }),
      input: [9, 3],
      oracle: () => tfl.layers.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    },
    {
      className: 'Conv2D',
      make: () => new keras.Conv2D(4, [3, 2], { strides: [2, 1], padding: 'same' }),
      input: [7, 5, 3],
      oracle: () => tfl.layers.conv2d({ filters: 4, kernelSize: [3, 2], strides: [2, 1], padding: 'same' }),
    },
    {
      className: 'Conv3D',
      make: () => new keras.Conv3D(3, 2, { useBias: false }),
      input: [3, 5, 5, 2],
      oracle: () => tfl.layers.conv3d({ filters: 3, kernelSize: 2, useBias: false }),
    },
    { className: 'MaxPooling1D', make: () => new keras.MaxPooling1D(3, { strides: 2 }), input: [9, 3], oracle: () => tfl.layers.maxPooling1d({ poolSize: 3, strides: 2 }) },
    { className: 'MaxPooling2D', make: () => new keras.MaxPooling2D(), input: [7, 5, 3], oracle: () => tfl.layers.maxPooling2d({ poolSize: 2 }) },
    {
      className: 'MaxPooling3D',
      make: () => new keras.MaxPooling3D(2, { padding: 'same' }),
      input: [3, 5, 5, 2],
      oracle: () => tfl.layers.maxPooling3d({ poolSize: 2, padding: 'same' }),
    },
    { className: 'AveragePooling1D', make: () => new keras.AveragePooling1D(), input: [9, 3], oracle: () => tfl.layers.averagePooling1d({ poolSize: 2 }) },
    {
      className: 'AveragePooling2D',
      make: () => new keras.AveragePooling2D([3, 2], { strides: 1 }),
      input: [7, 5, 3],
      oracle: () => tfl.layers.averagePooling2d({ poolSize: [3, 2], strides: 1 }),
    },
    { className: 'AveragePooling3D', make: () => new keras.AveragePooling3D(), input: [4, 4, 4, 2], oracle: () => tfl.layers.averagePooling3d({ poolSize: 2 }) },
    { className: 'ZeroPadding1D', make: () => new keras.ZeroPadding1D([1, 2]), input: [5, 3], exportable: false },
    {
      className: 'ZeroPadding2D',
      make: () =>
        new keras.ZeroPadding2D([
          [0, 1],
          [2, 1],
        ]),
      input: [3, 5, 2],
      oracle: () =>
        tfl.layers.zeroPadding2d({
          padding: [
            [0, 1],
            [2, 1],
          ],
        }),
    },
    { className: 'ZeroPadding3D', make: () => new keras.ZeroPadding3D(), input: [2, 3, 2, 2], exportable: false },
    { className: 'UpSampling1D', make: () => new keras.UpSampling1D(3), input: [5, 3], exportable: false },
    { className: 'UpSampling2D', make: () => new keras.UpSampling2D([2, 3]), input: [3, 5, 2], oracle: () => tfl.layers.upSampling2d({ size: [2, 3] }) },
    { className: 'UpSampling3D', make: () => new keras.UpSampling3D(), input: [2, 3, 2, 2], exportable: false },
    {
      className: 'Embedding',
      make: () => new keras.Embedding(10, 4),
      input: [6],
      dtype: 'int32',
      oracle: () => tfl.layers.embedding({ inputDim: 10, outputDim: 4 }),
    },
    {
      // The default axis: tf.layers' own gradient fails on another (test/runtime/keras/layers/normalization.test.ts checks axis=1).
      className: 'BatchNormalization',
      make: () => new keras.BatchNormalization({ momentum: 0.9 }),
      input: [3, 4],
      oracle: () => tfl.layers.batchNormalization({ momentum: 0.9 }),
    },
    { className: 'LayerNormalization', make: () => new keras.LayerNormalization(), input: [3, 4], oracle: () => tfl.layers.layerNormalization({ epsilon: 1e-3 }) },
    {
      className: 'SimpleRNN',
      make: () => new keras.SimpleRNN(4, { returnSequences: true }),
      input: [5, 3],
      oracle: () => tfl.layers.simpleRNN({ units: 4, returnSequences: true, ...zeros }),
      toOracleWeights: joinGates(['']),
    },
    {
      className: 'LSTM',
      make: () => new keras.LSTM(4, { goBackwards: true }),
      input: [5, 3],
      oracle: () => tfl.layers.lstm({ units: 4, goBackwards: true, recurrentActivation: 'sigmoid', ...zeros }),
      toOracleWeights: joinGates(['i', 'f', 'c', 'o']),
    },
    {
      className: 'GRU',
      title: 'keras GRU(reset_after=false)',
      make: () => new keras.GRU(4, { resetAfter: false }),
      input: [5, 3],
      oracle: () => tfl.layers.gru({ units: 4, recurrentActivation: 'sigmoid', ...zeros }),
      toOracleWeights: joinGates(['z', 'r', 'h']),
    },
    // tf.layers refuses resetAfter (nor loads it): hand computation in test/runtime/layers/recurrent/gru-reset-after.test.ts, Keras 3 in test/keras/import.test.ts.
    { className: 'GRU', make: () => new keras.GRU(4), input: [5, 3], exportable: false },
    { className: 'TimeDistributed', make: () => new keras.TimeDistributed(new keras.Dense(3)), input: [5, 4] },
    { className: 'Bidirectional', make: () => new keras.Bidirectional(new keras.LSTM(3, { returnSequences: true }), { mergeMode: 'sum' }), input: [5, 3] },
    { className: 'Add', make: () => new keras.Add(), input: [[5], [5], [5]], oracle: () => tfl.layers.add() },
    // tf.layers has no Subtract (Keras 3 has): hand computation in test/runtime/keras/layers/merge.test.ts.
    {
      className: 'Subtract',
      make: () => new keras.Subtract(),
      input: [
        [2, 3],
        [2, 3],
      ],
      exportable: false,
    },
    { className: 'Multiply', make: () => new keras.Multiply(), input: [[5], [5]], oracle: () => tfl.layers.multiply() },
    { className: 'Average', make: () => new keras.Average(), input: [[5], [5], [5]], oracle: () => tfl.layers.average() },
    { className: 'Maximum', make: () => new keras.Maximum(), input: [[5], [5]], oracle: () => tfl.layers.maximum() },
    { className: 'Minimum', make: () => new keras.Minimum(), input: [[5], [5], [5]], oracle: () => tfl.layers.minimum() },
    {
      className: 'Concatenate',
      make: () => new keras.Concatenate(),
      input: [
        [3, 2],
        [3, 4],
      ],
      oracle: () => tfl.layers.concatenate({ axis: -1 }),
    },
    {
      className: 'Concatenate',
      title: 'keras Concatenate(axis=1)',
      make: () => new keras.Concatenate({ axis: 1 }),
      input: [
        [3, 2],
        [4, 2],
      ],
      oracle: () => tfl.layers.concatenate({ axis: 1 }),
    },
    { className: 'GlobalMaxPooling1D', make: () => new keras.GlobalMaxPooling1D(), input: [7, 3], oracle: () => tfl.layers.globalMaxPooling1d() },
    { className: 'GlobalMaxPooling2D', make: () => new keras.GlobalMaxPooling2D(), input: [5, 3, 3], oracle: () => tfl.layers.globalMaxPooling2d({}) },
    { className: 'GlobalAveragePooling1D', make: () => new keras.GlobalAveragePooling1D(), input: [7, 3], oracle: () => tfl.layers.globalAveragePooling1d() },
    {
      className: 'GlobalAveragePooling2D',
      make: () => new keras.GlobalAveragePooling2D({ keepdims: true }),
      input: [5, 3, 3],
      exportable: false,
      // tf.layers has no keepdims: its pooling, then the size-1 axes back.
      oracle: () => tfl.sequential({ layers: [tfl.layers.globalAveragePooling2d({ inputShape: [5, 3, 3] }), tfl.layers.reshape({ targetShape: [1, 1, 3] })] }),
    },
    // The noise layers are the identity outside training, as their oracles: test/runtime/keras/layers/regularization.test.ts checks the noise they run.
    { className: 'GaussianNoise', make: () => new keras.GaussianNoise(0.5), input: [5], stochastic: true, oracle: () => tfl.layers.gaussianNoise({ stddev: 0.5 }) },
    { className: 'GaussianDropout', make: () => new keras.GaussianDropout(0.3), input: [5], stochastic: true, oracle: () => tfl.layers.gaussianDropout({ rate: 0.3 }) },
    { className: 'AlphaDropout', make: () => new keras.AlphaDropout(0.2), input: [5], stochastic: true, oracle: () => tfl.layers.alphaDropout({ rate: 0.2 }) },
    { className: 'SpatialDropout1D', make: () => new keras.SpatialDropout1D(0.5), input: [6, 3], stochastic: true, oracle: () => tfl.layers.spatialDropout1d({ rate: 0.5 }) },
    // tf.layers has no SpatialDropout2D/3D nor UnitNormalization (Keras 3 has): test/runtime/keras/layers/regularization.test.ts and normalization.test.ts.
    { className: 'SpatialDropout2D', make: () => new keras.SpatialDropout2D(0.5), input: [4, 4, 3], stochastic: true, tfjs: false },
    {
      className: 'SpatialDropout2D',
      title: 'keras SpatialDropout2D(data_format=channels_first)',
      make: () => new keras.SpatialDropout2D(0.5, { dataFormat: 'channels_first' }),
      input: [3, 4, 4],
      stochastic: true,
      tfjs: false,
    },
    { className: 'SpatialDropout3D', make: () => new keras.SpatialDropout3D(0.5), input: [2, 3, 3, 6], stochastic: true, tfjs: false },
    {
      className: 'PReLU',
      make: () => new keras.PReLU({ alphaInitializer: 'uniform', sharedAxes: [1, 2] }),
      input: [4, 3, 2],
      oracle: () => tfl.layers.prelu({ sharedAxes: [1, 2] }),
    },
    { className: 'PReLU', title: 'keras PReLU()', make: () => new keras.PReLU(), input: [5], oracle: () => tfl.layers.prelu() },
    { className: 'Masking', make: () => new keras.Masking({ maskValue: 0.5 }), input: [5, 3], oracle: () => tfl.layers.masking({ maskValue: 0.5 }) },
    { className: 'Rescaling', make: () => new keras.Rescaling(1 / 255, { offset: -1 }), input: [4, 3], oracle: () => tfl.layers.rescaling({ scale: 1 / 255, offset: -1 }) },
    { className: 'UnitNormalization', make: () => new keras.UnitNormalization({ axis: [1, 2] }), input: [3, 4], tfjs: false },
    { className: 'Cropping1D', make: () => new keras.Cropping1D([1, 2]), input: [6, 3], tfjs: false },
    { className: 'Cropping2D', make: () => new keras.Cropping2D([1, 2]), input: [4, 5, 2], oracle: () => tfl.layers.cropping2D({ cropping: [1, 2] }) },
    {
      className: 'Cropping3D',
      make: () =>
        new keras.Cropping3D([
          [0, 1],
          [1, 1],
          [2, 0],
        ]),
      input: [3, 4, 3, 2],
      tfjs: false,
    },
    { className: 'GlobalMaxPooling3D', make: () => new keras.GlobalMaxPooling3D(), input: [3, 4, 3, 2], tfjs: false },
    { className: 'GlobalAveragePooling3D', make: () => new keras.GlobalAveragePooling3D({ keepdims: true, dataFormat: 'channels_first' }), input: [2, 3, 4, 3], exportable: false },
    {
      className: 'Dot',
      make: () => new keras.Dot([2, 1]),
      input: [
        [3, 4],
        [4, 5],
      ],
      oracle: () => tfl.layers.dot({ axes: [2, 1] }),
    },
    {
      className: 'Dot',
      title: 'keras Dot(-1, normalize)',
      make: () => new keras.Dot(-1, { normalize: true }),
      input: [
        [3, 4],
        [2, 4],
      ],
      oracle: () => tfl.layers.dot({ axes: -1, normalize: true }),
    },
    {
      className: 'Conv2DTranspose',
      make: () => new keras.Conv2DTranspose(3, [3, 2], { strides: [2, 1], padding: 'same', activation: 'relu' }),
      input: [4, 5, 2],
      oracle: () => tfl.layers.conv2dTranspose({ filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', activation: 'relu' }),
    },
    {
      className: 'Conv2DTranspose',
      title: 'keras Conv2DTranspose(padding=valid)',
      make: () => new keras.Conv2DTranspose(2, 3, { strides: 2 }),
      input: [3, 4, 3],
      oracle: () => tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2 }),
    },
    // output_padding and dilation: TensorFlow.js has neither; Keras 3 in test/keras/conv-layers.test.ts.
    {
      className: 'Conv2DTranspose',
      title: 'keras Conv2DTranspose(output_padding=1)',
      make: () => new keras.Conv2DTranspose(2, 3, { strides: 2, padding: 'same', outputPadding: [1, 0] }),
      input: [3, 4, 2],
      exportable: false,
    },
    {
      // tf.layers' conv3dTranspose has no gradient (Conv3DBackpropInputV2): Keras 3 in test/keras/conv-layers.test.ts.
      className: 'Conv3DTranspose',
      make: () => new keras.Conv3DTranspose(2, 2, { strides: 2, useBias: false }),
      input: [2, 3, 2, 2],
    },
    { className: 'Conv1DTranspose', make: () => new keras.Conv1DTranspose(3, 3, { strides: 2, padding: 'same' }), input: [5, 2], tfjs: false },
    {
      className: 'DepthwiseConv2D',
      make: () => new keras.DepthwiseConv2D([3, 2], { depthMultiplier: 2, strides: [2, 1], padding: 'same', activation: 'tanh' }),
      input: [7, 5, 3],
      oracle: () => tfl.layers.depthwiseConv2d({ kernelSize: [3, 2], depthMultiplier: 2, strides: [2, 1], padding: 'same', activation: 'tanh' }),
    },
    {
      className: 'SeparableConv2D',
      make: () => new keras.SeparableConv2D(4, 3, { depthMultiplier: 2, strides: 2 }),
      input: [7, 6, 3],
      oracle: () => tfl.layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, strides: 2 }),
    },
    // tf.layers has neither 1-D layer, nor dilated depthwise gradients: Keras 3 in test/keras/conv-layers.test.ts.
    { className: 'DepthwiseConv1D', make: () => new keras.DepthwiseConv1D(3, { depthMultiplier: 2, padding: 'same' }), input: [7, 3], tfjs: false },
    { className: 'SeparableConv1D', make: () => new keras.SeparableConv1D(4, 3, { dilationRate: 2, useBias: false }), input: [9, 3], tfjs: false },
    { className: 'Conv2D', title: 'keras Conv2D(dilation_rate=2)', make: () => new keras.Conv2D(3, 2, { dilationRate: 2, padding: 'same' }), input: [6, 5, 2] },
    { className: 'Conv3D', title: 'keras Conv3D(groups=2)', make: () => new keras.Conv3D(4, 2, { groups: 2 }), input: [3, 3, 3, 4], tfjs: false },
    { className: 'DepthwiseConv2D', title: 'keras DepthwiseConv2D(dilation_rate=2)', make: () => new keras.DepthwiseConv2D(2, { dilationRate: 2 }), input: [5, 5, 2], exportable: false },
  ];
  return cases.map((testCase) => ({ ...testCase, dialect: 'keras', title: testCase.title ?? `keras ${testCase.className}` }));
}

/** The test name of a case. */
export function caseTitle(testCase: LayerCase): string {
  return testCase.title ?? testCase.className;
}

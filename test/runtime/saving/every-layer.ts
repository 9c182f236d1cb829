/**
 * One model with (nearly) every layer class of the catalogue wired together,
 * many arguments given, shared and nested, so that the round trip covers
 * configs in a real graph. Each layer alone is saved, loaded and exported by
 * test/runtime/saving/every-case.test.ts from the one table of cases
 * (test/runtime/layers/cases.ts): a new layer needs no line here.
 *
 * `{exportable: true}` leaves out the layers (and the argument values) that
 * have no TensorFlow.js counterpart: the export test checks that it covers
 * every layer class that has one.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Activation,
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
  Input,
  LayerNormalization,
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
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
  type Kensor,
  type Layer,
} from '../../../runtime/node.ts';

export function everyLayerModel(options: { exportable?: boolean } = {}): { model: Model; x: tf.Tensor[]; classes: Set<string> } {
  const all = !options.exportable;
  const image = new Input([6, 6, 2], { name: 'image' });
  const sequence = new Input([6, 4], { name: 'sequence' });
  const volume = new Input([4, 4, 4, 1], { name: 'volume' });
  const tokens = new Input([5], { name: 'tokens', dtype: 'int32' });
  const vector = new Input([3], { name: 'vector' });
  const layers: Layer<any>[] = [];
  const use = <T extends Layer<any>>(layer: T): T => (layers.push(layer), layer);
  /** Layers with no TensorFlow.js counterpart, left out of the exportable model. */
  const only = (layer: () => Layer<any>): Layer<any>[] => (all ? [use(layer())] : []);

  const imageFeatures = new Sequential(
    [
      use(
        new ZeroPadding2D([
          [1, 0],
          [0, 1],
        ]),
      ),
      use(new Convolution2D(3, 3, 3, { strides: [1, 1], pad: 'same', activation: 'relu', init: 'he_normal', regularizers: { W: 'l2' } })),
      // From here on the [7, 7, 3] map is read channels first: 7 channels of 7 × 3.
      use(new Convolution2D(3, 2, 2, { dataFormat: 'channels_first', bias: false })),
      use(new Pooling2D('max', { poolSize: [2, 2], pad: 'same', dataFormat: 'channels_first' })),
      use(new UpSampling2D([2, 1], { dataFormat: 'channels_first' })),
      use(new GlobalPooling2D('avg', { dataFormat: 'channels_first' })),
    ],
    { name: 'image_features' },
  ).apply(image);

  const sequenceFeatures = new Sequential([
    use(new Convolution1D(4, 2, { stride: 1, pad: 'same', activation: 'tanh' })),
    ...only(() => new ZeroPadding1D(1)),
    ...only(() => new UpSampling1D(2)),
    use(new Pooling1D('avg', { poolSize: 2, strides: 2 })),
    // Keras has one constraint for all of an LSTM's input kernels, and TensorFlow.js applies it to the
    // weights it loads (these untrained ones break it): the exportable model has none.
    use(new LSTM(3, { returnSequences: true, constraints: all ? { W_i: 'nonneg' } : undefined })),
    use(new GRU(3, { returnSequences: true, goBackwards: true })),
    use(new Bidirectional(new SimpleRNN(2, { returnSequences: true }), { mergeMode: 'concat' })),
    use(new TimeDistributed(new Dense(3, { regularizers: 'l1' }))),
  ]).apply(sequence);
  const lastState = use(new SimpleRNN(3, { activation: 'relu', innerInit: 'orthogonal' })).apply(sequenceFeatures);
  const pooledSequence = use(new GlobalPooling1D('max')).apply(sequenceFeatures);

  const volumeFeatures = new Sequential([
    use(new Convolution3D(2, 2, 2, 2, { strides: 1 })),
    ...only(() => new ZeroPadding3D(1)),
    ...only(() => new UpSampling3D([1, 1, 2])),
    use(new Pooling3D('max', { poolSize: 2 })),
    use(new Flatten()),
    use(new Dense(3, { activation: 'sigmoid', constraints: 'maxnorm' })),
  ]).apply(volume);

  const embedded = use(new Embedding(10, 4, { init: 'normal' })).apply(tokens);
  const tokenFeatures = use(new Dense(3, { bias: false })).apply(use(new Flatten({ name: 'token_flatten' })).apply(embedded));

  let reshaped: Kensor;
  if (all) {
    const highway = use(new Highway({ transformBias: -1, activation: 'relu' })).apply(vector);
    const expanded = use(new ExpandDims(0)).apply(highway); // [1, 3]
    const repeated = use(new Repeat(2, { axis: 1 })).apply(expanded); // [1, 2, 3]
    const permuted = use(new PermuteDims([2, 1, 0])).apply(repeated); // [3, 2, 1]
    reshaped = use(new Reshape([-1])).apply(permuted); // [6]
  } else {
    // Keras's RepeatVector repeats a vector along a new first axis only.
    const repeated = use(new Repeat(2)).apply(vector); // [2, 3]
    const permuted = use(new PermuteDims([1, 0])).apply(repeated); // [3, 2]
    const expanded = use(new ExpandDims(-1)).apply(permuted); // [3, 2, 1]
    reshaped = use(new Reshape([-1])).apply(expanded); // [6]
  }
  const normalized = use(new LayerNormalization({ center: false })).apply(use(new BatchNormalization({ momentum: 0.9, epsilon: 1e-2 })).apply(reshaped));
  const vectorFeatures = use(new Dense(3)).apply(use(new Dropout(0.5)).apply(use(new Activation('softsign')).apply(normalized)));

  const summed = use(new ElementWiseSum()).apply([imageFeatures, lastState, pooledSequence]);
  const product = use(new ElementWiseMult()).apply([volumeFeatures, tokenFeatures]);
  const joined = use(new Concatenate({ axis: -1 })).apply([summed, product, vectorFeatures]);
  const model = new Model([image, sequence, volume, tokens, vector], joined, { name: 'every_layer' });

  const x = [tf.randomNormal([2, 6, 6, 2]), tf.randomNormal([2, 6, 4]), tf.randomNormal([2, 4, 4, 4, 1]), tf.randomUniform([2, 5], 0, 10, 'int32'), tf.randomNormal([2, 3])];
  const classes = new Set(['Input', 'Sequential', ...layers.map((layer) => layer.className)]);
  return { model, x, classes };
}

/** Every layer of the convolution family is rebuilt from its config (as loading a saved model does) with the same behaviour. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  Convolution1D,
  Convolution2D,
  Convolution3D,
  createLayer,
  GlobalPooling1D,
  GlobalPooling2D,
  Input,
  Pooling1D,
  Pooling2D,
  Pooling3D,
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
  type Layer,
} from '../../../../runtime/index.ts';
import { expectClose } from '../harness.ts';

const cases: [string, () => Layer<any>, number[]][] = [
  ['Convolution1D', () => new Convolution1D(3, 2, { stride: 2, pad: 'same', bias: false, activation: 'relu' }), [7, 2]],
  ['Convolution2D', () => new Convolution2D(3, 2, 3, { strides: 2, dataFormat: 'channels_first', init: 'he_normal' }), [2, 5, 7]],
  ['Convolution3D', () => new Convolution3D(2, 1, 2, 3, { strides: [1, 1, 2], pad: 'same' }), [3, 4, 5, 2]],
  ['Pooling1D', () => new Pooling1D('avg', { poolSize: 3, strides: 1 }), [7, 2]],
  ['Pooling2D', () => new Pooling2D('max', { poolSize: [2, 3], pad: 'same', dataFormat: 'channels_first' }), [2, 5, 7]],
  ['Pooling3D', () => new Pooling3D('avg', { poolSize: 2, strides: [1, 2, 2] }), [3, 4, 5, 2]],
  ['GlobalPooling1D', () => new GlobalPooling1D('max', { dataFormat: 'channels_first' }), [2, 7]],
  ['GlobalPooling2D', () => new GlobalPooling2D('avg'), [5, 7, 2]],
  ['ZeroPadding1D', () => new ZeroPadding1D([0, 2]), [7, 2]],
  [
    'ZeroPadding2D',
    () =>
      new ZeroPadding2D(
        [
          [1, 0],
          [0, 2],
        ],
        { dataFormat: 'channels_first' },
      ),
    [2, 5, 7],
  ],
  ['ZeroPadding3D', () => new ZeroPadding3D(), [3, 4, 5, 2]],
  ['UpSampling1D', () => new UpSampling1D(3), [7, 2]],
  ['UpSampling2D', () => new UpSampling2D([1, 2], { dataFormat: 'channels_first' }), [2, 5, 7]],
  ['UpSampling3D', () => new UpSampling3D(), [3, 4, 5, 2]],
];

describe('the convolution family from configs', () => {
  it.each(cases)('%s: same class, arguments and outputs', (className, make, input) => {
    const layer = make();
    layer.apply(new Input(input));
    const config = layer.getConfig();
    // Configs are plain data, written to JSON or YAML files.
    const rebuilt = createLayer(className, JSON.parse(JSON.stringify(config)), { initialWeights: Object.values(layer.weights) });
    rebuilt.apply(new Input(input));
    expect([rebuilt.className, rebuilt.args]).toEqual([className, layer.args]);
    const x = tf.randomNormal([2, ...input]);
    expectClose(rebuilt.call(x, { training: false }), layer.call(x, { training: false }), 0);
  });
});

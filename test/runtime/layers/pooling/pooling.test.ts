import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { GlobalPooling1D, GlobalPooling2D, GlobalPooling3D, Input, KeraflowError, Pooling1D, Pooling2D, Pooling3D, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { channelsFirstOracle, compareInputGradientsWithOracle, DATA_FORMATS, layout, PAD_MODES, tflFormat } from '../convolution/spatial-oracle.ts';

const H = symbol('H'),
  W = symbol('W'),
  D = symbol('D');
const MODES = ['max', 'avg'] as const;

describe.each(DATA_FORMATS)('poolings, %s', (dataFormat) => {
  describe.each(MODES)("mode '%s'", (mode) => {
    describe.each(PAD_MODES)("pad '%s'", (pad) => {
      it(`Pooling1D matches tf.layers.${mode === 'max' ? 'maxPooling1d' : 'averagePooling1d'}, outputs and input gradients`, () => {
        const input = layout([11], 3, dataFormat);
        const result = checkLayer({
          make: () => new Pooling1D(mode, { poolSize: 4, strides: 3, pad, dataFormat }),
          input,
          symbolic: { input: layout([H], 3, dataFormat), bindings: { H: 11 } },
        });
        const args = { poolSize: 4, strides: 3, padding: pad };
        const pool = mode === 'max' ? tfl.layers.maxPooling1d(args) : tfl.layers.averagePooling1d(args);
        // tf.layers' 1-D poolings take channels last only: permute around them.
        const oracle = dataFormat === 'channels_last' ? pool : channelsFirstOracle(pool, input);
        compareWithOracle(result, oracle, undefined, 1e-4);
        compareInputGradientsWithOracle(result, oracle);
      });

      it(`Pooling2D matches tf.layers.${mode === 'max' ? 'maxPooling2d' : 'averagePooling2d'}, outputs and input gradients`, () => {
        const result = checkLayer({
          make: () => new Pooling2D(mode, { poolSize: [3, 2], strides: [2, 3], pad, dataFormat }),
          input: layout([7, 9], 2, dataFormat),
          symbolic: { input: layout([H, W], 2, dataFormat), bindings: { H: 7, W: 9 } },
        });
        const args = { poolSize: [3, 2] as [number, number], strides: [2, 3] as [number, number], padding: pad, dataFormat: tflFormat(dataFormat) };
        const oracle = mode === 'max' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args);
        compareWithOracle(result, oracle, undefined, 1e-4);
        compareInputGradientsWithOracle(result, oracle);
      });

      it(`Pooling3D matches tf.layers.${mode === 'max' ? 'maxPooling3d' : 'averagePooling3d'}, outputs and input gradients`, () => {
        const result = checkLayer({
          make: () => new Pooling3D(mode, { poolSize: [2, 3, 2], strides: [2, 2, 3], pad, dataFormat }),
          input: layout([5, 7, 8], 2, dataFormat),
          batch: 2,
          symbolic: { input: layout([D, H, W], 2, dataFormat), bindings: { D: 5, H: 7, W: 8 } },
        });
        const args = { poolSize: [2, 3, 2] as [number, number, number], strides: [2, 2, 3] as [number, number, number], padding: pad, dataFormat: tflFormat(dataFormat) };
        const oracle = mode === 'max' ? tfl.layers.maxPooling3d(args) : tfl.layers.averagePooling3d(args);
        compareWithOracle(result, oracle, undefined, 1e-4);
        compareInputGradientsWithOracle(result, oracle);
      });
    });

    it(`GlobalPooling1D matches tf.layers.${mode === 'max' ? 'globalMaxPooling1d' : 'globalAveragePooling1d'}`, () => {
      const input = layout([7], 3, dataFormat);
      const result = checkLayer({
        make: () => new GlobalPooling1D(mode, { dataFormat }),
        input,
        symbolic: { input: layout([H], 3, dataFormat), bindings: { H: 7 } },
      });
      const pool = mode === 'max' ? tfl.layers.globalMaxPooling1d({}) : tfl.layers.globalAveragePooling1d({});
      const oracle = dataFormat === 'channels_last' ? pool : channelsFirstOracle(pool, input, false);
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareInputGradientsWithOracle(result, oracle);
    });

    it(`GlobalPooling2D matches tf.layers.${mode === 'max' ? 'globalMaxPooling2d' : 'globalAveragePooling2d'}`, () => {
      const result = checkLayer({
        make: () => new GlobalPooling2D(mode, { dataFormat }),
        input: layout([5, 7], 3, dataFormat),
        symbolic: { input: layout([H, W], 3, dataFormat), bindings: { H: 5, W: 7 } },
      });
      const args = { dataFormat: tflFormat(dataFormat) };
      const oracle = mode === 'max' ? tfl.layers.globalMaxPooling2d(args) : tfl.layers.globalAveragePooling2d(args);
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareInputGradientsWithOracle(result, oracle);
    });
  });
});

describe('poolings', () => {
  it("averages without the padding, as TensorFlow ('same')", () => {
    // Length 3, window 2, stride 2: windows [1, 2] and [3, (pad)]; the second averages 3 alone.
    const layer = new Pooling1D('avg', { pad: 'same' });
    layer.apply(new Input([3, 1]));
    expect(Array.from(layer.call(tf.tensor3d([[[1], [2], [3]]])).dataSync())).toEqual([1.5, 3]);
  });

  it("gives the border windows of 'same' their own count in the gradient too (hand computation)", () => {
    // Windows [1, 2] and [3, (pad)]: d/dx of 10 * mean(1, 2) + 100 * mean(3) is [5, 5, 100].
    // tfjs 4.22's AvgPoolGrad divided by 2 at the border (cpu and wasm); the runtime replaces it.
    const layer = new Pooling1D('avg', { pad: 'same' });
    layer.apply(new Input([3, 1]));
    const weighting = tf.tensor3d([[[10], [100]]]);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.call(x), weighting)))(tf.tensor3d([[[1], [2], [3]]]));
    expect(Array.from(gradient.dataSync())).toEqual([5, 5, 100]);
    const layer3d = new Pooling3D('avg', { pad: 'same' });
    layer3d.apply(new Input([1, 1, 3, 1]));
    const gradient3d = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer3d.call(x), tf.tensor5d([10, 100], [1, 1, 1, 2, 1]))))(tf.tensor5d([1, 2, 3], [1, 1, 1, 3, 1]));
    expect(Array.from(gradient3d.dataSync())).toEqual([5, 5, 100]);
  });

  it('strides default to the pool size, which defaults to 2', () => {
    const layer = new Pooling2D('max');
    expect([layer.poolSize, layer.strides]).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(new Pooling2D('max').apply(new Input([7, 9, 3])).shape).toEqual([null, 3, 4, 3]);
    expect(new Pooling3D('avg', { poolSize: 3 }).apply(new Input([7, 9, 6, 1])).shape).toEqual([null, 2, 3, 2, 1]);
  });

  it('writes symbolic output sizes with the dimension algebra', () => {
    const shape = new Pooling2D('max', { pad: 'same', poolSize: 3, strides: 2, dataFormat: 'channels_first' }).apply(new Input([3, H, W], { symbolicGraph: true })).shape;
    expect(shape.map(String)).toEqual(['null', '3', '(H + 1) // 2', '(W + 1) // 2']);
    const global = new GlobalPooling1D('avg').apply(new Input([H, 16], { symbolicGraph: true })).shape;
    expect(global).toEqual([null, 16]);
  });

  it('refuses a pool larger than a concrete input, and a wrong rank', () => {
    expect(() => new Pooling2D('max', { poolSize: [3, 3], name: 'pool' }).apply(new Input([2, 8, 4]))).toThrow(ShapeError);
    expect(() => new Pooling2D('max', { poolSize: [3, 3], name: 'pool' }).apply(new Input([2, 8, 4]))).toThrow(
      /pool \(Pooling2D\) has a 3 × 3 pool larger than the input's spatial size 2 × 8 .*but got \[batch, 2, 8, 4\]/,
    );
    expect(new Pooling2D('max', { poolSize: [3, 3], pad: 'same' }).apply(new Input([2, 8, 4])).shape).toEqual([null, 1, 3, 4]);
    expect(() => new GlobalPooling2D('max').apply(new Input([8, 4]))).toThrow(/rank 4, \[batch, rows, cols, channels\].*but got \[batch, 8, 4\]/);
  });

  it('refuses unknown modes and non-positive pool sizes', () => {
    expect(() => new Pooling1D('min' as never)).toThrow(KeraflowError);
    expect(() => new Pooling1D('min' as never)).toThrow(/'mode' must be one of 'max', 'avg', but got "min"/);
    expect(() => new Pooling2D('max', { poolSize: [2, 0] })).toThrow(/'poolSize' must be an integer ≥ 1 or a list of 2 integers/);
    expect(() => new Pooling1D('max', { strides: 0 })).toThrow(/'strides' must be an integer ≥ 1 or none/);
  });
});

describe.each(DATA_FORMATS)('GlobalPooling3D, %s', (dataFormat) => {
  /** The max or mean of each channel of a [batch, ...] array, by hand. */
  function byHand(x: tf.Tensor, mode: 'max' | 'avg'): number[][] {
    const samples = (dataFormat === 'channels_last' ? tf.transpose(x, [0, 4, 1, 2, 3]) : x).arraySync() as number[][][][][];
    return samples.map((channels) =>
      channels.map((channel) => {
        const values = channel.flat(2);
        return mode === 'max' ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
      }),
    );
  }

  it.each(MODES)("mode '%s': each channel's max or mean over the three spatial axes (hand computation), keepdims keeping them as size 1", (mode) => {
    const result = checkLayer({
      make: () => new GlobalPooling3D(mode, { dataFormat }),
      input: layout([2, 3, 4], 3, dataFormat),
      symbolic: { input: layout([D, H, W], 3, dataFormat), bindings: { D: 2, H: 3, W: 4 } },
    });
    const expected = byHand(result.x[0], mode);
    (result.y.arraySync() as number[][]).forEach((row, i) => row.forEach((value, c) => expect(value).toBeCloseTo(expected[i][c], 5)));
    const kept = new GlobalPooling3D(mode, { dataFormat, keepdims: true }).apply(new Input(layout([2, 3, 4], 3, dataFormat)));
    expect(kept.shape).toEqual([null, ...layout([1, 1, 1], 3, dataFormat)]);
  });
});

import type { ArgSpec } from '../../../../runtime/engine/spec.ts';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Convolution1D, Convolution2D, Convolution3D, Input, KeraflowError, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, symbol } from '../harness.ts';
import { channelsFirstOracle, checkAffineGradients, compareInputGradientsWithOracle, DATA_FORMATS, layout, PAD_MODES, tflFormat } from './spatial-oracle.ts';

// Odd sizes, strides that do not divide them, and kernels whose 'same'
// padding is odd (so TensorFlow puts the extra zero at the end).
const H = symbol('H'),
  W = symbol('W'),
  D = symbol('D');

describe.each(DATA_FORMATS)('convolutions, %s', (dataFormat) => {
  describe.each(PAD_MODES)("pad '%s'", (pad) => {
    it('Convolution1D matches tf.layers.conv1d, outputs and gradients', () => {
      const result = checkLayer({
        make: () => new Convolution1D(5, 4, { stride: 2, pad, dataFormat, activation: 'tanh' }),
        input: layout([11], 3, dataFormat),
        symbolic: { input: layout([H], 3, dataFormat), bindings: { H: 11 } },
      });
      expect(result.model.outputs[0].shape).toEqual([null, ...layout([pad === 'valid' ? 4 : 6], 5, dataFormat)]);
      const conv = tfl.layers.conv1d({ filters: 5, kernelSize: 4, strides: 2, padding: pad, activation: 'tanh' });
      // tf.layers' conv1d takes channels last only: permute around it.
      const oracle = dataFormat === 'channels_last' ? conv : channelsFirstOracle(conv, layout([11], 3, dataFormat));
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareGradientsWithOracle(result, oracle);
      compareInputGradientsWithOracle(result, oracle);
    });

    it('Convolution2D matches tf.layers.conv2d, outputs and gradients', () => {
      const result = checkLayer({
        make: () => new Convolution2D(4, 4, 3, { strides: [2, 1], pad, dataFormat, activation: 'relu' }),
        input: layout([7, 9], 3, dataFormat),
        symbolic: { input: layout([H, W], 3, dataFormat), bindings: { H: 7, W: 9 } },
      });
      const oracle = tfl.layers.conv2d({ filters: 4, kernelSize: [4, 3], strides: [2, 1], padding: pad, activation: 'relu', dataFormat: tflFormat(dataFormat) });
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareGradientsWithOracle(result, oracle);
      compareInputGradientsWithOracle(result, oracle);
    });

    it('Convolution3D matches tf.layers.conv3d, outputs and gradients', () => {
      const result = checkLayer({
        make: () => new Convolution3D(3, 3, 2, 4, { strides: [2, 1, 3], pad, dataFormat }),
        input: layout([5, 6, 7], 2, dataFormat),
        batch: 2,
        symbolic: { input: layout([D, H, W], 2, dataFormat), bindings: { D: 5, H: 6, W: 7 } },
      });
      const oracle = tfl.layers.conv3d({ filters: 3, kernelSize: [3, 2, 4], strides: [2, 1, 3], padding: pad, dataFormat: tflFormat(dataFormat) });
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareGradientsWithOracle(result, oracle);
      compareInputGradientsWithOracle(result, oracle);
    });
  });
});

describe.each(DATA_FORMATS)('convolution gradients without an oracle, %s', (dataFormat) => {
  // Strided 'same' convolutions with odd sizes: the asymmetric padding and the strides in the backward pass.
  it.each([
    ['Convolution1D', () => new Convolution1D(3, 4, { stride: 2, pad: 'same', dataFormat }), layout([11], 2, dataFormat)],
    ['Convolution2D', () => new Convolution2D(3, 4, 3, { strides: [2, 3], pad: 'same', dataFormat }), layout([7, 8], 2, dataFormat)],
    ['Convolution3D', () => new Convolution3D(2, 3, 2, 2, { strides: [2, 1, 2], pad: 'same', dataFormat }), layout([5, 4, 5], 2, dataFormat)],
  ] as const)('%s: directional derivatives confirm the gradients of x, W and b', (_, make, input) => {
    const layer = make();
    layer.apply(new Input(input as number[]));
    checkAffineGradients(layer, tf.randomNormal([2, ...input]));
  });
});

describe('convolutions', () => {
  it("pads 'same' as TensorFlow: the odd zero goes at the end", () => {
    // Length 4, kernel 3, stride 2: 2 outputs, 1 zero of padding, after the input.
    const layer = new Convolution1D(1, 3, { stride: 2, pad: 'same', initialWeights: [[[1]], [[1]], [[1]]], bias: false });
    const x = new Input([4, 1]);
    layer.apply(x);
    const y = layer.call(tf.tensor3d([[[1], [2], [3], [4]]]));
    expect(Array.from(y.dataSync())).toEqual([1 + 2 + 3, 3 + 4]);
  });

  it('without bias has only W, in TensorFlow layout [kernel..., in, out]', () => {
    const { layer } = checkLayer({ make: () => new Convolution2D(6, 3, 2, { bias: false }), input: [5, 5, 4] });
    expect(Object.keys(layer.weights)).toEqual(['W']);
    expect(layer.weights.W.shape).toEqual([3, 2, 4, 6]);
  });

  it('writes symbolic output sizes with the dimension algebra', () => {
    const shape = new Convolution2D(8, 3, 3, { strides: 2 }).apply(new Input([H, W, 1], { symbolicGraph: true })).shape;
    expect(shape.map(String)).toEqual(['null', '(H - 3) // 2 + 1', '(W - 3) // 2 + 1', '8']);
    const same = new Convolution1D(8, 5, { stride: 3, pad: 'same' }).apply(new Input([H, 2], { symbolicGraph: true })).shape;
    expect(same.map(String)).toEqual(['null', '(H + 2) // 3', '8']);
  });

  it('refuses a kernel larger than a concrete input, naming the layer and both sizes', () => {
    const error = (() => {
      try {
        new Convolution2D(4, 5, 3, { name: 'conv' }).apply(new Input([4, 9, 1]));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).message).toMatch(/conv \(Convolution2D\) has a 5 × 3 kernel larger than the input's spatial size 4 × 9 .*but got \[batch, 4, 9, 1\]/);
    expect((error as ShapeError).layer).toBe('conv');
    // 'same' pads, so any kernel fits; a symbolic size may be large enough.
    expect(new Convolution2D(4, 5, 3, { pad: 'same' }).apply(new Input([4, 9, 1])).shape).toEqual([null, 4, 9, 4]);
    expect(new Convolution2D(4, 5, 3).apply(new Input([H, 9, 1], { symbolicGraph: true })).shape.map(String)).toEqual(['null', 'H - 4', '7', '4']);
  });

  it('refuses a wrong rank, saying which layout it takes', () => {
    expect(() => new Convolution2D(4, 3, 3).apply(new Input([28, 28]))).toThrow(ShapeError);
    expect(() => new Convolution2D(4, 3, 3).apply(new Input([28, 28]))).toThrow(/rank 4, \[batch, rows, cols, channels\] with dataFormat 'channels_last', but got \[batch, 28, 28\]/);
    expect(() => new Convolution1D(4, 3, { dataFormat: 'channels_first' }).apply(new Input([2, 3, 4]))).toThrow(/rank 3, \[batch, channels, steps\]/);
  });

  it('needs a concrete channel count to size W', () => {
    expect(() => new Convolution3D(4, 1, 1, 1).apply(new Input([3, 3, 3, symbol('C')], { symbolicGraph: true }))).toThrow(/concrete channel count \(the last axis.*found C/);
  });

  it('refuses non-positive kernel sizes and strides, and unknown pad modes', () => {
    expect(() => new Convolution2D(4, 0, 3)).toThrow(KeraflowError);
    expect(() => new Convolution2D(4, 0, 3)).toThrow(/'kernelRow' must be an integer ≥ 1, but got 0/);
    expect(() => new Convolution2D(4, 3, 3, { strides: [1, 0] })).toThrow(/'strides' must be an integer ≥ 1 or a list of 2 integers/);
    expect(() => new Convolution1D(4, 3, { pad: 'full' as never })).toThrow(/'pad' must be one of 'valid', 'same'/);
    expect(() => new Convolution1D(4, 3, { dataFormat: 'nhwc' as never })).toThrow(/'dataFormat' must be one of 'channels_last', 'channels_first'/);
  });

  it('defaults to channels last, stated in its spec', () => {
    const dataFormat: ArgSpec = Convolution2D.spec.args.find((arg) => arg.name === 'dataFormat')!;
    expect(dataFormat.default).toBe('channels_last');
    expect(dataFormat.doc).toMatch(/default/);
    expect(new Convolution2D(1, 1, 1).name).toMatch(/^convolution2d_\d+$/);
  });
});

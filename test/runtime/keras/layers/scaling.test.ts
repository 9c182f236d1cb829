/**
 * PReLU, Rescaling and UnitNormalization of the Keras dialect by hand,
 * where tf.layers has no twin (UnitNormalization) or the case table's
 * oracle leaves something unchecked (shared axes, integer input, errors),
 * and the TensorFlow.js export refusing the layers only Keras 3 has.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { layers } from '../../../../runtime/keras/index.ts';
import { Input, type Layer, Model } from '../../../../runtime/node.ts';
import { kerasModelConfig } from '../../../../runtime/saving/keras-archive.ts';
import { modelFromKerasConfig } from '../../../../runtime/saving/keras-import.ts';
import { tfjsArtifacts } from '../../../../runtime/saving/tfjs-export.ts';

function predict(layer: Layer<any>, x: tf.Tensor): unknown {
  const input = new Input(x.shape.slice(1), { dtype: x.dtype === 'int32' ? 'int32' : undefined });
  const y = new Model(input, layer.apply(input)).predict(x) as tf.Tensor;
  return y.arraySync();
}

describe('Keras PReLU', () => {
  it('learns one slope per value, or per channel with shared_axes: alpha has the input shape with 1 on the shared axes', () => {
    const perValue = new layers.PReLU();
    perValue.apply(new Input([2, 3]));
    expect(perValue.weights.alpha.shape).toEqual([2, 3]);
    const perChannel = new layers.PReLU({ sharedAxes: [1, 2] });
    perChannel.apply(new Input([4, 5, 3]));
    expect(perChannel.weights.alpha.shape).toEqual([1, 1, 3]);
  });

  it('x above 0, alpha · x below, with alpha as initialized', () => {
    const prelu = new layers.PReLU({ sharedAxes: [1], initialWeights: { alpha: [[0.5, 2]] } });
    expect(
      predict(
        prelu,
        tf.tensor([
          [
            [-2, -2],
            [3, -1],
            [0, 4],
          ],
        ]),
      ),
    ).toEqual([
      [
        [-1, -4],
        [3, -2],
        [0, 4],
      ],
    ]);
  });

  it('starts at alpha 0 (Keras): a ReLU', () => {
    expect(predict(new layers.PReLU(), tf.tensor([[-3, 0.5]]))).toEqual([[0, 0.5]]);
  });

  it('a shared axis that is the batch or past the last is an error naming the argument', () => {
    expect(() => new layers.PReLU({ sharedAxes: [3] }).apply(new Input([4, 5]))).toThrow(/p_re_lu_\d+ \(PReLU\): sharedAxes: axis 3 is out of range for the input \[batch, 4, 5\]/);
    expect(() => new layers.PReLU({ sharedAxes: [0] })).toThrow(/sharedAxes/);
  });
});

describe('Keras Rescaling', () => {
  it('x · scale + offset, on integer input too (as floats)', () => {
    const [y] = predict(new layers.Rescaling(1 / 255, { offset: -1 }), tf.tensor([[0, 255, 51]], undefined, 'int32')) as number[][];
    [-1, 0, -0.8].forEach((value, i) => expect(y[i]).toBeCloseTo(value, 6));
  });
});

describe('Keras UnitNormalization', () => {
  it('divides each sample by its L2 norm over the last axis by default', () => {
    const y = predict(
      new layers.UnitNormalization(),
      tf.tensor([
        [
          [3, 4],
          [0, 2],
        ],
      ]),
    ) as number[][][];
    [
      [0.6, 0.8],
      [0, 1],
    ].forEach((row, r) => row.forEach((value, c) => expect(y[0][r][c]).toBeCloseTo(value, 6)));
  });

  it('over several axes: the norm of the whole [2, 2] block', () => {
    const y = predict(
      new layers.UnitNormalization({ axis: [1, 2] }),
      tf.tensor([
        [
          [1, 1],
          [1, 1],
        ],
        [
          [2, 0],
          [0, 0],
        ],
      ]),
    ) as number[][][];
    [
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
      [
        [1, 0],
        [0, 0],
      ],
    ].forEach((sample, s) => sample.forEach((row, r) => row.forEach((value, c) => expect(y[s][r][c]).toBeCloseTo(value, 6))));
  });

  it('leaves a zero vector at 0 (the norm is at least 1e-6, as Keras)', () => {
    expect(predict(new layers.UnitNormalization(), tf.tensor([[0, 0, 0]]))).toEqual([[0, 0, 0]]);
  });

  it('refuses the batch axis, and an axis named twice', () => {
    expect(() => new layers.UnitNormalization({ axis: 0 }).apply(new Input([3]))).toThrow(/unit_normalization_\d+ \(UnitNormalization\): axis 0 is out of range/);
    expect(() => new layers.UnitNormalization({ axis: [1, -2] }).apply(new Input([3, 2]))).toThrow(/axis \[1,-2\] names an axis twice/);
  });
});

describe('Keras-3-only layers in the TensorFlow.js export', () => {
  it.each([
    ['UnitNormalization', () => new layers.UnitNormalization(), [3]],
    ['SpatialDropout2D', () => new layers.SpatialDropout2D(0.5), [3, 3, 2]],
    ['SpatialDropout3D', () => new layers.SpatialDropout3D(0.5), [2, 3, 3, 2]],
  ] as const)('%s: an error naming the layer and pointing to the Keras 3 export', (className, make, shape) => {
    const x = new Input([...shape]);
    const layer = make();
    const model = new Model(x, layer.apply(x));
    expect(() => tfjsArtifacts(model)).toThrow(`${layer.name} (${className}) has no TensorFlow.js Layers counterpart: export the model to Keras 3 (.keras) instead`);
  });
});

describe('Keras Rescaling from a Keras config', () => {
  it('one value per channel is an error naming the argument and the value', () => {
    const x = new Input([3], { name: 'x' });
    const model = new Model(x, new layers.Rescaling(0.5, { name: 'halve' }).apply(x));
    const text = JSON.stringify(kerasModelConfig(model).config).replace('"offset":0', '"offset":[0,1,2]');
    expect(text).toContain('"offset":[0,1,2]');
    expect(() => modelFromKerasConfig(text, 'r.json')).toThrow('halve (Keras Rescaling) cannot be imported: offset is [0,1,2]: Keraflow takes one number');
  });
});

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Concatenate, Input, KeraflowError, Model, ShapeError } from '../../../../runtime/index.ts';
import { formatShape, type Dim } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

const [T, S] = [symbol('T'), symbol('S')];
const joined = (layer: Concatenate, ...shapes: Dim[][]) => formatShape(layer.apply(shapes.map((shape) => new Input(shape, { symbolicGraph: true }))).shape);

describeOnBackends('Concatenate', () => {
  it('joins vectors along axis 0 (the first non-batch axis) as tf.layers.concatenate', () => {
    const result = checkLayer({ make: () => new Concatenate(), input: [[3], [5]], symbolic: { input: [[T], [S]], bindings: { T: 3, S: 5 } } });
    compareWithOracle(result, tfl.layers.concatenate({ axis: 1 }));
  });

  it('joins sequences along time (axis 0), features (axis 1, -1), three at once', () => {
    compareWithOracle(
      checkLayer({
        make: () => new Concatenate({ axis: 0 }),
        input: [
          [2, 4],
          [3, 4],
        ],
        symbolic: {
          input: [
            [T, 4],
            [S, 4],
          ],
          bindings: { T: 2, S: 3 },
        },
      }),
      tfl.layers.concatenate({ axis: 1 }),
    );
    compareWithOracle(
      checkLayer({
        make: () => new Concatenate({ axis: 1 }),
        input: [
          [2, 4],
          [2, 1],
          [2, 3],
        ],
        symbolic: {
          input: [
            [T, 4],
            [T, 1],
            [T, 3],
          ],
          bindings: { T: 2 },
        },
      }),
      tfl.layers.concatenate({ axis: 2 }),
    );
    compareWithOracle(
      checkLayer({
        make: () => new Concatenate({ axis: -1 }),
        input: [
          [2, 4],
          [2, 1],
        ],
      }),
      tfl.layers.concatenate({ axis: -1 }),
    );
  });

  it('counts the batch with includeBatchDim', () => {
    compareWithOracle(
      checkLayer({
        make: () => new Concatenate({ axis: 2, includeBatchDim: true }),
        input: [
          [2, 4],
          [2, 1],
        ],
      }),
      tfl.layers.concatenate({ axis: 2 }),
    );
  });

  it('joins integer inputs, keeping int32', () => {
    const { y } = checkLayer({ make: () => new Concatenate(), input: [[2], [3]], dtype: 'int32' });
    expect(y.dtype).toBe('int32');
  });

  it('joins batches along the batch axis', () => {
    const a = new Input([2]);
    const b = new Input([2]);
    const model = new Model([a, b], new Concatenate({ axis: 0, includeBatchDim: true }).apply([a, b]));
    expect((model.predict([[[1, 2]], [[3, 4]]]) as tf.Tensor).arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('Concatenate shape rule', () => {
  it('adds the sizes along the axis, symbolically too', () => {
    expect(joined(new Concatenate(), [T, 3], [S, 3])).toBe('[batch, S + T, 3]');
    expect(joined(new Concatenate(), [T, 3], [T, 3])).toBe('[batch, 2 * T, 3]');
    expect(joined(new Concatenate({ axis: -1 }), [T, 3], [T, 4])).toBe('[batch, T, 7]');
    expect(joined(new Concatenate(), [null, 3], [2, 3])).toBe('[batch, ?, 3]');
    expect(joined(new Concatenate({ axis: -1 }), [null, 3], [T, 4])).toBe('[batch, ?, 7]');
  });

  it('refuses sizes that differ off the axis, naming the inputs', () => {
    const inputs = [new Input([2, 3]), new Input([4, 5])];
    expect(() => new Concatenate({ name: 'cat' }).apply(inputs)).toThrow(ShapeError);
    expect(() => new Concatenate({ name: 'cat' }).apply(inputs)).toThrow(
      'cat (Concatenate) joins along axis 0 and needs every other size equal (input 1 is [batch, 4, 5], input 0 is [batch, 2, 3]), but got [[batch, 2, 3], [batch, 4, 5]]',
    );
  });

  it('refuses symbolic sizes that may differ off the axis (T and S)', () => {
    expect(() => joined(new Concatenate({ axis: -1 }), [T, 3], [S, 4])).toThrow(ShapeError);
    expect(() => joined(new Concatenate({ axis: -1 }), [T, 3], [S, 4])).toThrow(/input 1 is \[batch, S, 4\], input 0 is \[batch, T, 3\]/);
    expect(() => joined(new Concatenate({ axis: -1 }), [T, 3], [T, 4])).not.toThrow();
  });

  it('refuses inputs of other ranks, an axis out of range, an empty list, one Kensor', () => {
    const [a, b] = [new Input([2, 3]), new Input([2])];
    expect(() => new Concatenate().apply([a, b])).toThrow(/takes tensors of one rank \(input 1 is \[batch, 2\], input 0 is \[batch, 2, 3\]\)/);
    expect(() => new Concatenate({ axis: 2 }).apply([a, a])).toThrow(
      /axis 2 is out of range for the inputs \[\[batch, 2, 3\], \[batch, 2, 3\]\] \(batch dimension not counted\); accepted: 0 to 1, or -2 to -1 from the end/,
    );
    expect(() => new Concatenate().apply([])).toThrow(/takes a list of at least one tensor/);
    expect(() => new Concatenate().apply(a)).toThrow(KeraflowError);
    expect(() => new Concatenate().apply(a)).toThrow(/takes a list of Kensors, but was given one/);
  });

  it('refuses inputs of different dtypes', () => {
    const inputs = [new Input([2]), new Input([2], { dtype: 'int32' })];
    expect(() => new Concatenate().apply(inputs)).toThrow(ShapeError);
    expect(() => new Concatenate().apply(inputs)).toThrow(/takes inputs of one dtype, but input 1 is int32 and input 0 is float32/);
  });
});

describe('Concatenate and masks', () => {
  it('joins the masks along the time axis (all kept where an input has none), and ANDs them along features', () => {
    const masked = new Input([2, 1], { maskValue: 0, name: 'masked' });
    const plain = new Input([3, 1], { name: 'plain' });
    const other = new Input([2, 1], { maskValue: 0, name: 'other' });
    const model = new Model([masked, plain, other], [new Concatenate().apply([masked, plain]), new Concatenate({ axis: -1 }).apply([masked, other])]);
    const masks = tf.tidy(() => {
      const x = [tf.tensor([[[0], [1]]]), tf.tensor([[[0], [5], [6]]]), tf.tensor([[[1], [0]]])];
      return model.executeWithMasks(x, { training: false }).masks.map((mask) => mask?.arraySync());
    });
    expect(masks).toEqual([[[0, 1, 1, 1, 1]], [[0, 0]]]); // bool tensors read back as 0 and 1
  });
});

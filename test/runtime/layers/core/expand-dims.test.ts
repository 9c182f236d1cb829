import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ExpandDims, Input, KeraflowError, ShapeError } from '../../../../runtime/index.ts';
import { formatShape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, expectClose, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** numpy.expand_dims by hand: the same values, a size-1 axis inserted into the shape. */
function expandByHand(x: tf.Tensor, position: number): tf.Tensor {
  const shape = [...x.shape];
  shape.splice(position, 0, 1);
  return tf.tensor(x.dataSync(), shape);
}

describeOnBackends('ExpandDims', () => {
  const cases: [string, () => ExpandDims, number][] = [
    ['axis 0 (the first non-batch axis)', () => new ExpandDims(0), 1],
    ['axis 1', () => new ExpandDims(1), 2],
    ['axis 2 (after the last)', () => new ExpandDims(2), 3],
    ['axis -1 (the new last axis)', () => new ExpandDims(-1), 3],
    ['axis -3', () => new ExpandDims(-3), 1],
    ['axis 1 counting the batch', () => new ExpandDims(1, { includeBatchDim: true }), 1],
    ['axis 3 counting the batch', () => new ExpandDims(3, { includeBatchDim: true }), 3],
  ];
  for (const [label, make, position] of cases) {
    it(`inserts a size-1 axis: ${label}`, () => {
      const result = checkLayer({ make, input: [2, 3], symbolic: { input: [symbol('T'), 3], bindings: { T: 2 } } });
      const expected = expandByHand(result.x[0], position);
      expectClose(result.y, expected, 0);
      expected.dispose();
    });
  }
});

describe('ExpandDims shape rule', () => {
  it('keeps symbolic sizes', () => {
    const shape = new ExpandDims(-1).apply(new Input([symbol('T'), 3], { symbolicGraph: true })).shape;
    expect(formatShape(shape)).toBe('[batch, T, 3, 1]');
  });

  it('refuses an axis out of range, naming the accepted ones', () => {
    const input = new Input([2, 3]);
    expect(() => new ExpandDims(3, { name: 'e' }).apply(input)).toThrow(ShapeError);
    expect(() => new ExpandDims(3, { name: 'e' }).apply(input)).toThrow(
      'e (ExpandDims): axis 3 is out of range for a new axis of the input [batch, 2, 3] (batch dimension not counted); accepted: 0 to 2, or -3 to -1 from the end',
    );
    expect(() => new ExpandDims(-4).apply(input)).toThrow(/axis -4 is out of range/);
  });

  it('refuses to move the batch axis', () => {
    expect(() => new ExpandDims(0, { includeBatchDim: true }).apply(new Input([2]))).toThrow(
      /axis 0 is out of range .*\(batch dimension counted\); accepted: 1 to 2, or -2 to -1 from the end; the batch axis must stay first/,
    );
  });

  it('axis is a required integer', () => {
    expect(() => new ExpandDims(0.5)).toThrow(KeraflowError);
    expect(() => new ExpandDims(0.5)).toThrow(/argument 'axis' must be an integer, but got 0.5/);
    expect(() => new (ExpandDims as any)()).toThrow(/needs argument 'axis'/);
  });
});

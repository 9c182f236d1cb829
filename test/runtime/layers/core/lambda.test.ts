import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, KeraflowError, Lambda, Model, ShapeError } from '../../../../runtime/index.ts';
import { formatShape, multiplyDims, type Shape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, expectClose, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** Sums the last axis: [batch, ..., d] -> [batch, ...]. */
const sumLast = () =>
  new Lambda(
    (x) => tf.sum(x, -1),
    (shape: Shape) => shape.slice(0, -1),
  );
/** Doubles the last axis by joining x and -x: [batch, ..., d] -> [batch, ..., 2d]. */
const withNegative = () =>
  new Lambda(
    (x) => tf.concat([x, tf.neg(x)], -1),
    (shape: Shape) => [...shape.slice(0, -1), multiplyDims(shape.at(-1)!, 2)],
  );

describeOnBackends('Lambda', () => {
  it('runs its function; the shape is kept by default', () => {
    const result = checkLayer({ make: () => new Lambda((x) => tf.square(x)), input: [3, 2], symbolic: { input: [symbol('T'), 2], bindings: { T: 3 } } });
    const expected = tf.square(result.x[0]);
    expectClose(result.y, expected, 0);
    expected.dispose();
  });

  it('gives the output shape of outputShapeFn, symbolically too', () => {
    const summed = checkLayer({ make: sumLast, input: [3, 4], symbolic: { input: [symbol('T'), 4], bindings: { T: 3 } } });
    const expected = tf.sum(summed.x[0], -1);
    expectClose(summed.y, expected);
    expected.dispose();
    checkLayer({ make: withNegative, input: [3, 4], symbolic: { input: [3, symbol('D')], bindings: { D: 4 } } });
    const shape = withNegative().apply(new Input([symbol('D')], { symbolicGraph: true })).shape;
    expect(formatShape(shape)).toBe('[batch, 2 * D]');
  });
});

describe('Lambda errors', () => {
  const run = (layer: Lambda, shape: number[]) => {
    const input = new Input(shape);
    const model = new Model(input, layer.apply(input));
    return () => model.predict(tf.zeros([1, ...shape]));
  };

  it('a function that changes the shape without outputShapeFn', () => {
    const predict = run(new Lambda((x) => tf.sum(x, -1), undefined, { name: 'lam' }), [3]);
    expect(predict).toThrow(ShapeError);
    expect(predict).toThrow('lam (Lambda): fn returned a tensor of shape [1] for input [1, 3], but the shape rule gives [1, 3] (give outputShapeFn when fn changes the shape)');
  });

  it('a function that returns no tensor', () => {
    const predict = run(new Lambda((() => 3) as never, { name: 'lam2' }), [3]);
    expect(predict).toThrow(KeraflowError);
    expect(predict).toThrow('lam2 (Lambda): fn must return a tf.Tensor, but it returned 3');
  });

  it('an outputShapeFn that returns no shape', () => {
    expect(() => new Lambda((x) => x, (() => 'wide') as never, { name: 'lam3' }).apply(new Input([2]))).toThrow(
      /lam3 \(Lambda\): outputShapeFn must return a shape \(a list of sizes, batch first\), but for input \[batch, 2\] it returned "wide"/,
    );
  });

  it('fn must be a function', () => {
    expect(() => new Lambda('square' as never)).toThrow(/argument 'fn' must be a function, but got "square"/);
  });
});

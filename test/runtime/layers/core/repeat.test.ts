import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Input, KeraflowError, Model, Repeat, ShapeError } from '../../../../runtime/index.ts';
import { formatShape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, compareWithOracle, expectClose, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

describeOnBackends('Repeat', () => {
  it('matches tf.layers.repeatVector on a batch of vectors', () => {
    const result = checkLayer({ make: () => new Repeat(3), input: [5], symbolic: { input: [symbol('D')], bindings: { D: 5 } } });
    compareWithOracle(result, tfl.layers.repeatVector({ n: 3 }));
  });

  const cases: [string, () => Repeat, number][] = [
    ['axis 0 of a sequence', () => new Repeat(3), 1],
    ['axis 1', () => new Repeat(3, { axis: 1 }), 2],
    ['axis -1 (a new last axis)', () => new Repeat(3, { axis: -1 }), 3],
    ['axis 2 counting the batch', () => new Repeat(3, { axis: 2, includeBatchDim: true }), 2],
  ];
  for (const [label, make, position] of cases) {
    it(`stacks n copies along a new axis: ${label}`, () => {
      const result = checkLayer({ make, input: [2, 4], symbolic: { input: [symbol('T'), 4], bindings: { T: 2 } } });
      // By hand: n copies of each sample stacked at `position` (batch = 0).
      const expected = tf.stack([result.x[0], result.x[0], result.x[0]], position);
      expectClose(result.y, expected, 0);
      expected.dispose();
    });
  }

  it('sums the gradient over the copies', () => {
    const input = new Input([2, 3]);
    const model = new Model(input, new Repeat(4, { axis: 1 }).apply(input));
    const x = tf.randomNormal([2, 2, 3]);
    const gradient = tf.grad((value: tf.Tensor) => tf.sum(model.execute([value], { training: true })[0]))(x);
    expect(Array.from(gradient.dataSync()).every((v) => v === 4)).toBe(true);
    tf.dispose([x, gradient]);
  });
});

describe('Repeat shape rule and arguments', () => {
  it('inserts n, symbolically too', () => {
    const shape = new Repeat(2, { axis: -1 }).apply(new Input([symbol('T'), 3], { symbolicGraph: true })).shape;
    expect(formatShape(shape)).toBe('[batch, T, 3, 2]');
  });

  it('refuses an axis out of range and the batch position', () => {
    expect(() => new Repeat(2, { axis: 2, name: 'rep' }).apply(new Input([3]))).toThrow(ShapeError);
    expect(() => new Repeat(2, { axis: 2, name: 'rep' }).apply(new Input([3]))).toThrow(
      'rep (Repeat): axis 2 is out of range for a new axis of the input [batch, 3] (batch dimension not counted); accepted: 0 to 1, or -2 to -1 from the end',
    );
    expect(() => new Repeat(2, { axis: 0, includeBatchDim: true }).apply(new Input([3]))).toThrow(/the batch axis must stay first/);
  });

  it('n must be a positive integer; unknown options get a suggestion', () => {
    expect(() => new Repeat(0)).toThrow(KeraflowError);
    expect(() => new Repeat(0)).toThrow(/argument 'n' must be an integer ≥ 1, but got 0/);
    expect(() => new Repeat(2, { axes: 1 } as never)).toThrow(/has no argument 'axes'; did you mean 'axis'\?/);
  });
});

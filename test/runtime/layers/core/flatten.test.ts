import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Dense, Flatten, Input, ShapeError } from '../../../../runtime/index.ts';
import { formatShape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

describeOnBackends('Flatten', () => {
  it('matches tf.layers.flatten on rank-4 input', () => {
    const result = checkLayer({
      make: () => new Flatten(),
      input: [2, 3, 4],
      symbolic: { input: [symbol('H'), symbol('W'), 4], bindings: { H: 2, W: 3 } },
    });
    compareWithOracle(result, tfl.layers.flatten());
  });

  it('keeps a batch of vectors as it is', () => {
    const result = checkLayer({ make: () => new Flatten(), input: [5] });
    expect(result.y.arraySync()).toEqual(result.x[0].arraySync());
  });

  it('flattens integer input too', () => {
    const { y } = checkLayer({ make: () => new Flatten(), input: [2, 2], dtype: 'int32' });
    expect(y.dtype).toBe('int32');
  });
});

describe('Flatten shape rule', () => {
  it('multiplies the sizes, symbolically too', () => {
    expect(formatShape(new Flatten().apply(new Input([symbol('T'), 16], { symbolicGraph: true })).shape)).toBe('[batch, 16 * T]');
    expect(formatShape(new Flatten().apply(new Input([null, 16], { symbolicGraph: true })).shape)).toBe('[batch, ?]');
  });

  it('a Dense after the Flatten of a symbolic shape asks for a concrete size', () => {
    const flat = () => new Flatten().apply(new Input([symbol('T'), 16], { symbolicGraph: true }));
    expect(() => new Dense(2).apply(flat())).toThrow(ShapeError);
    expect(() => new Dense(2).apply(flat())).toThrow(/needs a concrete last dimension, found 16 \* T/);
  });
});

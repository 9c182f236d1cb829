/**
 * initialWeights, regularizers and constraints by dict, list or one value
 * (RUNTIME.md "Argument passing"), on Dense [W, b] and Highway [W, W_carry, b, b_carry].
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constraints, Dense, Flatten, Highway, Input, KeraflowError, regularizers, ShapeError } from '../../../runtime/index.ts';

/** A Dense 2 -> 2 built on an Input, so that its parameters exist. */
function dense(options: ConstructorParameters<typeof Dense>[1]): Dense {
  const layer = new Dense(2, { name: 'd', ...options });
  layer.apply(new Input([2]));
  return layer;
}
const values = (layer: { weights: Record<string, tf.Tensor> }) => Object.fromEntries(Object.entries(layer.weights).map(([name, v]) => [name, v.arraySync()]));

/** The error `build` throws (it must throw). */
function errorOf(build: () => unknown): KeraflowError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(KeraflowError);
    return error as KeraflowError;
  }
  throw new Error('expected an error');
}

describe('initialWeights', () => {
  const W = [
    [1, 2],
    [3, 4],
  ];
  const b = [5, 6];

  it('by dict, by parameter name', () => {
    expect(values(dense({ initialWeights: { W, b } }))).toEqual({ W, b });
    expect(values(dense({ initialWeights: { b } })).b).toEqual(b);
  });

  it('by list, in parameter order; gaps keep the initialization', () => {
    expect(values(dense({ initialWeights: [W, b] }))).toEqual({ W, b });
    const onlyB = dense({ initialWeights: [null, b] });
    expect(values(onlyB).b).toEqual(b);
    expect(values(onlyB).W).not.toEqual(W);
  });

  it('a bare nested array is one weight (the first), not a list of weights', () => {
    const layer = dense({ initialWeights: W });
    expect(values(layer).W).toEqual(W);
    expect(values(layer).b).toEqual([0, 0]);
  });

  it('one TypedArray with a shape, or one tf.Tensor, is the first weight', () => {
    expect(values(dense({ initialWeights: { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] } })).W).toEqual(W);
    const tensor = tf.tensor(W);
    expect(values(dense({ initialWeights: tensor })).W).toEqual(W);
    expect(tensor.isDisposed).toBe(false);
    tensor.dispose();
  });

  it('reaches parameters past the first: Highway by list and by dict', () => {
    const layer = new Highway({
      initialWeights: [
        null,
        [
          [1, 0],
          [0, 1],
        ],
        [1, 1],
        [3, 3],
      ],
    });
    layer.apply(new Input([2]));
    expect(values(layer).W_carry).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(values(layer).b_carry).toEqual([3, 3]);
  });

  it('a dict key that names no parameter, with a did-you-mean, before any shape is known', () => {
    const error = errorOf(() => new Dense(2, { name: 'd', initialWeights: { w: W } }));
    expect(error.message).toBe("d: initialWeights names parameter 'w', which does not exist; did you mean 'W'? expected 2 parameters ('W', 'b')");
    expect(error).toMatchObject({ layer: 'd', argument: 'initialWeights', key: 'w' });
  });

  it('a list longer than the parameters', () => {
    const error = errorOf(() => dense({ initialWeights: [W, b, b] }));
    expect(error.message).toBe("d: initialWeights is a list of 3, but there are only 2 parameters ('W', 'b')");
    expect(error).toMatchObject({ layer: 'd', argument: 'initialWeights', key: 2 });
  });

  it('a weight of the wrong shape names the layer, the argument and the parameter', () => {
    const error = errorOf(() => dense({ initialWeights: { b: [1, 2, 3] } }));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe("d: initialWeights for 'b' has shape [3], but [2] was expected");
    expect(error).toMatchObject({ layer: 'd', argument: 'initialWeights', key: 'b' });
  });

  it('a ragged array', () => {
    expect(errorOf(() => dense({ initialWeights: [[[1, 2], [3]], b] })).message).toBe(
      "d: initialWeights for 'W' is not a rectangular array of numbers: expected 2 elements at [1] (as in the first row), found 1",
    );
  });

  it('a layer without parameters takes none', () => {
    const error = errorOf(() => new Flatten({ name: 'f', initialWeights: [[1]] }).apply(new Input([2])));
    expect(error.message).toBe('f: initialWeights was given, but it has no parameters');
  });
});

describe('regularizers', () => {
  const penalty = (layer: Dense, name: string) =>
    tf.tidy(
      () =>
        layer.regularizers
          .get(name)!
          .penalty(
            tf.tensor([
              [1, -2],
              [3, -4],
            ]),
          )
          .dataSync()[0],
    );

  it('by dict: an alias, an instance, a function', () => {
    const layer = dense({ regularizers: { W: 'l1', b: new regularizers.L2(0.5) } });
    expect(penalty(layer, 'W')).toBeCloseTo(0.01 * 10, 6);
    expect(penalty(layer, 'b')).toBeCloseTo(0.5 * 30, 5);
    const custom = dense({ regularizers: { b: (w: tf.Tensor) => tf.sum(w) as tf.Scalar } });
    expect(penalty(custom, 'b')).toBe(-2);
    expect(custom.regularizers.has('W')).toBe(false);
  });

  it('by list in parameter order, and one value for the first parameter', () => {
    const listed = dense({ regularizers: [null, 'l2'] as never });
    expect([...listed.regularizers.keys()]).toEqual(['b']);
    const single = dense({ regularizers: 'l1l2' });
    expect([...single.regularizers.keys()]).toEqual(['W']);
    expect(single.regularizers.get('W')).toBeInstanceOf(regularizers.L1L2);
  });

  it('bad keys, indices and aliases name the layer, the argument and the key', () => {
    expect(errorOf(() => new Dense(2, { name: 'd', regularizers: { bias: 'l2' } })).message).toBe("d: regularizers names parameter 'bias', which does not exist; expected 2 parameters ('W', 'b')");
    expect(errorOf(() => new Dense(2, { name: 'd', regularizers: ['l1', 'l1', 'l1'] }))).toMatchObject({ argument: 'regularizers', key: 2 });
    expect(errorOf(() => new Dense(2, { name: 'd', regularizers: { W: 'l3' } })).message).toBe("d: unknown regularizer \"l3\" for argument 'regularizers'; did you mean 'l1'?");
    expect(errorOf(() => new Dense(2, { name: 'd', bias: false, regularizers: { b: 'l2' } }))).toMatchObject({ key: 'b' });
  });
});

describe('constraints', () => {
  it('by dict, list and one value', () => {
    expect(dense({ constraints: { b: 'nonneg' } }).constraints.get('b')).toBeInstanceOf(constraints.NonNeg);
    const listed = dense({ constraints: ['maxnorm', new constraints.UnitNorm()] });
    expect(listed.constraints.get('W')).toBeInstanceOf(constraints.MaxNorm);
    expect(listed.constraints.get('b')).toBeInstanceOf(constraints.UnitNorm);
    const single = dense({ constraints: (w: tf.Tensor) => tf.abs(w) });
    expect([...single.constraints.keys()]).toEqual(['W']);
  });

  it('bad keys and aliases', () => {
    const error = errorOf(() => new Dense(2, { name: 'd', constraints: { V: 'nonneg' } }));
    expect(error).toMatchObject({ layer: 'd', argument: 'constraints', key: 'V' });
    expect(error.message).toMatch(/d: constraints names parameter 'V', which does not exist/);
    expect(errorOf(() => new Dense(2, { name: 'd', constraints: 'nonnneg' })).message).toBe("d: unknown constraint \"nonnneg\" for argument 'constraints'; did you mean 'nonneg'?");
    expect(errorOf(() => new Dense(2, { name: 'd', constraints: 5 as never })).message).toMatch(
      /d: constraint 5 for argument 'constraints' is not an alias \(MaxNorm, maxnorm, max_norm, NonNeg, nonneg, non_neg, UnitNorm, unitnorm, unit_norm, MinMaxNorm, min_max_norm\), a function or an object with an apply method/,
    );
  });
});

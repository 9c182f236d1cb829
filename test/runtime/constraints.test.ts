import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constraints, KeraflowError } from '../../runtime/index.ts';

// Columns [3, 4] (norm 5) and [0, 1] (norm 1); rows [3, 0] (norm 3) and [4, 1] (norm √17).
const weight = [
  [3, 0],
  [4, 1],
];
const applied = (constraint: constraints.Constraint, value: number[][] = weight) => tf.tidy(() => constraint.apply(tf.tensor(value)).arraySync() as number[][]);
const expectMatrix = (actual: number[][], expected: number[][]) => actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));

describe('constraints by hand', () => {
  it('MaxNorm caps the norm of each column (axis 0) at m', () => {
    expectMatrix(applied(new constraints.MaxNorm(2)), [
      [1.2, 0],
      [1.6, 1],
    ]);
    expectMatrix(applied(new constraints.MaxNorm()), [
      [1.2, 0],
      [1.6, 1],
    ]);
    expectMatrix(applied(new constraints.MaxNorm(10)), weight);
  });

  it('MaxNorm along axis 1 caps each row', () => {
    const root = Math.sqrt(17);
    expectMatrix(applied(new constraints.MaxNorm(2, { axis: 1 })), [
      [2, 0],
      [8 / root, 2 / root],
    ]);
  });

  it('NonNeg zeroes the negatives', () => {
    expectMatrix(
      applied(new constraints.NonNeg(), [
        [-1, 2],
        [0.5, -3],
      ]),
      [
        [0, 2],
        [0.5, 0],
      ],
    );
  });

  it('UnitNorm scales each column (or row) to norm 1', () => {
    expectMatrix(applied(new constraints.UnitNorm()), [
      [0.6, 0],
      [0.8, 1],
    ]);
    const root = Math.sqrt(17);
    expectMatrix(applied(new constraints.UnitNorm({ axis: 1 })), [
      [1, 0],
      [4 / root, 1 / root],
    ]);
  });

  it('aliases, functions and instances', () => {
    expect(constraints.get('maxnorm')).toBeInstanceOf(constraints.MaxNorm);
    expect(constraints.get('NonNeg')).toBeInstanceOf(constraints.NonNeg);
    expect(constraints.get('unitnorm')).toBeInstanceOf(constraints.UnitNorm);
    // Keras's function names too.
    expect(constraints.get('max_norm')).toBeInstanceOf(constraints.MaxNorm);
    expect(constraints.get('non_neg')).toBeInstanceOf(constraints.NonNeg);
    expect(constraints.get('unit_norm')).toBeInstanceOf(constraints.UnitNorm);
    expectMatrix(applied(constraints.get((w: tf.Tensor) => tf.neg(w))), [
      [-3, 0],
      [-4, -1],
    ]);
    expect(new constraints.MaxNorm(3, { axis: 1 }).getConfig()).toEqual({ m: 3, axis: 1 });
  });
});

describe('constraint errors', () => {
  it('bad arguments and aliases', () => {
    expect(() => new constraints.MaxNorm(0)).toThrow(KeraflowError);
    expect(() => new constraints.MaxNorm(0)).toThrow("MaxNorm: argument 'm' must be a number > 0, but got 0");
    expect(() => new constraints.UnitNorm({ axis: -1 })).toThrow("UnitNorm: argument 'axis' must be an integer ≥ 0, but got -1");
    expect(() => new constraints.MaxNorm(2, { axes: 1 } as never)).toThrow("MaxNorm has no argument 'axes'; did you mean 'axis'?");
    expect(() => constraints.get('max_nrom', { layer: 'd', argument: 'constraints' })).toThrow("d: unknown constraint \"max_nrom\" for argument 'constraints'; did you mean 'max_norm'?");
  });
});

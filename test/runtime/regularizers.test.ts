import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KeraflowError, regularizers } from '../../runtime/index.ts';

const weight = [
  [1, -2],
  [3, -4],
]; // Σ|w| = 10, Σw² = 30
const penalty = (regularizer: regularizers.Regularizer) => tf.tidy(() => regularizer.penalty(tf.tensor(weight)).dataSync()[0]);

describe('regularizer penalties by hand', () => {
  it('L1: l1 · Σ|w|', () => {
    expect(penalty(new regularizers.L1(0.5))).toBeCloseTo(5, 6);
    expect(penalty(new regularizers.L1())).toBeCloseTo(0.1, 6);
  });

  it('L2: l2 · Σw²', () => {
    expect(penalty(new regularizers.L2(0.1))).toBeCloseTo(3, 6);
    expect(penalty(new regularizers.L2())).toBeCloseTo(0.3, 6);
  });

  it('L1L2: both', () => {
    expect(penalty(new regularizers.L1L2(0.5, 0.1))).toBeCloseTo(8, 5);
    expect(penalty(new regularizers.L1L2())).toBeCloseTo(0.4, 6);
    expect(penalty(new regularizers.L1L2(0))).toBeCloseTo(0.3, 6);
  });

  it('aliases make instances with the defaults; functions and instances pass', () => {
    expect(regularizers.get('l1')).toBeInstanceOf(regularizers.L1);
    expect(regularizers.get('L2')).toBeInstanceOf(regularizers.L2);
    expect(penalty(regularizers.get('l1l2'))).toBeCloseTo(0.4, 6);
    expect(penalty(regularizers.get((w: tf.Tensor) => tf.max(w) as tf.Scalar))).toBe(3);
    const instance = new regularizers.L2(3);
    expect(regularizers.get(instance)).toBe(instance);
  });

  it('configs for saving', () => {
    expect(new regularizers.L1L2(0.2, 0.3).getConfig()).toEqual({ l1: 0.2, l2: 0.3 });
    expect(new regularizers.L1().getConfig()).toEqual({ l1: 0.01 });
  });
});

describe('regularizer errors', () => {
  it("Keras's names: l1_l2 is L1L2", () => {
    const penalty = regularizers.get('l1_l2');
    expect(penalty).toBeInstanceOf(regularizers.L1L2);
    expect((penalty as regularizers.L1L2).getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
  });

  it('negative weights and unknown aliases', () => {
    expect(() => new regularizers.L1(-1)).toThrow(KeraflowError);
    expect(() => new regularizers.L1(-1)).toThrow("L1: argument 'l1' must be a number ≥ 0, but got -1");
    expect(() => regularizers.get('l4', { layer: 'd', argument: 'regularizers' })).toThrow(/d: unknown regularizer "l4" for argument 'regularizers'/);
    expect(() => regularizers.get(7 as never, { layer: 'd' })).toThrow(/d: regularizer 7 is not an alias \(L1, l1, L2, l2, L1L2, l1l2, l1_l2\), a function or an object with a penalty method/);
  });
});

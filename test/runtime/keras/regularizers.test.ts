/**
 * The Keras dialect's regularizers (runtime/keras/regularizers.ts): Keras's
 * L1L2() is no penalty (Keraflow's alias keeps 0.01 each); L1 and L2 are
 * Keraflow's own, whose defaults are Keras's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { regularizers as keraflowRegularizers } from '../../../runtime/index.ts';
import { kerasRegularizer } from '../../../runtime/engine/keras.ts';
import { regularizers } from '../../../runtime/keras/index.ts';

const fail = (why: string): never => {
  throw new Error(why);
};

describe("the Keras dialect's regularizers", () => {
  const weight = tf.tensor1d([1, -2, 3]);

  it("L1L2() is no penalty, as Keras's; given values penalize as Keraflow's (l1 · Σ|w| + l2 · Σw²)", () => {
    expect(new regularizers.L1L2().penalty(weight).dataSync()[0]).toBe(0);
    expect(new keraflowRegularizers.L1L2().penalty(weight).dataSync()[0]).toBeCloseTo(0.01 * 6 + 0.01 * 14, 6);
    expect(new regularizers.L1L2(undefined, 0.5).penalty(weight).dataSync()[0]).toBeCloseTo(0.5 * 14, 5);
    expect(regularizers.L1L2.spec.args.map((arg) => [arg.name, arg.default])).toEqual([
      ['l1', 0],
      ['l2', 0],
    ]);
    expect(kerasRegularizer(new regularizers.L1L2(undefined, 0.01), fail)).toEqual({ class_name: 'L1L2', config: { l1: 0, l2: 0.01 } });
  });

  it("L1 and L2 are Keraflow's (Keras's defaults, 0.01); Keras's function names are aliases", () => {
    expect(regularizers.L1).toBe(keraflowRegularizers.L1);
    expect(regularizers.L2).toBe(keraflowRegularizers.L2);
    expect(regularizers.registry.get('l1_l2')).toBe(regularizers.L1L2);
    expect(new regularizers.L2().penalty(weight).dataSync()[0]).toBeCloseTo(0.01 * 14, 6);
  });
});

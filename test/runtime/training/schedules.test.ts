/** Optimizers with Keras 3's `learningRate`: a number or a schedule followed update by update, saved and read back. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Adam, KeraflowError, SGD, schedules } from '../../../runtime/index.ts';

/** `updates` steps of gradient 1 on a variable starting at 1: 1 - Σ rates. */
function descend(optimizer: SGD, updates: number): number {
  const variable = tf.variable(tf.scalar(1));
  optimizer.prepare([variable]);
  for (let step = 0; step < updates; step++) optimizer.applyGradients([variable], [tf.scalar(1)]);
  const value = variable.dataSync()[0];
  variable.dispose();
  return value;
}

describe('learning rates and schedules', () => {
  it('takes learningRate as lr, and follows a schedule at the updates done so far', () => {
    expect(descend(new SGD({ learningRate: 0.25 }), 2)).toBeCloseTo(0.5, 6);
    // Steps 0 and 1 at 0.1 (up to the boundary 1, inclusive), then 0.01.
    const piecewise = new SGD({ learningRate: new schedules.PiecewiseConstantDecay([1], [0.1, 0.01]) });
    expect(piecewise.lr).toBe(0.1);
    expect(descend(piecewise, 4)).toBeCloseTo(1 - 0.1 - 0.1 - 0.01 - 0.01, 6);
    expect(piecewise.lr).toBe(0.01);
    // 0.2 · 0.5^(t / 2): 0.2, 0.1414, 0.1.
    expect(descend(new SGD({ learningRate: new schedules.ExponentialDecay(0.2, 2, 0.5) }), 3)).toBeCloseTo(1 - 0.2 - 0.2 * Math.SQRT1_2 - 0.1, 6);
  });

  it('writes a schedule into the config as Keras does, and makes the same optimizer from it', () => {
    const adam = new Adam({ learningRate: new schedules.CosineDecay(0.01, 100, { alpha: 0.1 }), beta1: 0.8 });
    const config = adam.getConfig();
    expect(config).toEqual({ beta1: 0.8, learningRate: { class_name: 'CosineDecay', config: { initial_learning_rate: 0.01, decay_steps: 100, alpha: 0.1 } } });
    const again = new Adam(JSON.parse(JSON.stringify(config)));
    again.iterations = 50;
    expect(again.lr).toBeCloseTo(0.01 * (0.9 * 0.5 + 0.1), 9);
    expect(new SGD({ learningRate: 0.3 }).getConfig()).toEqual({ learningRate: 0.3 });
  });

  it('refuses lr and learningRate together, a bad schedule, and setting the rate of a scheduled optimizer', () => {
    expect(() => new SGD({ lr: 0.1, learningRate: 0.2 })).toThrow('SGD: give the learning rate once, as lr or as learningRate, not both');
    expect(() => new SGD({ learningRate: 'fast' as never })).toThrow(KeraflowError);
    expect(() => new schedules.PiecewiseConstantDecay([10, 5], [1, 2, 3])).toThrow(/increasing boundaries/);
    expect(() => new schedules.PiecewiseConstantDecay([10], [1, 2, 3])).toThrow(/1 boundaries and 3 values/);
    const scheduled = new SGD({ learningRate: new schedules.ExponentialDecay(0.1, 10, 0.9) });
    expect(() => {
      scheduled.lr = 0.5;
    }).toThrow('SGD: the learning rate follows a ExponentialDecay schedule and cannot be set');
  });
});

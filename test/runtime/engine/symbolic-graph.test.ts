import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Concatenate, Dense, Input, KeraflowError } from '../../../runtime/index.ts';
import { symbol } from '../layers/harness.ts';

describe('a symbolic graph', () => {
  it('declares parameters and creates no tensor', () => {
    const before = tf.memory().numTensors;
    const dense = new Dense(3);
    const output = dense.apply(new Input([symbol('T'), 5], { symbolicGraph: true }));
    expect(output.shape).toEqual([null, symbol('T'), 3]);
    expect(output.symbolicGraph).toBe(true);
    expect(dense.paramDeclarations().map((p) => [p.name, p.shape])).toEqual([
      ['W', [5, 3]],
      ['b', [3]],
    ]);
    expect(dense.weights).toEqual({});
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a layer applied to inputs from a symbolic and a real graph', () => {
    const apply = () => new Concatenate().apply([new Input([3], { symbolicGraph: true }), new Input([3])]);
    expect(apply).toThrow(KeraflowError);
    expect(apply).toThrow(/concatenate_\d+ \(Concatenate\) takes inputs from one graph, but some come from a symbolic graph/);
  });

  it('is chosen by a boolean', () => {
    expect(() => new Input([3], { symbolicGraph: 'yes' as never })).toThrow(/symbolicGraph must be true or false, but got "yes"/);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Highway, Input, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, expectClose, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const matrixTimes = (row: number[], matrix: number[][]) => matrix[0].map((_, j) => row.reduce((sum, v, i) => sum + v * matrix[i][j], 0));

/** Keras 1's Highway by hand, one row at a time: act(xW + b) t + x (1 - t), t = sigmoid(x W_carry + b_carry). */
function highwayByHand(x: number[][], W: number[][], Wc: number[][], b: number[], bc: number[], act: (v: number) => number): number[][] {
  return x.map((row) => {
    const h = matrixTimes(row, W).map((v, j) => act(v + b[j]));
    const t = matrixTimes(row, Wc).map((v, j) => sigmoid(v + bc[j]));
    return row.map((v, j) => h[j] * t[j] + v * (1 - t[j]));
  });
}

describeOnBackends('Highway', () => {
  it('computes act(xW + b)·t + x·(1 - t) with t = sigmoid(x W_carry + b_carry)', () => {
    const result = checkLayer({
      make: () => new Highway({ activation: 'tanh', transformBias: -1 }),
      input: [4],
      symbolic: { input: [4], bindings: {} },
    });
    const { W, W_carry, b, b_carry } = result.layer.variables;
    tf.tidy(() => {
      b.assign(tf.randomNormal([4]));
      b_carry.assign(tf.randomNormal([4]));
    });
    const y = result.model.predict(result.x[0]) as tf.Tensor;
    const expected = tf.tensor(
      highwayByHand(result.x[0].arraySync() as number[][], W.arraySync() as number[][], W_carry.arraySync() as number[][], b.arraySync() as number[], b_carry.arraySync() as number[], Math.tanh),
    );
    expectClose(y, expected);
    tf.dispose([y, expected]);
  });

  it('acts on the last axis of a sequence, without biases', () => {
    const result = checkLayer({
      make: () => new Highway({ bias: false }),
      input: [2, 3],
      symbolic: { input: [symbol('T'), 3], bindings: { T: 2 } },
    });
    expect(Object.keys(result.layer.weights)).toEqual(['W', 'W_carry']);
    const { W, W_carry } = result.layer.weights;
    const flat = tf.reshape(result.x[0], [6, 3]);
    const rows = flat.arraySync() as number[][];
    flat.dispose();
    const expected = tf.tensor(highwayByHand(rows, W.arraySync() as number[][], W_carry.arraySync() as number[][], [0, 0, 0], [0, 0, 0], (v) => v));
    const actual = tf.reshape(result.y, [6, 3]);
    expectClose(actual, expected);
    tf.dispose([expected, actual]);
  });
});

describe('Highway parameters and shapes', () => {
  it('has W, W_carry, b, b_carry in order; b is zero and b_carry is transformBias', () => {
    const layer = new Highway();
    layer.apply(new Input([3]));
    expect(Object.entries(layer.weights).map(([name, v]) => [name, v.shape])).toEqual([
      ['W', [3, 3]],
      ['W_carry', [3, 3]],
      ['b', [3]],
      ['b_carry', [3]],
    ]);
    expect(layer.weights.b.arraySync()).toEqual([0, 0, 0]);
    expect(layer.weights.b_carry.arraySync()).toEqual([-2, -2, -2]);
  });

  it('takes initial weights by parameter name', () => {
    const layer = new Highway({
      initialWeights: {
        W_carry: [
          [1, 0],
          [0, 1],
        ],
        b_carry: [5, 5],
      },
    });
    layer.apply(new Input([2]));
    expect(layer.weights.W_carry.arraySync()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(layer.weights.b_carry.arraySync()).toEqual([5, 5]);
  });

  it('needs a concrete last dimension', () => {
    expect(() => new Highway().apply(new Input([symbol('D')], { symbolicGraph: true }))).toThrow(ShapeError);
    expect(() => new Highway({ name: 'hw' }).apply(new Input([symbol('D')], { symbolicGraph: true }))).toThrow('hw (Highway) needs a concrete last dimension, found D, but got [batch, D]');
  });
});

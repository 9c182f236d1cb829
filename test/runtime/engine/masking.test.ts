import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, ElementWiseSum, Flatten, Input, KeraflowError, Layer, LSTM, Model, Sequential, type CallContext } from '../../../runtime/index.ts';

/** A layer that records the mask its call receives. */
class MaskSpy extends Layer {
  seen: (number[] | undefined)[] = [];
  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    this.seen.push(context.mask ? (Array.from(context.mask.dataSync()) as number[]) : undefined);
    return x;
  }
}

/** The masks of a model's outputs on `x`, as nested arrays of booleans (undefined: none). */
function outputMasks(model: Model, x: tf.Tensor[]): (boolean[][] | undefined)[] {
  return tf.tidy(() => model.executeWithMasks(x, { training: false }).masks.map((m) => (m ? (m.arraySync() as number[][]).map((row) => row.map(Boolean)) : undefined)));
}

describe('masks', () => {
  const data = () =>
    tf.tensor3d([
      [
        [1, 2],
        [0, 0],
        [0, 3],
      ],
      [
        [0, 0],
        [0, 0],
        [5, 5],
      ],
    ]);

  it('start at an Input with a maskValue: a step is masked when every feature equals it', () => {
    const x = new Input([3, 2], { maskValue: 0 });
    const values = data();
    expect(outputMasks(new Model(x, x.output), [values])).toEqual([
      [
        [true, false, true],
        [false, false, true],
      ],
    ]);
    const plain = new Input([3, 2]);
    expect(outputMasks(new Model(plain, plain.output), [values])).toEqual([undefined]);
    values.dispose();
  });

  it('on integer input, a step is masked when its index equals the maskValue', () => {
    const x = new Input([4], { dtype: 'int32', maskValue: 0 });
    const values = tf.tensor2d([[3, 0, 1, 0]], undefined, 'int32');
    expect(outputMasks(new Model(x, x.output), [values])).toEqual([[[true, false, true, false]]]);
    values.dispose();
  });

  it('a float maskValue on an integer input is an error naming the input', () => {
    expect(() => new Input([4], { dtype: 'int32', maskValue: 0.5, name: 'tokens' })).toThrow(KeraflowError);
    expect(() => new Input([4], { dtype: 'int32', maskValue: 0.5, name: 'tokens' })).toThrow(/tokens: maskValue 0.5 is not an integer, but the input holds int32/);
  });

  it('go through layers that keep the time axis, and stop at those that do not', () => {
    const x = new Input([3, 2], { maskValue: 0 });
    const dense = new Dense(4).apply(x);
    const flat = new Flatten().apply(dense);
    const sequences = new LSTM(2, { returnSequences: true }).apply(dense);
    const last = new LSTM(2).apply(dense);
    const values = data();
    const masks = outputMasks(new Model(x, [dense, flat, sequences, last]), [values]);
    expect(masks[0]).toEqual([
      [true, false, true],
      [false, false, true],
    ]);
    expect(masks.slice(1)).toEqual([undefined, masks[0], undefined]);
    values.dispose();
  });

  it("reach a layer's call in its context, through a Sequential layer too", () => {
    const spy = new MaskSpy();
    const x = new Input([3, 2], { maskValue: 0 });
    const model = new Model(x, new Sequential([new Dense(3), spy]).apply(x));
    const values = data();
    const before = tf.memory().numTensors;
    tf.dispose(model.predict(values));
    expect(tf.memory().numTensors).toBe(before);
    expect(spy.seen).toEqual([[1, 0, 1, 0, 0, 1]]);
    expect(outputMasks(model, [values])[0]).toEqual([
      [true, false, true],
      [false, false, true],
    ]);
    values.dispose();
  });

  it('of several inputs combine with AND; an input without a mask adds no constraint', () => {
    const a = new Input([3, 2], { maskValue: 0 });
    const b = new Input([3, 2], { maskValue: 5 });
    const c = new Input([3, 2]);
    const both = new ElementWiseSum().apply([a, b]);
    const one = new ElementWiseSum().apply([a, c]);
    const values = data();
    expect(outputMasks(new Model([a, b, c], [both, one]), [values, values, values])).toEqual([
      [
        [true, false, true],
        [false, false, false],
      ],
      [
        [true, false, true],
        [false, false, true],
      ],
    ]);
    values.dispose();
  });

  it('a layer can make its own mask rule', () => {
    class KeepFirstStep extends Layer {
      call(x: tf.Tensor): tf.Tensor {
        return x;
      }
      override computeMask(inputs: readonly tf.Tensor[]): tf.Tensor {
        const [batch, time] = inputs[0].shape;
        return tf.concat([tf.ones([batch, 1], 'bool'), tf.zeros([batch, time - 1], 'bool')], 1);
      }
    }
    const x = new Input([3, 2]);
    const values = data();
    expect(outputMasks(new Model(x, new KeepFirstStep().apply(x)), [values])).toEqual([
      [
        [true, false, false],
        [true, false, false],
      ],
    ]);
    values.dispose();
  });
});

describe('data checks before computing', () => {
  it('every layer fed straight from an Input checks the whole data once, before any layer runs', () => {
    const calls: string[] = [];
    class Positive extends Layer {
      override checkInputValues(x: tf.Tensor): void {
        calls.push('check');
        if (tf.tidy(() => tf.min(x).dataSync()[0]) < 0) throw new KeraflowError(`${this.name}: needs positive values`, { layer: this.name });
      }
      call(x: tf.Tensor): tf.Tensor {
        calls.push('call');
        return x;
      }
    }
    const x = new Input([2]);
    const model = new Model(x, new Positive([], { name: 'positive' }).apply(x));
    tf.dispose(
      model.predict(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        { batchSize: 1 },
      ),
    );
    expect(calls).toEqual(['check', 'call', 'call', 'call']);
    calls.length = 0;
    expect(() =>
      model.predict([
        [1, 2],
        [3, -4],
      ]),
    ).toThrow(/positive: needs positive values/);
    expect(calls).toEqual(['check']);
  });
});

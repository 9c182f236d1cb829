import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { Embedding, GRU, Input, LSTM, Model, Sequential, SimpleRNN } from '../../../../runtime/index.ts';
import { expectClose } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** Sequences of different lengths, and the batch of them padded with zeros at the end (or the start). */
function sequences(lengths: number[], features: number, total: number, padAtStart = false) {
  const unpadded = lengths.map((length) => tf.tidy(() => tf.add(tf.randomUniform([1, length, features]), 0.1)));
  const padded = tf.tidy(() =>
    tf.concat(
      unpadded.map((s) => {
        const padding: [number, number] = padAtStart ? [total - s.shape[1]!, 0] : [0, total - s.shape[1]!];
        return tf.pad(s, [[0, 0], padding, [0, 0]]);
      }),
    ),
  );
  return { unpadded, padded };
}

describeOnBackends('recurrent layers on masked (padded) sequences', () => {
  for (const [name, make] of [
    ['LSTM', () => new LSTM(4)],
    ['GRU', () => new GRU(4)],
    ['SimpleRNN', () => new SimpleRNN(4)],
  ] as const) {
    it(`${name} on a padded batch equals ${name} on each unpadded sequence`, () => {
      const layer = make();
      const x = new Input([6, 3], { maskValue: 0 });
      const model = new Model(x, layer.apply(x));
      const { unpadded, padded } = sequences([6, 4, 1], 3, 6);
      const y = model.predict(padded) as tf.Tensor;
      unpadded.forEach((sequence, i) => {
        const alone = new Input([sequence.shape[1]!, 3]);
        const expected = new Model(alone, layer.apply(alone)).predict(sequence) as tf.Tensor;
        const row = tf.slice(y, [i, 0], [1, 4]);
        expectClose(row, expected, 1e-5);
        tf.dispose([row, expected]);
      });
      tf.dispose([y, padded, ...unpadded]);
    });
  }

  it('padding at the start, and going backwards, give the unpadded result too', () => {
    for (const [goBackwards, padAtStart] of [
      [false, true],
      [true, false],
      [true, true],
    ]) {
      const layer = new LSTM(3, { goBackwards });
      const x = new Input([5, 2], { maskValue: 0 });
      const model = new Model(x, layer.apply(x));
      const { unpadded, padded } = sequences([2, 5], 2, 5, padAtStart);
      const y = model.predict(padded) as tf.Tensor;
      unpadded.forEach((sequence, i) => {
        const alone = new Input([sequence.shape[1]!, 2]);
        const expected = new Model(alone, layer.apply(alone)).predict(sequence) as tf.Tensor;
        const row = tf.slice(y, [i, 0], [1, 3]);
        expectClose(row, expected, 1e-5);
        tf.dispose([row, expected]);
      });
      tf.dispose([y, padded, ...unpadded]);
    }
  });

  it('with returnSequences, a masked step repeats the last kept output, and the mask goes on to the next layer', () => {
    const first = new LSTM(3, { returnSequences: true });
    const second = new LSTM(2);
    const x = new Input([5, 2], { maskValue: 0 });
    const middle = first.apply(x);
    const model = new Model(x, [middle, second.apply(middle)]);
    const { unpadded, padded } = sequences([3], 2, 5);
    const [sequence, last] = model.predict(padded) as tf.Tensor[];
    const values = sequence.arraySync() as number[][][];
    expect(values[0][3]).toEqual(values[0][2]);
    expect(values[0][4]).toEqual(values[0][2]);
    // The second LSTM skips the padded steps: it equals the stack on the unpadded sequence.
    const alone = new Input([3, 2]);
    const expected = new Model(alone, second.apply(first.apply(alone))).predict(unpadded[0]) as tf.Tensor;
    expectClose(last, expected, 1e-5);
    tf.dispose([sequence, last, expected, padded, ...unpadded]);
  });

  it('an Embedding fed integer indices with a padding index masks the steps where the index is it', () => {
    const embedding = new Embedding(10, 4);
    const lstm = new LSTM(3);
    const x = new Input([6], { dtype: 'int32', maskValue: 0 });
    const model = new Model(x, lstm.apply(embedding.apply(x)));
    const y = model.predict([
      [5, 2, 7, 0, 0, 0],
      [1, 1, 1, 1, 1, 9],
    ]) as tf.Tensor;
    const short = new Input([3], { dtype: 'int32' });
    const expected = new Model(short, lstm.apply(embedding.apply(short))).predict([[5, 2, 7]]) as tf.Tensor;
    const row = tf.slice(y, [0, 0], [1, 3]);
    expectClose(row, expected, 1e-5);
    tf.dispose([y, expected, row]);
  });

  it('an Input-headed Sequential with a maskValue skips the padded steps', () => {
    const lstm = new LSTM(3);
    const model = new Sequential([new Input([4, 2], { maskValue: 0 }), lstm]);
    const { unpadded, padded } = sequences([3], 2, 4);
    const y = model.predict(padded);
    const alone = new Input([3, 2]);
    const expected = new Model(alone, lstm.apply(alone)).predict(unpadded[0]) as tf.Tensor;
    expectClose(y, expected, 1e-5);
    tf.dispose([y, expected, padded, ...unpadded]);
  });

  it('a masked step inside a Sequential layer is skipped as in a graph', () => {
    const stack = new Sequential([new LSTM(3, { returnSequences: true }), new LSTM(2)]);
    const x = new Input([4, 2], { maskValue: 0 });
    const model = new Model(x, stack.apply(x));
    const { unpadded, padded } = sequences([2], 2, 4);
    const y = model.predict(padded) as tf.Tensor;
    const alone = new Input([2, 2]);
    const expected = new Model(alone, stack.apply(alone)).predict(unpadded[0]) as tf.Tensor;
    expectClose(y, expected, 1e-5);
    tf.dispose([y, expected, padded, ...unpadded]);
  });
});

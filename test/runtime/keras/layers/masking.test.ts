/**
 * Keras 3's Masking and Embedding's mask_zero: on a padded batch, the
 * recurrent layer after them gives for each sequence what it gives on the
 * sequence alone (the same layer, so the same weights); Masking's own
 * output as Keras's; and the Keras import keeps a Masking that an Input's
 * maskValue cannot stand for.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Embedding, Input, LSTM, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';
import { kerasArchive } from '../../../../runtime/saving/keras-archive.ts';
import { modelFromKerasArchive } from '../../../../runtime/saving/keras-import.ts';
import { expectClose } from '../../layers/harness.ts';

/** Sequences of the given lengths ([1, length, features], values in [0.1, 1.1)), and the batch of them padded with `value` at the end or the start. */
function sequences(lengths: number[], features: number, total: number, value: number, padAtStart: boolean) {
  const unpadded = lengths.map((length) => tf.tidy(() => tf.add(tf.randomUniform([1, length, features]), 0.1)));
  const padded = tf.tidy(() =>
    tf.concat(
      unpadded.map((s) => {
        const padding: [number, number] = padAtStart ? [total - s.shape[1]!, 0] : [0, total - s.shape[1]!];
        return tf.pad(s, [[0, 0], padding, [0, 0]], value);
      }),
    ),
  );
  return { unpadded, padded };
}

/** Each row of `y` equals `layer` applied to that sequence alone. */
function expectEachAlone(y: tf.Tensor, unpadded: tf.Tensor[], alone: (sequence: tf.Tensor) => tf.Tensor): void {
  unpadded.forEach((sequence, i) => {
    const expected = alone(sequence);
    const row = tf.slice(y, [i, 0], [1, y.shape[1]!]);
    expectClose(row, expected, 1e-5);
    tf.dispose([row, expected]);
  });
}

describe('Keras Masking', () => {
  it.each([[false], [true]])('before an LSTM: the padded batch gives each sequence its unpadded result (padding at the start: %s)', (padAtStart) => {
    const lstm = new layers.LSTM(4);
    const x = new Input([6, 3]);
    const model = new Model(x, lstm.apply(new layers.Masking({ maskValue: -1 }).apply(x)));
    const { unpadded, padded } = sequences([6, 4, 1], 3, 6, -1, padAtStart);
    const y = model.predict(padded) as tf.Tensor;
    expectEachAlone(y, unpadded, (sequence) => {
      const alone = new Input([sequence.shape[1]!, 3]);
      return new Model(alone, lstm.apply(alone)).predict(sequence) as tf.Tensor;
    });
    tf.dispose([y, padded, ...unpadded]);
  });

  it('sets every vector (last axis) that is all mask_value to 0, as Keras, and keeps the others', () => {
    const x = new Input([3, 2]);
    const model = new Model(x, new layers.Masking({ maskValue: 2 }).apply(x));
    const y = (
      model.predict(
        tf.tensor([
          [
            [2, 2],
            [2, 5],
            [1, 2],
          ],
        ]),
      ) as tf.Tensor
    ).arraySync();
    expect(y).toEqual([
      [
        [0, 0],
        [2, 5],
        [1, 2],
      ],
    ]);
  });

  it('after a trainable layer, trains: the mask has no gradient, the values have', async () => {
    const x = new Input([4, 3]);
    const dense = new layers.Dense(3, { activation: 'relu' });
    const model = new Model(x, new layers.LSTM(2).apply(new layers.Masking().apply(dense.apply(x))));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const before = Object.values(dense.weights).map((weight) => Array.from(weight.dataSync()));
    const history = await model.fit(tf.randomNormal([8, 4, 3]), tf.ones([8, 2]), { epochs: 1, verbose: 0 });
    expect(Number.isFinite(history.history.loss[0])).toBe(true);
    const after = Object.values(dense.weights).map((weight) => Array.from(weight.dataSync()));
    expect(after).not.toEqual(before);
  });

  it('masks time steps: an input without a time axis is an error', () => {
    expect(() => new layers.Masking().apply(new Input([4]))).toThrow(
      /masking_\d+ \(Masking\) masks time steps: it takes inputs \[batch, time, features\.\.\.\] \(rank 3 or more\), but got \[batch, 4\]/,
    );
  });

  it('not right after an Input, comes back from the Keras import as a Masking layer, and predicts the same', async () => {
    const x = new Input([5, 2], { name: 'steps' });
    const scaled = new layers.Rescaling(2, { offset: -1 }).apply(x);
    const model = new Model(x, new layers.LSTM(3).apply(new layers.Masking({ maskValue: -1 }).apply(scaled)));
    const imported = await modelFromKerasArchive(await kerasArchive(model), 'masked.keras');
    expect(imported.layers.map((layer) => layer.className)).toEqual(['Input', 'Rescaling', 'Masking', 'LSTM']);
    // Steps of zeros become -1 after Rescaling: masked.
    const { padded, unpadded } = sequences([5, 2], 2, 5, 0, false);
    const [expected, actual] = [model, imported].map((m) => m.predict(padded) as tf.Tensor);
    expectClose(actual, expected, 1e-6);
    tf.dispose([expected, actual, padded, ...unpadded]);
  });
});

describe('Embedding mask_zero', () => {
  const tokens = [
    [3, 1, 4, 0, 0, 0],
    [2, 7, 1, 8, 2, 0],
    [5, 0, 0, 0, 0, 0],
  ];
  const lengths = [3, 5, 1];

  it.each([
    ['Keras Embedding(mask_zero=true)', () => new layers.Embedding(10, 4, { maskZero: true }), () => new layers.LSTM(3)],
    ["Keraflow's Embedding(maskZero)", () => new Embedding(10, 4, { maskZero: true }), () => new LSTM(3)],
  ])('%s: an LSTM after it gives each padded sequence its unpadded result', (_, makeEmbedding, makeLstm) => {
    const embedding = makeEmbedding();
    const lstm = makeLstm();
    const x = new Input([6], { dtype: 'int32' });
    const model = new Model(x, lstm.apply(embedding.apply(x)));
    const y = model.predict(tf.tensor(tokens, undefined, 'int32')) as tf.Tensor;
    const unpadded = tokens.map((row, i) => tf.tensor([row.slice(0, lengths[i])], undefined, 'int32'));
    expectEachAlone(y, unpadded, (sequence) => {
      const alone = new Input([sequence.shape[1]!], { dtype: 'int32' });
      return new Model(alone, lstm.apply(embedding.apply(alone))).predict(sequence) as tf.Tensor;
    });
    tf.dispose([y, ...unpadded]);
  });

  it('without mask_zero, the padding counts: the LSTM result differs', () => {
    const embedding = new layers.Embedding(10, 4);
    const lstm = new layers.LSTM(3);
    const x = new Input([6], { dtype: 'int32' });
    const padded = new Model(x, lstm.apply(embedding.apply(x))).predict(tf.tensor([tokens[0]], undefined, 'int32')) as tf.Tensor;
    const alone = new Input([3], { dtype: 'int32' });
    const unpadded = new Model(alone, lstm.apply(embedding.apply(alone))).predict(tf.tensor([tokens[0].slice(0, 3)], undefined, 'int32')) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(padded, unpadded))).dataSync()[0])).toBeGreaterThan(1e-4);
    tf.dispose([padded, unpadded]);
  });

  it("is written to Keras as mask_zero, and read back as the tokens' Input's maskValue 0", async () => {
    const x = new Input([6], { dtype: 'int32', name: 'tokens' });
    const model = new Model(x, new layers.LSTM(3).apply(new layers.Embedding(10, 4, { maskZero: true, name: 'embed' }).apply(x)));
    const archive = await kerasArchive(model);
    const imported = await modelFromKerasArchive(archive, 'tokens.keras');
    expect((imported.layers[0] as Input).maskValue).toBe(0);
    const input = tf.tensor(tokens, undefined, 'int32');
    const [expected, actual] = [model, imported].map((m) => m.predict(input) as tf.Tensor);
    expectClose(actual, expected, 1e-6);
    tf.dispose([expected, actual, input]);
  });
});

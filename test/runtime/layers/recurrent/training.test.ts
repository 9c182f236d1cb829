import { describe, expect, it } from 'vitest';
import { Dense, Embedding, Input, LSTM, Model } from '../../../../runtime/index.ts';

describe('recurrent layers in fit', () => {
  it('an Embedding and an LSTM on padded token sequences learn (the loss falls)', async () => {
    const tokens = new Input([6], { dtype: 'int32', maskValue: 0 });
    const model = new Model(tokens, new Dense(1, { activation: 'sigmoid' }).apply(new LSTM(8).apply(new Embedding(5, 4).apply(tokens))));
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    // Label: whether the sequence contains token 3; sequences end with padding.
    const rows = Array.from({ length: 64 }, (_, i) => {
      const length = 2 + (i % 4);
      return Array.from({ length: 6 }, (_, t) => (t < length ? 1 + ((i * 7 + t * 3) % 4) : 0));
    });
    const labels = rows.map((row) => [row.includes(3) ? 1 : 0]);
    const history = await model.fit(rows, labels, { epochs: 8, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.at(-1)!).toBeLessThan(losses[0]);
  });
});

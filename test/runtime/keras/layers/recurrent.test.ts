/** Keras 3's recurrent defaults: sigmoid gates, a unit forget bias, GRU's reset_after=True. */
import { describe, expect, it } from 'vitest';
import { Input } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

describe('Keras recurrent layers', () => {
  it("LSTM takes Keras 3's defaults: sigmoid recurrent activation, forget bias 1", () => {
    const lstm = new layers.LSTM(3);
    lstm.apply(new Input([5, 2]));
    expect(lstm.sibling.args).toMatchObject({ innerActivation: 'sigmoid', forgetBiasInit: 'one', outputDim: 3 });
    // Keras's bias: the gates i, f, c, o side by side; only the forget gate's starts at 1.
    expect(Array.from(lstm.weights.bias.dataSync())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it("GRU takes Keras 3's reset_after=True by default: Keras's 3 · units (units + features + 2) parameters", () => {
    const gru = new layers.GRU(4);
    gru.apply(new Input([5, 2]));
    expect(gru.sibling.args).toMatchObject({ innerActivation: 'sigmoid', resetAfter: true });
    expect(Object.values(gru.weights).reduce((total, w) => total + w.size, 0)).toBe(3 * 4 * (4 + 2 + 2));
    const before = new layers.GRU(4, { resetAfter: false });
    before.apply(new Input([5, 2]));
    expect(Object.values(before.weights).reduce((total, w) => total + w.size, 0)).toBe(3 * 4 * (4 + 2 + 1));
  });
});

/** Keras 3's recurrent defaults: sigmoid gates and a unit forget bias; GRU's reset_after=True is refused rather than run as the other GRU. */
import { describe, expect, it } from 'vitest';
import { Input } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

describe('Keras recurrent layers', () => {
  it("LSTM takes Keras 3's defaults: sigmoid recurrent activation, forget bias 1", () => {
    const lstm = new layers.LSTM(3);
    lstm.apply(new Input([5, 2]));
    expect(lstm.sibling.args).toMatchObject({ innerActivation: 'sigmoid', forgetBiasInit: 'one', outputDim: 3 });
    expect(Array.from(lstm.weights.b_f.dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(lstm.weights.b_i.dataSync())).toEqual([0, 0, 0]);
  });

  it('GRU with reset_after=True (the default) says it is not implemented yet and how to write the other', () => {
    expect(() => new layers.GRU(4)).toThrow(/gru_\d+ \(GRU\): reset_after=true, Keras 3's default, is not implemented yet; write reset_after=false/);
    expect(new layers.GRU(4, { resetAfter: false }).sibling.args).toMatchObject({ innerActivation: 'sigmoid' });
  });
});

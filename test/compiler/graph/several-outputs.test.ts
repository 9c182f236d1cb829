/** A picture of a layer with several outputs and tensors by keyword: every output is an arrow from the layer's one box. */
import { describe, expect, it } from 'vitest';
import { check } from '../../../compiler/index.ts';
import { modelPicture } from '../../../compiler/graph/picture.ts';

const text = `model Reverser {
  input source: [T, 4]
  input shifted: [T, 4]
  [encoded, h, c] = source -> LSTM(8, return_state=true)
  output reversed = LSTM(8, return_sequences=true)(shifted, initial_state=[h, c])
}
`;

describe('modelPicture of several outputs', () => {
  it('draws the encoder once, its states as arrows into the decoder beside its input', () => {
    const { models, diagnostics } = check({ fileName: 'reverser.kf', text });
    expect(diagnostics).toEqual([]);
    const picture = modelPicture(models[0]!);
    expect(picture.boxes.filter((box) => box.kind === 'layer').map((box) => box.name)).toEqual(['lstm_1', 'lstm_2']);
    expect(picture.arrows.map((arrow) => `${arrow.tail} -> ${arrow.head} ${arrow.shape}`)).toEqual([
      'input_0 -> layer_0 [batch, T, 4]',
      'input_1 -> layer_1 [batch, T, 4]',
      'layer_0 -> layer_1 [batch, 8]',
      'layer_0 -> layer_1 [batch, 8]',
      'layer_1 -> output_0 [batch, T, 8]',
    ]);
  });
});

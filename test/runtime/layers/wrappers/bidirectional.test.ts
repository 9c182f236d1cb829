import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { Bidirectional, Dense, GRU, Input, KeraflowError, LSTM, Model, type Recurrent } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, expectClose, symbol } from '../harness.ts';
import { joinGates } from '../recurrent/oracle.ts';
import { describeOnBackends } from '../on-backends.ts';

/** Forward then backward, each in tf.layers' layout. */
const bothDirections =
  (gates: string[]) =>
  (weights: Record<string, tf.Tensor>): tf.Tensor[] =>
    ['forward_', 'backward_'].flatMap((prefix) =>
      joinGates(gates)(
        Object.fromEntries(
          Object.entries(weights)
            .filter(([n]) => n.startsWith(prefix))
            .map(([n, w]) => [n.slice(prefix.length), w]),
        ),
      ),
    );

describeOnBackends('Bidirectional', () => {
  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    for (const returnSequences of [false, true]) {
      it(`matches tf.layers.bidirectional around an LSTM (mergeMode ${mergeMode}, returnSequences ${returnSequences}), output and gradients`, () => {
        const result = checkLayer({
          make: () => new Bidirectional(new LSTM(3, { returnSequences }), { mergeMode }),
          input: [4, 2],
          symbolic: { input: [symbol('T'), 2], bindings: { T: 4 } },
        });
        const oracle = tfl.layers.bidirectional({
          layer: tfl.layers.lstm({ units: 3, returnSequences, recurrentInitializer: 'zeros' }) as tfl.RNN,
          mergeMode,
        });
        compareWithOracle(result, oracle, bothDirections(['i', 'f', 'c', 'o']), 1e-4);
        compareGradientsWithOracle(result, oracle, bothDirections(['i', 'f', 'c', 'o']));
      });
    }
  }

  it('matches around a GRU', () => {
    const result = checkLayer({ make: () => new Bidirectional(new GRU(3, { returnSequences: true })), input: [4, 2] });
    const oracle = tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 3, returnSequences: true, recurrentInitializer: 'zeros' }) as tfl.RNN });
    compareWithOracle(result, oracle, bothDirections(['z', 'r', 'h']), 1e-4);
    compareGradientsWithOracle(result, oracle, bothDirections(['z', 'r', 'h']));
  });

  it('names the parameters of each direction', () => {
    const layer = new Bidirectional(new GRU(2));
    layer.apply(new Input([3, 4]));
    expect(Object.keys(layer.weights)).toEqual([
      'forward_W_z',
      'forward_W_r',
      'forward_W_h',
      'forward_U_z',
      'forward_U_r',
      'forward_U_h',
      'forward_b_z',
      'forward_b_r',
      'forward_b_h',
      'backward_W_z',
      'backward_W_r',
      'backward_W_h',
      'backward_U_z',
      'backward_U_r',
      'backward_U_h',
      'backward_b_z',
      'backward_b_r',
      'backward_b_h',
    ]);
    expect(layer.weights.forward_W_z).not.toBe(layer.weights.backward_W_z);
    expect(layer.paramNames()).toEqual(Object.keys(layer.weights));
  });

  it('refuses a layer that is not recurrent, and an input that is not a sequence', () => {
    expect(() => new Bidirectional(new Dense(2) as unknown as Recurrent)).toThrow(KeraflowError);
    expect(() => new Bidirectional(new Dense(2) as unknown as Recurrent)).toThrow(/Bidirectional wraps a recurrent layer \(SimpleRNN, GRU, LSTM\), but got a Dense/);
    expect(() => new Bidirectional(new LSTM(2, { name: 'encoder' })).apply(new Input([4]))).toThrow(/encoder \(LSTM\) takes sequences \[batch, time, features\] \(rank 3\), but got \[batch, 4\]/);
  });

  it('on a padded batch equals the unpadded sequence, in both directions', () => {
    const layer = new Bidirectional(new LSTM(3));
    const x = new Input([5, 2], { maskValue: 0 });
    const model = new Model(x, layer.apply(x));
    const sequence = tf.add(tf.randomUniform([1, 3, 2]), 0.1);
    const padded = tf.pad(sequence, [
      [0, 0],
      [0, 2],
      [0, 0],
    ]);
    const y = model.predict(padded) as tf.Tensor;
    const short = new Input([3, 2]);
    const expected = new Model(short, layer.apply(short)).predict(sequence) as tf.Tensor;
    expectClose(y, expected, 1e-5);
    tf.dispose([sequence, padded, y, expected]);
  });
});

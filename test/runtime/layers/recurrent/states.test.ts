/**
 * returnState and initialState of the recurrent layers, in a Model, against
 * tf.layers (the same weights): an encoder's last states start a decoder.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { Bidirectional, GRU, Input, LSTM, Model, ShapeError, SimpleRNN, type Layer } from '../../../../runtime/index.ts';
import { symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';
import { joinGates, randomBiases } from './oracle.ts';

const kinds = [
  { name: 'LSTM', gates: ['i', 'f', 'c', 'o'], states: 2, make: (units: number, options: object) => new LSTM(units, options), oracle: tfl.layers.lstm },
  { name: 'GRU', gates: ['z', 'r', 'h'], states: 1, make: (units: number, options: object) => new GRU(units, options), oracle: tfl.layers.gru },
  { name: 'SimpleRNN', gates: [''], states: 1, make: (units: number, options: object) => new SimpleRNN(units, options), oracle: tfl.layers.simpleRNN },
] as const;

function close(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const difference = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0];
  expect(difference).toBeLessThan(1e-4);
}

describeOnBackends('recurrent states', () => {
  for (const kind of kinds) {
    it(`${kind.name}: returnState gives the last states, and initialState starts a second layer from them, as tf.layers`, () => {
      const units = 3;
      const encoderWeights = randomBiases(kind.gates, units);
      const decoderWeights = randomBiases(kind.gates, units);
      const gated = kind.name === 'SimpleRNN' ? {} : { innerActivation: 'sigmoid' };
      const encoder = kind.make(units, { returnState: true, returnSequences: true, initialWeights: encoderWeights, ...gated }) as Layer;
      const decoder = kind.make(units, { returnSequences: true, initialWeights: decoderWeights, ...gated }) as Layer;
      const source = new Input([4, 2]);
      const target = new Input([5, 2]);
      const [sequence, ...states] = encoder.apply(source);
      expect(sequence.shape).toEqual([null, 4, units]);
      expect(states.map((state) => state.shape)).toEqual(Array(kind.states).fill([null, units]));
      const decoded = decoder.apply(target, { initialState: states });
      const model = new Model([source, target], [decoded, sequence, ...states]);
      expect(model.summary()).toMatch(new RegExp(`${encoder.name} \\(${kind.name}\\) +\\[batch, 4, 3\\], ${Array(kind.states).fill('\\[batch, 3\\]').join(', ')} `));

      const x = tf.randomNormal([2, 4, 2]);
      const y = tf.randomNormal([2, 5, 2]);
      const ours = model.predict([x, y]) as tf.Tensor[];

      const activation = kind.name === 'SimpleRNN' ? {} : { recurrentActivation: 'sigmoid' as const };
      const oracleEncoder = kind.oracle({ units, returnSequences: true, returnState: true, recurrentInitializer: 'zeros', ...activation } as never);
      const oracleDecoder = kind.oracle({ units, returnSequences: true, recurrentInitializer: 'zeros', ...activation } as never);
      const oracleSource = tfl.input({ shape: [4, 2] });
      const oracleTarget = tfl.input({ shape: [5, 2] });
      const [oracleSequence, ...oracleStates] = oracleEncoder.apply(oracleSource) as tfl.SymbolicTensor[];
      const oracleDecoded = oracleDecoder.apply(oracleTarget, { initialState: oracleStates }) as tfl.SymbolicTensor;
      const oracle = tfl.model({ inputs: [oracleSource, oracleTarget], outputs: [oracleDecoded, oracleSequence, ...oracleStates] });
      oracleEncoder.setWeights(joinGates(kind.gates)(encoder.weights));
      oracleDecoder.setWeights(joinGates(kind.gates)(decoder.weights));
      const expected = oracle.predict([x, y]) as tf.Tensor[];
      expect(ours).toHaveLength(expected.length);
      ours.forEach((tensor, index) => close(tensor, expected[index]));
    });
  }

  it('Bidirectional with returnState gives the forward states, then the backward ones, and takes initialState in that order', () => {
    const layer = new Bidirectional(new LSTM(3, { returnState: true }));
    const input = new Input([4, 2]);
    const outputs = layer.applyAll(input);
    expect(outputs.map((output) => output.shape)).toEqual([
      [null, 6],
      [null, 3],
      [null, 3],
      [null, 3],
      [null, 3],
    ]);
    const again = new Bidirectional(new LSTM(3)).applyAll(input, { initialState: outputs.slice(1) });
    const model = new Model(input, [...outputs, ...again]);
    const x = tf.randomNormal([2, 4, 2]);
    const [merged, forwardH, , backwardH] = model.predict(x) as tf.Tensor[];
    // Without returnSequences the merged output is the forward last h beside the backward last h.
    close(merged, tf.concat([forwardH, backwardH], -1));
  });

  it('refuses initialState of the wrong count or shape, naming the layer', () => {
    const input = new Input([4, 2]);
    const [, h] = new GRU(3, { returnState: true }).apply(input);
    const other = new Input([5]);
    expect(() => new LSTM(3, { name: 'decoder' }).apply(input, { initialState: [h] })).toThrow(ShapeError);
    expect(() => new LSTM(3, { name: 'decoder' }).apply(input, { initialState: [h] })).toThrow(/decoder \(LSTM\) takes 2 initial states \[h, c\], but got \[\[batch, 3\]\]/);
    expect(() => new GRU(3, { name: 'decoder' }).apply(input, { initialState: [other] })).toThrow(/decoder \(GRU\) takes initial states of shape \[batch, 3\], but got \[\[batch, 5\]\]/);
    expect(() => new GRU(3, { name: 'decoder' }).apply(input, { initialState: h })).toThrow(/decoder \(GRU\): initialState must be a list of Kensors, but got a Kensor/);
    expect(() => new GRU(3, { name: 'decoder' }).apply(input, { initalState: [h] })).toThrow(/decoder \(GRU\) takes no call argument initalState; it takes initialState/);
  });

  it('gives symbolic state shapes in the checker mode', () => {
    const outputs = new LSTM(8, { returnState: true, returnSequences: true }).applyAll(new Input([symbol('T'), 4], { symbolicGraph: true }));
    expect(outputs).toHaveLength(3);
    expect(outputs[2].shape).toEqual([null, 8]);
  });
});

import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { Input, LSTM, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, symbol } from '../harness.ts';
import { joinGates, randomBiases } from './oracle.ts';
import { describeOnBackends } from '../on-backends.ts';

const gates = ['i', 'f', 'c', 'o'];

describeOnBackends('LSTM', () => {
  const initialWeights = randomBiases(gates, 4);
  for (const returnSequences of [false, true]) {
    for (const goBackwards of [false, true]) {
      it(`matches tf.layers.lstm (returnSequences ${returnSequences}, goBackwards ${goBackwards}), output and gradients`, () => {
        const result = checkLayer({
          make: () => new LSTM(4, { returnSequences, goBackwards, initialWeights }),
          input: [5, 3],
          symbolic: { input: [symbol('T'), 3], bindings: { T: 5 } },
        });
        const oracle = tfl.layers.lstm({ recurrentInitializer: 'zeros', units: 4, returnSequences, goBackwards, activation: 'tanh', recurrentActivation: 'hardSigmoid' });
        compareWithOracle(result, oracle, joinGates(gates), 1e-4);
        compareGradientsWithOracle(result, oracle, joinGates(gates));
      });
    }
  }

  it('has its parameters in Keraflow order, the forget bias starting at one', () => {
    const layer = new LSTM(2);
    layer.apply(new Input([3, 5]));
    expect(Object.keys(layer.weights)).toEqual(['W_i', 'W_f', 'W_c', 'W_o', 'U_i', 'U_f', 'U_c', 'U_o', 'b_i', 'b_f', 'b_c', 'b_o']);
    expect(layer.weights.W_i.shape).toEqual([5, 2]);
    expect(layer.weights.U_o.shape).toEqual([2, 2]);
    expect(Array.from(layer.weights.b_f.dataSync())).toEqual([1, 1]);
    expect(Array.from(layer.weights.b_i.dataSync())).toEqual([0, 0]);
  });

  it('refuses input that is not a sequence, or whose features are not concrete, naming the shape', () => {
    expect(() => new LSTM(2, { name: 'encoder' }).apply(new Input([5]))).toThrow(ShapeError);
    expect(() => new LSTM(2, { name: 'encoder' }).apply(new Input([5]))).toThrow(/encoder \(LSTM\) takes sequences \[batch, time, features\] \(rank 3\), but got \[batch, 5\]/);
    expect(() => new LSTM(2, { name: 'encoder' }).apply(new Input([symbol('T'), symbol('F')], { symbolicGraph: true }))).toThrow(
      /encoder \(LSTM\) needs a concrete feature \(last\) dimension, found F, but got \[batch, T, F\]/,
    );
  });
});

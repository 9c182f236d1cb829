import * as tfl from '@tensorflow/tfjs-layers';
import { it } from 'vitest';
import { GRU } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, symbol } from '../harness.ts';
import { joinGates, randomBiases } from './oracle.ts';
import { describeOnBackends } from '../on-backends.ts';

const gates = ['z', 'r', 'h'];

describeOnBackends('GRU', () => {
  const initialWeights = randomBiases(gates, 4);
  for (const returnSequences of [false, true]) {
    for (const goBackwards of [false, true]) {
      it(`matches tf.layers.gru (returnSequences ${returnSequences}, goBackwards ${goBackwards}), output and gradients`, () => {
        const result = checkLayer({
          make: () => new GRU(4, { returnSequences, goBackwards, initialWeights }),
          input: [5, 3],
          symbolic: { input: [symbol('T'), 3], bindings: { T: 5 } },
        });
        // Keras 1's GRU is tf.layers' with the reset gate before the product (resetAfter false, its only mode).
        const oracle = tfl.layers.gru({ recurrentInitializer: 'zeros', units: 4, returnSequences, goBackwards, activation: 'tanh', recurrentActivation: 'hardSigmoid' });
        compareWithOracle(result, oracle, joinGates(gates), 1e-4);
        compareGradientsWithOracle(result, oracle, joinGates(gates));
      });
    }
  }

  it('matches with a sigmoid inner activation', () => {
    const result = checkLayer({ make: () => new GRU(3, { innerActivation: 'sigmoid', activation: 'relu', initialWeights: randomBiases(gates, 3) }), input: [4, 2] });
    const oracle = tfl.layers.gru({ recurrentInitializer: 'zeros', units: 3, recurrentActivation: 'sigmoid', activation: 'relu' });
    compareWithOracle(result, oracle, joinGates(gates), 1e-4);
    compareGradientsWithOracle(result, oracle, joinGates(gates));
  });
});

import * as tfl from '@tensorflow/tfjs-layers';
import { it } from 'vitest';
import { SimpleRNN } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, symbol } from '../harness.ts';
import { joinGates, randomBiases } from './oracle.ts';
import { describeOnBackends } from '../on-backends.ts';

describeOnBackends('SimpleRNN', () => {
  const initialWeights = randomBiases([''], 4);
  for (const returnSequences of [false, true]) {
    for (const goBackwards of [false, true]) {
      it(`matches tf.layers.simpleRNN (returnSequences ${returnSequences}, goBackwards ${goBackwards}), output and gradients`, () => {
        const result = checkLayer({
          make: () => new SimpleRNN(4, { returnSequences, goBackwards, initialWeights }),
          input: [5, 3],
          symbolic: { input: [symbol('T'), 3], bindings: { T: 5 } },
        });
        const oracle = tfl.layers.simpleRNN({ recurrentInitializer: 'zeros', units: 4, returnSequences, goBackwards, activation: 'tanh' });
        compareWithOracle(result, oracle, joinGates(['']), 1e-4);
        compareGradientsWithOracle(result, oracle, joinGates(['']));
      });
    }
  }
});

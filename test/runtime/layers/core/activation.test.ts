import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Activation, Input, KeraflowError, Model } from '../../../../runtime/index.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** Keraflow alias -> tf.layers activation identifier. */
const ALIASES = {
  linear: 'linear',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  tanh: 'tanh',
  relu: 'relu',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
} as const;

describeOnBackends('Activation', () => {
  for (const [alias, oracleName] of Object.entries(ALIASES)) {
    it(`${alias} matches tf.layers.activation`, () => {
      const result = checkLayer({
        make: () => new Activation(alias),
        input: [3, 5],
        symbolic: { input: [symbol('T'), 5], bindings: { T: 3 } },
      });
      compareWithOracle(result, tfl.layers.activation({ activation: oracleName }));
    });
  }
});

describe('Activation arguments', () => {
  it('takes a function', () => {
    const input = new Input([2]);
    const model = new Model(input, new Activation((x) => tf.mul(x, 3)).apply(input));
    expect((model.predict([[1, -2]]) as tf.Tensor).arraySync()).toEqual([[3, -6]]);
  });

  it('an unknown alias is a KeraflowError with a suggestion', () => {
    expect(() => new Activation('tanhh')).toThrow(KeraflowError);
    expect(() => new Activation('tanhh')).toThrow(/argument 'activation' must be an activation name or function, but got "tanhh"; did you mean 'tanh'\?/);
  });

  it('the activation is required', () => {
    expect(() => new (Activation as any)()).toThrow(/activation_\d+ needs argument 'activation'/);
  });
});

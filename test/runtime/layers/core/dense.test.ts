import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Dense, ShapeError, Input } from '../../../../runtime/index.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';

describe('Dense', () => {
  it('matches tf.layers.dense on a batch of vectors', () => {
    const result = checkLayer({ make: () => new Dense(4, { activation: 'tanh' }), input: [5], symbolic: { input: [5], bindings: {} } });
    compareWithOracle(result, tfl.layers.dense({ units: 4, activation: 'tanh' }));
  });

  it('acts on the last axis of higher-rank inputs', () => {
    const result = checkLayer({ make: () => new Dense(3, { activation: 'relu' }), input: [2, 6], symbolic: { input: [symbol('T'), 6], bindings: { T: 2 } } });
    compareWithOracle(result, tfl.layers.dense({ units: 3, activation: 'relu' }));
  });

  it('without bias has only W', () => {
    const { layer } = checkLayer({ make: () => new Dense(2, { bias: false }), input: [3] });
    expect(Object.keys(layer.weights)).toEqual(['W']);
  });

  it('refuses a symbolic last dimension, naming it', () => {
    expect(() => new Dense(2).apply(new Input([symbol('T')], { symbolicGraph: true }))).toThrow(/concrete last dimension, found T/);
    expect(() => new Dense(2).apply(new Input([symbol('T')]))).toThrow(ShapeError);
  });
});

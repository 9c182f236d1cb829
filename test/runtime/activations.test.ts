import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activations, KeraflowError } from '../../runtime/index.ts';

const x = [-3, -2.5, -1, 0, 0.5, 2.5, 3, 8];
/** The activation on `x`, as numbers. */
const on = (activation: activations.Activation, input: number[] | number[][] = x) => tf.tidy(() => Array.from(activation(tf.tensor(input)).dataSync()));
const expectValues = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
};

describe('activations by hand', () => {
  it('linear, sigmoid, tanh', () => {
    expectValues(on(activations.get('linear')), x);
    expectValues(
      on(activations.get('sigmoid')),
      x.map((v) => 1 / (1 + Math.exp(-v))),
    );
    expectValues(on(activations.get('tanh')), x.map(Math.tanh));
  });

  it('hard_sigmoid is clip(0.2 x + 0.5, 0, 1)', () => {
    expectValues(on(activations.get('hard_sigmoid')), [0, 0, 0.3, 0.5, 0.6, 1, 1, 1]);
  });

  it('relu, with a slope alpha below zero and a ceiling maxValue', () => {
    expectValues(on(activations.get('relu')), [0, 0, 0, 0, 0.5, 2.5, 3, 8]);
    expectValues(
      on((t) => activations.relu(t, 0.1)),
      [-0.3, -0.25, -0.1, 0, 0.5, 2.5, 3, 8],
    );
    expectValues(
      on((t) => activations.relu(t, 0, 2.5)),
      [0, 0, 0, 0, 0.5, 2.5, 2.5, 2.5],
    );
    expectValues(
      on((t) => activations.relu(t, 0.5, 6)),
      [-1.5, -1.25, -0.5, 0, 0.5, 2.5, 3, 6],
    );
  });

  it('softmax over the last axis', () => {
    const rows = [
      [1, 2, 3],
      [0, 0, Math.log(2)],
    ];
    const total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expectValues(on(activations.get('softmax'), rows), [Math.exp(1) / total, Math.exp(2) / total, Math.exp(3) / total, 0.25, 0.25, 0.5]);
  });

  it('softplus and softsign', () => {
    expectValues(
      on(activations.get('softplus')),
      x.map((v) => Math.log(1 + Math.exp(v))),
    );
    expectValues(
      on(activations.get('softsign')),
      x.map((v) => v / (1 + Math.abs(v))),
    );
  });
});

describe('activations.get', () => {
  it('passes a function through', () => {
    const square = (t: tf.Tensor) => tf.square(t);
    expect(activations.get(square)).toBe(square);
  });

  it('an unknown alias is a KeraflowError with a suggestion, naming the layer and argument', () => {
    expect(() => activations.get('sigmiod', { layer: 'd', argument: 'activation' })).toThrow(KeraflowError);
    expect(() => activations.get('sigmiod', { layer: 'd', argument: 'activation' })).toThrow("d: unknown activation \"sigmiod\" for argument 'activation'; did you mean 'sigmoid'?");
  });

  it('every alias has a doc', () => {
    for (const entry of activations.registry.entries()) expect(entry.doc, entry.name).not.toBe('');
  });
});

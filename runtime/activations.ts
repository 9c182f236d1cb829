import * as tf from '@tensorflow/tfjs-core';
import { AliasRegistry } from './engine/registry.ts';

/** An activation maps a tensor to a tensor of the same shape. */
export type Activation = (x: tf.Tensor) => tf.Tensor;

export const registry = new AliasRegistry<Activation>('activation');

export const linear: Activation = (x) => x;

export const sigmoid: Activation = (x) => tf.sigmoid(x);

/** Keraflow's piecewise-linear sigmoid: clip(0.2 x + 0.5, 0, 1). */
export const hardSigmoid: Activation = (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);

export const tanh: Activation = (x) => tf.tanh(x);

/** max(x, 0), with a slope `alpha` below zero and an optional ceiling `maxValue`. */
export function relu(x: tf.Tensor, alpha = 0, maxValue?: number): tf.Tensor {
  let y = alpha === 0 ? tf.relu(x) : tf.where(tf.greater(x, 0), x, tf.mul(x, alpha));
  if (maxValue !== undefined) y = tf.minimum(y, maxValue);
  return y;
}

/** Softmax over the last axis. */
export const softmax: Activation = (x) => tf.softmax(x, -1);

export const softplus: Activation = (x) => tf.softplus(x);

/** x / (1 + |x|). */
export const softsign: Activation = (x) => tf.div(x, tf.add(tf.abs(x), 1));

registry.register(['linear'], linear, 'Identity: f(x) = x.');
registry.register(['sigmoid'], sigmoid, 'Logistic sigmoid 1 / (1 + e^-x).');
registry.register(['hard_sigmoid'], hardSigmoid, 'Piecewise-linear sigmoid clip(0.2x + 0.5, 0, 1).');
registry.register(['tanh'], tanh, 'Hyperbolic tangent.');
registry.register(['relu'], (x) => relu(x), 'Rectified linear unit max(x, 0).');
registry.register(['softmax'], softmax, 'Softmax over the last axis.');
registry.register(['softplus'], softplus, 'log(1 + e^x).');
registry.register(['softsign'], softsign, 'x / (1 + |x|).');

/** An alias or a function -> the function. */
export function get(activation: string | Activation, context: { layer?: string; argument?: string } = {}): Activation {
  return typeof activation === 'function' ? activation : registry.get(activation, context);
}

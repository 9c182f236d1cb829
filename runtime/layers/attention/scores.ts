import * as tf from '@tensorflow/tfjs-core';
import { dimsDiffer, formatShape, type Shape } from '../../engine/dimension.ts';
import type { CallArgSpec, Layer } from '../../engine/layer.ts';

/**
 * What the attention layers share, as Keras 3 computes it: the call
 * arguments, the masks (a causal one, given ones) that push scores to
 * -1e9 before the softmax, and the dropout of the weights in training.
 */

export const returnAttentionScoresArg = {
  name: 'returnAttentionScores',
  kind: 'bool',
  doc: 'true: the attention weights too, as a second output.',
} as const satisfies CallArgSpec;

export const useCausalMaskArg = {
  name: 'useCausalMask',
  kind: 'bool',
  doc: 'true: each query position attends only to itself and earlier positions (a decoder).',
} as const satisfies CallArgSpec;

/** Keras's stand-in for minus infinity in masked scores. */
const MASKED = 1e9;

/** Softmax over the last axis of `scores` [..., Tq, Tv], where `keep` (1 kept, 0 masked; broadcast to the scores) is given. */
export function maskedSoftmax(scores: tf.Tensor, keep: tf.Tensor | undefined): tf.Tensor {
  return tf.softmax(keep ? tf.sub(scores, tf.mul(tf.sub(1, keep), MASKED)) : scores);
}

/** 1 where query position i may see value position j <= i, else 0: [Tq, Tv]. */
export function causalMask(queryLength: number, valueLength: number): tf.Tensor {
  return tf.linalg.bandPart(tf.ones([queryLength, valueLength]), -1, 0);
}

/** Both masks as one float tensor (their product), or undefined when neither is given. */
export function combineMasks(...masks: (tf.Tensor | undefined)[]): tf.Tensor | undefined {
  const given = masks.filter((mask): mask is tf.Tensor => mask !== undefined).map((mask) => tf.cast(tf.notEqual(mask, 0), 'float32'));
  return given.length === 0 ? undefined : given.reduce((product, mask) => tf.mul(product, mask));
}

/** Drops a fraction `rate` of the weights in training, scaling the rest by 1 / (1 - rate). */
export function dropWeights(weights: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  if (!training || rate === 0) return weights;
  return tf.div(tf.mul(weights, tf.cast(tf.greaterEqual(tf.randomUniform(weights.shape), rate), 'float32')), 1 - rate);
}

/** Throws unless `shapes` (query, value, key) are rank 3 with one batch and the value's and key's time axes equal. */
export function checkSequences(layer: Layer<any>, shapes: readonly Shape[]): void {
  if (shapes.length < 2 || shapes.length > 3) {
    throw layer.shapeError('takes [query, value] or [query, value, key]', shapes, { expected: '2 or 3 sequences', reason: 'list' });
  }
  if (shapes.some((shape) => shape.length !== 3)) {
    throw layer.shapeError('takes sequences [batch, time, features] (rank 3)', shapes, { expected: '[batch, time, features]', reason: 'rank' });
  }
  const [, value, key = value] = shapes;
  if (dimsDiffer(value[1], key[1])) {
    throw layer.shapeError(`needs value and key of one length, but value has ${formatShape(value)} and key ${formatShape(key)}`, shapes, { expected: 'value and key of one length' });
  }
}

/** Throws unless a mask's shape is `expected` (batch first; a dimension may be broadcast from 1). */
export function checkMaskShape(layer: Layer<any>, name: string, mask: Shape, expected: Shape): void {
  const fits = mask.length === expected.length && mask.every((dim, index) => index === 0 || dim === 1 || !dimsDiffer(dim, expected[index]));
  if (!fits) throw layer.shapeError(`takes ${name} of shape ${formatShape(expected)}`, mask, { expected: formatShape(expected) });
}

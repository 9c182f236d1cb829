/**
 * Zeros between neighbours: how dilated kernels (dilation_rate) and
 * transposed convolutions (their strides) become plain stride-1 or strided
 * convolutions that every backend runs and differentiates. tfjs's own
 * dilated convolutions have no gradient, and its transposed ones no
 * dilation nor output_padding; a kernel or input spread with zeros has
 * both, at the price of multiplying by the zeros.
 */
import * as tf from '@tensorflow/tfjs-core';

/** `step - 1` zeros between neighbours along `axis`: [a, b, c] with step 2 -> [a, 0, b, 0, c]. */
export function spreadAxis(x: tf.Tensor, axis: number, step: number): tf.Tensor {
  if (step === 1) return x;
  const shape = x.shape;
  const size = shape[axis];
  const gaps = tf.zeros([...shape.slice(0, axis + 1), step - 1, ...shape.slice(axis + 1)]);
  const joined = tf.concat([tf.expandDims(x, axis + 1), gaps], axis + 1);
  const flat = tf.reshape(joined, [...shape.slice(0, axis), size * step, ...shape.slice(axis + 1)]);
  return tf.slice(
    flat,
    shape.map(() => 0),
    shape.map((dim, i) => (i === axis ? (size - 1) * step + 1 : dim)),
  );
}

/** Spreads the first axes of `x` (a kernel's spatial axes, or with `offset` 1 an input's) by `steps`, one per axis. */
export function spreadAxes(x: tf.Tensor, steps: readonly number[], offset = 0): tf.Tensor {
  return steps.reduce((spread, step, i) => spreadAxis(spread, offset + i, step), x);
}

/** The size a kernel of `size` taps covers with `rate - 1` gaps between taps. */
export function dilatedSize(size: number, rate: number): number {
  return (size - 1) * rate + 1;
}

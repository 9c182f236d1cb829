/**
 * Depthwise convolution of 1 or 2 spatial axes: each input channel convolved
 * with its own `depthMultiplier` kernels, output channel c · depthMultiplier + m
 * (TensorFlow's and Keras's order). A dilated kernel is spread with zeros
 * first (dilation.ts): tfjs's depthwise gradients take no dilation. 1-D runs
 * as 2-D over one row.
 */
import * as tf from '@tensorflow/tfjs-core';
import { spreadAxes } from './dilation.ts';
import type { PadMode } from './spatial.ts';

/** `x` channels last [batch, sizes..., channels], `kernel` [kernel sizes..., channels, depthMultiplier]. */
export function depthwiseConvolve(x: tf.Tensor, kernel: tf.Tensor, strides: readonly number[], padding: PadMode, dilation: readonly number[]): tf.Tensor {
  const spread = spreadAxes(kernel, dilation);
  if (x.rank === 4) return tf.depthwiseConv2d(x as tf.Tensor4D, spread as tf.Tensor4D, strides as [number, number], padding);
  const [batch, steps, channels] = x.shape;
  const row = tf.depthwiseConv2d(tf.reshape(x, [batch, 1, steps, channels]) as tf.Tensor4D, tf.expandDims(spread, 0) as tf.Tensor4D, [1, strides[0]], padding);
  return tf.squeeze(row, [1]);
}

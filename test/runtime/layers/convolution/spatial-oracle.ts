/**
 * Helpers the convolution, pooling and reshaping tests share, on top of the
 * layer harness: a channels-first wrapper for tf.layers layers that only
 * take channels last, input-gradient comparisons, and the test cases' grid.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import type { Dim, Layer } from '../../../../runtime/index.ts';
import type { checkLayer } from '../harness.ts';
import { expectClose } from '../harness.ts';

export const DATA_FORMATS = ['channels_last', 'channels_first'] as const;
export const PAD_MODES = ['valid', 'same'] as const;
type DataFormat = (typeof DATA_FORMATS)[number];

/** tf.layers' spelling of a data format. */
export const tflFormat = (format: DataFormat) => (format === 'channels_last' ? 'channelsLast' : 'channelsFirst') as 'channelsLast' | 'channelsFirst';

/** `[steps..., channels]` as `format` lays it out. */
export function layout(spatial: readonly number[], channels: number, format: DataFormat): number[];
export function layout(spatial: readonly Dim[], channels: Dim, format: DataFormat): Dim[];
export function layout(spatial: readonly Dim[], channels: Dim, format: DataFormat): Dim[] {
  return format === 'channels_last' ? [...spatial, channels] : [channels, ...spatial];
}

/**
 * `oracle` (channels last only) run on a channels-first input: permute to
 * channels last, apply, permute back — what a channels-first layer means.
 * `rank` is the number of spatial axes; `keepsSpatial` false for layers
 * whose output has no spatial axes (global pooling). `inputShape`
 * excludes the batch.
 */
export function channelsFirstOracle(oracle: tfl.layers.Layer, inputShape: readonly number[], keepsSpatial = true): tfl.LayersModel {
  const rank = inputShape.length - 1;
  const toLast = [...Array.from({ length: rank }, (_, i) => i + 2), 1];
  const toFirst = [rank + 1, ...Array.from({ length: rank }, (_, i) => i + 1)];
  const layers = [tfl.layers.permute({ dims: toLast, inputShape: [...inputShape] }), oracle];
  if (keepsSpatial) layers.push(tfl.layers.permute({ dims: toFirst }));
  return tfl.sequential({ layers });
}

/** A layer's output contracted with fixed random weights: a scalar whose gradient exercises every output element differently. */
function contracted(output: tf.Tensor, weighting: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(output, weighting));
}

/** Gradients of `contracted(layer(x))` with respect to the layer's parameters (by name) and its input. */
export function layerGradients(layer: Layer<any>, x: tf.Tensor, weighting: tf.Tensor): { params: Record<string, tf.Tensor>; input: tf.Tensor } {
  const variables = Object.entries(layer.variables);
  const params: Record<string, tf.Tensor> = {};
  if (variables.length > 0) {
    const { value, grads } = tf.variableGrads(
      () => contracted(layer.call(x, { training: false }), weighting),
      variables.map(([, v]) => v),
    );
    value.dispose();
    for (const [name, variable] of variables) params[name] = grads[variable.name];
  }
  const input = tf.grad((input: tf.Tensor) => contracted(layer.call(input, { training: false }), weighting))(x);
  return { params, input };
}

/**
 * After `compareWithOracle(result, oracle)`: the gradient with respect to the
 * input matches the oracle's, through the same random contraction of the
 * outputs (what backpropagation through the layer needs; the parameters'
 * gradients are the harness's `compareGradientsWithOracle`).
 */
export function compareInputGradientsWithOracle(result: ReturnType<typeof checkLayer>, oracle: tfl.layers.Layer, tolerance = 1e-4): void {
  const x = result.x[0];
  const weighting = tf.randomNormal(result.y.shape);
  const ours = layerGradients(result.layer, x, weighting);
  const theirs = tf.grad((input: tf.Tensor) => contracted(oracle.apply(input) as tf.Tensor, weighting))(x);
  expectClose(ours.input, theirs, tolerance);
  tf.dispose([weighting, ours.input, theirs, ...Object.values(ours.params)]);
}

/**
 * An oracle-free check of the gradients of a layer that is affine in its
 * input and in each parameter (a convolution with a linear activation):
 * f(p + v) - f(p) = <df/dp, v> exactly, up to rounding, for the contraction f
 * of the outputs and any direction v. It catches a fault that tf.layers
 * would share (it runs the same kernels).
 */
export function checkAffineGradients(layer: Layer<any>, x: tf.Tensor, tolerance = 1e-3): void {
  const weighting = tf.randomNormal(layer.call(x, { training: false }).shape);
  const f = (input: tf.Tensor) => contracted(layer.call(input, { training: false }), weighting).dataSync()[0];
  const dot = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b)).dataSync()[0];
  const gradients = layerGradients(layer, x, weighting);
  const base = f(x);
  const scale = Math.max(1, Math.abs(base));
  const direction = tf.randomNormal(x.shape);
  expect(Math.abs(dot(gradients.input, direction) - (f(tf.add(x, direction)) - base)) / scale).toBeLessThan(tolerance);
  for (const [name, variable] of Object.entries(layer.variables)) {
    const saved = tf.clone(variable);
    const step = tf.randomNormal(variable.shape);
    variable.assign(tf.add(saved, step));
    const moved = f(x);
    variable.assign(saved);
    expect(Math.abs(dot(gradients.params[name], step) - (moved - base)) / scale, name).toBeLessThan(tolerance);
  }
}

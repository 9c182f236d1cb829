import * as tf from '@tensorflow/tfjs-core';
import { formatShape } from '../engine/dimension.ts';
import { KeraflowError } from '../errors.ts';
import type { TrainingSetup } from './compile.ts';

/**
 * How a batch is scored, the same way for the training loss, the metrics,
 * validation and `evaluate`. Per output:
 *  - the objective (or metric) gives per-sample values; each sample's values
 *    are averaged over the non-batch axes (with an output mask [batch, time],
 *    over the kept time steps only);
 *  - with sample weights, each sample's value is multiplied by its weight,
 *    and the batch's sum is divided by the number of non-zero weights (the
 *    mean of the weighted values divided by the fraction of non-zero
 *    weights); without, the sum is divided by the number of samples.
 * Sums and counts are kept apart so that `evaluate` can add them over all
 * batches and divide once: the whole data is scored as if it were one batch.
 */
export interface BatchScores {
  /** Per output: Σ weight · loss. */
  readonly lossSums: tf.Scalar[];
  /** Per metric, in setup order (output by output): Σ weight · value. */
  readonly metricSums: tf.Scalar[];
  /** Per output: the samples that count (non-zero weights, or all: then a number). */
  readonly counts: (tf.Scalar | number)[];
}

/** The output index of each metric, in setup order. */
export function metricOutputs(setup: TrainingSetup): number[] {
  return setup.outputs.flatMap((output, index) => output.metrics.map(() => index));
}

/** A per-sample objective value: one number per sample, averaged over the other axes (masked steps left out). */
export function perSample(values: tf.Tensor, batch: number, mask: tf.Tensor | undefined, what: string): tf.Tensor {
  if (values.rank === 0 || values.shape[0] !== batch) {
    throw new KeraflowError(`${what} must return one value per sample (batch first, ${batch} here), but returned shape ${formatShape(values.shape, { batch: false })}`, {
      argument: what,
      expected: `[${batch}, ...]`,
      given: formatShape(values.shape, { batch: false }),
    });
  }
  if (mask && values.rank >= 2 && mask.rank === 2 && values.shape[1] === mask.shape[1]) {
    const steps = values.rank === 2 ? values : tf.mean(values, [...Array(values.rank).keys()].slice(2));
    const kept = tf.cast(mask, 'float32');
    return tf.div(tf.sum(tf.mul(steps, kept), 1), tf.maximum(tf.sum(kept, 1), 1));
  }
  return values.rank === 1 ? values : tf.mean(values, [...Array(values.rank).keys()].slice(1));
}

export function scoreBatch(
  setup: TrainingSetup,
  outputs: readonly tf.Tensor[],
  masks: readonly (tf.Tensor | undefined)[],
  targets: readonly tf.Tensor[],
  weights: readonly (tf.Tensor | undefined)[],
): BatchScores {
  const lossSums: tf.Scalar[] = [];
  const metricSums: tf.Scalar[] = [];
  const counts: (tf.Scalar | number)[] = [];
  setup.outputs.forEach((output, index) => {
    const prediction = outputs[index];
    const target = targets[index];
    const weight = weights[index];
    const batch = prediction.shape[0];
    const total = (values: tf.Tensor, what: string) => {
      const samples = perSample(values, batch, masks[index], what);
      return tf.sum(weight ? tf.mul(samples, weight) : samples) as tf.Scalar;
    };
    lossSums.push(total(output.loss(target, prediction), `the loss '${output.lossName}' of output '${output.name}'`));
    for (const { key, metric } of output.metrics) metricSums.push(total(metric(target, prediction), `the metric '${key}'`));
    counts.push(weight ? (tf.sum(tf.cast(tf.notEqual(weight, 0), 'float32')) as tf.Scalar) : batch);
  });
  return { lossSums, metricSums, counts };
}

/** A sum over the samples that count; 0 when none does (all weights zero), never NaN. */
export function meanOf(sum: tf.Scalar, count: tf.Scalar | number): tf.Scalar {
  return tf.div(sum, typeof count === 'number' ? Math.max(count, 1) : tf.maximum(count, 1));
}

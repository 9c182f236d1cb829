/**
 * What one replica of a model computes in a data-parallel training step: the
 * gradient of its slice's share of the whole batch's loss. The batch's loss
 * is Σ_o weight_o · (Σ over its samples of loss_o) / count_o, where count_o
 * (the samples that count: non-zero sample weights, or all) belongs to the
 * whole batch; each replica differentiates its slice's part of that sum with
 * the whole batch's counts, so the replicas' gradients add up to the whole
 * batch's gradient. The regularizers' penalty is added by one replica only.
 * The replica returns the raw sums (per output its loss sum, per metric its
 * sum, the penalty); `combineLogged` turns every replica's into the values
 * a one-thread step logs. Every replica applies the summed gradients itself
 * (`apply`: the optimizer, then the constraints, as a one-thread step).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../../constraints.ts';
import type { Model } from '../../engine/model.ts';
import type { Regularizer } from '../../regularizers.ts';
import type { TrainingSetup } from '../compile.ts';
import type { Channels } from '../data.ts';
import { metricOutputs, scoreBatch } from '../scoring.ts';

export interface ReplicaResult {
  /** Per trainable parameter (the model's parameter order), its gradient; null where the loss does not depend on it. */
  readonly gradients: (tf.Tensor | null)[];
  /** Per output its loss sum, then per metric its sum, then the penalty (0 unless asked). */
  readonly sums: number[];
}

export class Replica {
  readonly trainable: tf.Variable[];
  private readonly penalties: [tf.Variable, Regularizer][] = [];
  private readonly constraints: [tf.Variable, Constraint][] = [];

  constructor(
    readonly model: Model,
    readonly setup: TrainingSetup,
  ) {
    const parameters = model.parameters();
    this.trainable = parameters.filter((p) => p.trainable).map((p) => p.variable);
    for (const { layer, name, variable, trainable } of parameters) {
      const regularizer = layer.regularizers.get(name);
      if (regularizer) this.penalties.push([variable, regularizer]);
      const constraint = layer.constraints.get(name);
      if (constraint && trainable) this.constraints.push([variable, constraint]);
    }
  }

  /** The gradients and sums of `batch` (a slice of a batch whose outputs count `counts` samples); call inside a tidy. */
  compute(batch: Channels, counts: readonly number[], withPenalty: boolean): ReplicaResult {
    const { model, setup } = this;
    let sums: tf.Tensor | undefined;
    const lossFunction = (): tf.Scalar => {
      const { outputs, masks } = model.executeWithMasks(batch.inputs, { training: true });
      const scores = scoreBatch(setup, outputs, masks, batch.targets, batch.weights);
      const shares = scores.lossSums.map((sum, index) => tf.mul(sum, setup.outputs[index].weight / Math.max(counts[index], 1)));
      let total = tf.addN(shares) as tf.Scalar;
      let penalty: tf.Scalar = tf.scalar(0);
      if (withPenalty && this.penalties.length > 0) {
        penalty = tf.addN(this.penalties.map(([variable, regularizer]) => regularizer.penalty(variable)));
        total = tf.add(total, penalty);
      }
      sums = tf.keep(tf.stack([...scores.lossSums, ...scores.metricSums, penalty]));
      return total;
    };
    if (this.trainable.length === 0) {
      lossFunction();
      return { gradients: [], sums: Array.from(sums!.dataSync()) };
    }
    const { grads } = tf.variableGrads(lossFunction, this.trainable);
    const values = Array.from(sums!.dataSync());
    sums!.dispose();
    return { gradients: this.trainable.map((variable) => grads[variable.name] ?? null), sums: values };
  }

  /** One update from the whole batch's gradients (per trainable parameter), as a one-thread step makes it; call inside a tidy. */
  apply(gradients: readonly (tf.Tensor | null)[]): void {
    this.setup.optimizer.applyGradients(this.trainable, gradients);
    for (const [variable, constraint] of this.constraints) variable.assign(constraint.apply(variable));
  }
}

/**
 * The values a one-thread step logs ([loss, per-output losses when several,
 * metrics]) from every replica's sums and the whole batch's counts.
 */
export function combineLogged(setup: TrainingSetup, replicaSums: readonly (readonly number[])[], counts: readonly number[]): number[] {
  const outputs = setup.outputs.length;
  const total = (index: number) => replicaSums.reduce((sum, sums) => sum + sums[index], 0);
  const outputLosses = setup.outputs.map((_, index) => total(index) / Math.max(counts[index], 1));
  const metricOutput = metricOutputs(setup);
  const metrics = metricOutput.map((output, index) => total(outputs + index) / Math.max(counts[output], 1));
  const penalty = total(outputs + metricOutput.length);
  const loss = outputLosses.reduce((sum, value, index) => sum + setup.outputs[index].weight * value, 0) + penalty;
  return [loss, ...(outputs > 1 ? outputLosses : []), ...metrics];
}

/** Per output, the samples of a whole batch that count: its non-zero sample weights, or all. */
export function batchCounts(batch: Channels, size: number): number[] {
  return batch.weights.map((weights) => (weights ? (weights.dataSync() as Float32Array).reduce((count, w) => count + (w !== 0 ? 1 : 0), 0) : size));
}

import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../constraints.ts';
import type { Model } from '../engine/model.ts';
import { KeraflowError } from '../errors.ts';
import type { Regularizer } from '../regularizers.ts';
import type { TrainingSetup } from './compile.ts';
import { isLossObjectObjective } from './losses.ts';
import * as metricCatalogue from './metrics.ts';
import type { Metric } from './metrics.ts';
import { sliceBatch, type Channels, type DataRange } from './data.ts';
import type { FitReplicas } from './parallel/replicas.ts';
import { alias, type OptimizerSnapshot } from './optimizers/optimizer.ts';
import { meanOf, metricOutputs, perSample, scoreBatch } from './scoring.ts';

/** Where a step is, for the message of a non-finite loss. */
export interface StepPlace {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
}

/** Every parameter's value and the optimizer's state at one moment. */
export interface TrainerSnapshot {
  readonly values: tf.Tensor[];
  readonly optimizer: OptimizerSnapshot;
}

/**
 * The training step of one compiled model. A step is one `tf.tidy`: the
 * batch's slices, the forward pass in training mode, the loss (with the
 * regularizer penalties, the activity ones of the forward pass) and its gradient by `tf.variableGrads`, the
 * optimizer's update, the constraints, and the running sums of the logged
 * values, which stay on the device. Nothing is read back unless asked
 * (`place` given: the batch's values are read, and a non-finite loss stops
 * the step before the update).
 */
export class Trainer {
  /** The parameters the optimizer updates. */
  readonly trainable: tf.Variable[];
  /** Every parameter (trainable or not): what a snapshot saves. */
  private readonly variables: tf.Variable[];
  private readonly penalties: [tf.Variable, Regularizer][] = [];
  private readonly constraints: [tf.Variable, Constraint][] = [];
  private readonly metricOutput: number[];
  /** Replicas on other threads that compute the gradients, when fit starts them (parallel/replicas.ts). */
  replicas?: FitReplicas;

  constructor(
    readonly model: Model,
    readonly setup: TrainingSetup,
  ) {
    const parameters = model.parameters();
    this.trainable = parameters.filter((p) => p.trainable).map((p) => p.variable);
    this.variables = parameters.map((p) => p.variable);
    for (const { layer, name, variable, trainable } of parameters) {
      const regularizer = layer.regularizers.get(name);
      if (regularizer) this.penalties.push([variable, regularizer]);
      const constraint = layer.constraints.get(name);
      if (constraint && trainable) this.constraints.push([variable, constraint]);
    }
    this.metricOutput = metricOutputs(setup);
    setup.optimizer.prepare(this.trainable);
  }

  /**
   * Runs the user's own objectives and metrics once, on a few targets (they
   * have the outputs' shapes), outside any gradient tape: one that does not
   * give a value per sample fails here cleanly, rather than inside
   * `tf.variableGrads`, which would keep the tensors its tape saved.
   */
  checkCustomScoring(range: DataRange): void {
    const catalogue = new Set(metricCatalogue.registry.names().map((name) => metricCatalogue.registry.get(name)));
    const custom = (fn: Metric) => !catalogue.has(fn) && !isLossObjectObjective(fn);
    tf.tidy(() => {
      const size = Math.min(2, range.count);
      const { targets } = sliceBatch(range, 0, size);
      this.setup.outputs.forEach((output, index) => {
        const target = targets[index];
        if (custom(output.loss)) perSample(output.loss(target, target), size, undefined, `the loss '${output.lossName}' of output '${output.name}'`);
        for (const { key, metric } of output.metrics) if (custom(metric)) perSample(metric(target, target), size, undefined, `the metric '${key}'`);
      });
    });
  }

  /** How many values a step logs: the loss, per-output losses (several outputs), the metrics. */
  get logSize(): number {
    return this.setup.names.length;
  }

  /**
   * Trains on samples [start, start + size) of `range` (in `permutation`'s
   * order when given) and returns `sums` plus this batch's values times its
   * size (a new tensor; `sums` is left as it is). With `place`, also the
   * batch's values, read back, and a KeraflowError before the update when
   * the loss is not finite.
   */
  step(range: DataRange, start: number, size: number, permutation: tf.Tensor1D | undefined, sums: tf.Tensor, place?: StepPlace): { sums: tf.Tensor; values?: Float32Array } {
    const { setup, trainable } = this;
    let logged: tf.Tensor | undefined;
    let values: Float32Array | undefined;
    try {
      const next = tf.tidy(() => {
        const batch = sliceBatch(range, start, size, permutation);
        const started = performance.now();
        const group = trainable.length > 0 ? this.replicas?.readyGroup(size) : undefined;
        if (group) {
          // The replicas and this thread update their copies themselves (optimizer and constraints), once the check passed.
          const check = place && ((values: readonly number[]) => this.checkFinite(values[0], place));
          const computed = group.train(batch, size, setup, check);
          logged = tf.keep(tf.tensor1d(computed));
          if (place) values = Float32Array.from(computed);
        } else {
          const gradients = this.localGradients(batch, (values) => (logged = values));
          if (place) {
            values = logged!.dataSync() as Float32Array;
            this.checkFinite(values[0], place);
          }
          if (gradients)
            setup.optimizer.applyGradients(
              trainable,
              trainable.map((variable) => gradients[variable.name]),
            );
          for (const [variable, constraint] of this.constraints) variable.assign(constraint.apply(variable));
        }
        this.replicas?.afterStep(performance.now() - started, group !== undefined);
        return tf.add(sums, tf.mul(logged!, size));
      });
      return { sums: next, values };
    } finally {
      logged?.dispose();
    }
  }

  /** The batch's gradients on this thread (undefined without trainable parameters); `log` receives the logged values, kept past the tape. */
  private localGradients(batch: Channels, log: (values: tf.Tensor) => void): Record<string, tf.Tensor | null> | undefined {
    const { model, setup, trainable } = this;
    const lossFunction = (): tf.Scalar => {
      const activityPenalties: tf.Scalar[] = [];
      const { outputs, masks } = model.executeWithMasks(batch.inputs, { training: true, losses: activityPenalties });
      const scores = scoreBatch(setup, outputs, masks, batch.targets, batch.weights);
      const outputLosses = scores.lossSums.map((sum, index) => meanOf(sum, scores.counts[index]));
      let total = weightedTotal(outputLosses, setup);
      if (this.penalties.length > 0) total = tf.add(total, tf.addN(this.penalties.map(([variable, regularizer]) => regularizer.penalty(variable))));
      if (activityPenalties.length > 0) total = tf.add(total, tf.addN(activityPenalties));
      const metricValues = scores.metricSums.map((sum, index) => meanOf(sum, scores.counts[this.metricOutput[index]]));
      // Kept past the gradient's own scope; the step disposes it.
      log(tf.keep(tf.stack([total, ...(outputLosses.length > 1 ? outputLosses : []), ...metricValues])));
      return total;
    };
    if (trainable.length > 0) return tf.variableGrads(lossFunction, trainable).grads;
    lossFunction();
    return undefined;
  }

  /** Throws before the update when the batch's loss is not finite. */
  private checkFinite(value: number, place: StepPlace): void {
    if (Number.isFinite(value)) return;
    const where = `epoch ${place.epoch + 1}/${place.epochs}, batch ${place.batch + 1}/${place.batches}`;
    throw new KeraflowError(
      `${this.model.name}: the training loss is ${value} at ${where}; fit stopped there and kept the weights from before that batch ` +
        '(a lower learning rate, clipnorm/clipvalue on the optimizer, or data without NaN may help)',
      { layer: this.model.name, argument: 'loss', key: where, expected: 'a finite loss', given: String(value) },
    );
  }

  /** The parameters and the optimizer's state now (copies; `restore` or `disposeSnapshot` frees them). */
  snapshot(): TrainerSnapshot {
    return { values: this.variables.map(alias), optimizer: this.setup.optimizer.snapshot() };
  }

  restore(snapshot: TrainerSnapshot): void {
    this.replicas?.invalidate();
    this.variables.forEach((variable, index) => variable.assign(snapshot.values[index]));
    snapshot.values.forEach((t) => t.dispose());
    this.setup.optimizer.restore(snapshot.optimizer);
  }
}

export function disposeTrainerSnapshot(snapshot: TrainerSnapshot | undefined): void {
  if (!snapshot) return;
  snapshot.values.forEach((t) => t.dispose());
  for (const values of snapshot.optimizer.slots.values()) values.forEach((t) => t.dispose());
}

/** Σ weight · loss over the outputs (lossWeights); a weight of 1 adds the loss as it is. */
function weightedTotal(outputLosses: readonly tf.Scalar[], setup: TrainingSetup): tf.Scalar {
  const weighted = outputLosses.map((loss, index) => (setup.outputs[index].weight === 1 ? loss : (tf.mul(loss, setup.outputs[index].weight) as tf.Scalar)));
  return weighted.length === 1 ? weighted[0] : (tf.addN(weighted) as tf.Scalar);
}

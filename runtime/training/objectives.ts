import * as tf from '@tensorflow/tfjs-core';
import { formatShape, isConcrete, type Shape } from '../engine/dimension.ts';
import { AliasRegistry } from '../engine/registry.ts';
import type { ClassSpec } from '../engine/spec.ts';

/**
 * Objectives (loss functions). Each takes the target and the prediction, in
 * that order: `(yTrue, yPred)`, same shape, batch first (Keras's and
 * TensorFlow.js's order; Keraflow's own took `(y_pred, y_true)`, see
 * docs/coming-from-keraflow.md), and
 * returns a per-sample tensor: batch first, NOT averaged over the batch. Most
 * return one value per element; the model averages each sample's values over
 * the non-batch axes, weights the samples and averages over the batch
 * (runtime/training/scoring.ts). A user's own objective is any function of
 * this type.
 */
export type Objective = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** A catalogue objective's spec: no arguments, a doc, and the output shapes it can score. */
export interface ObjectiveSpec extends ClassSpec {
  /**
   * What an output's shape (batch first) must be for this objective, or
   * undefined when the shape is fine. Runs on symbolic shapes too (the .kf
   * checker's "a target shape a loss cannot take").
   */
  readonly checkShape?: (shape: Shape) => string | undefined;
}

/** The clipping margin of logarithms and divisions (TensorFlow.js's float32 epsilon). */
export const EPSILON = 1e-7;

/** Aliases -> objectives. */
export const registry = new AliasRegistry<Objective>('objective');
const specs = new Map<string, ObjectiveSpec>();

/** The spec of a catalogue objective, by any of its names. */
export function specOf(name: string): ObjectiveSpec | undefined {
  const canonical = registry.canonicalName(name);
  return canonical === undefined ? undefined : specs.get(canonical);
}

/** Registers a catalogue objective under its names (canonical first); shared with metrics.ts. */
export function define(
  target: { registry: AliasRegistry<Objective>; specs: Map<string, ObjectiveSpec> },
  names: readonly string[],
  doc: string,
  objective: Objective,
  checkShape?: (shape: Shape) => string | undefined,
): Objective {
  target.registry.register(names, objective, doc);
  target.specs.set(names[0], { className: names[0], doc, args: [], checkShape });
  return objective;
}

const catalogue = { registry, specs };

/** Outputs with a class axis: rank 2 or more, and more than one class when the size is known. */
export function needsClassAxis(shape: Shape): string | undefined {
  if (shape.length < 2) return `an output of rank 2 or more with classes on the last axis, not ${formatShape(shape)}`;
  const classes = shape.at(-1)!;
  if (isConcrete(classes) && classes < 2) return `an output with 2 or more classes on the last axis, not ${formatShape(shape)}`;
  return undefined;
}

/** Outputs whose last axis is a vector (rank 2 or more). */
function needsVectorAxis(shape: Shape): string | undefined {
  return shape.length < 2 ? `an output of rank 2 or more (vectors on the last axis), not ${formatShape(shape)}` : undefined;
}

export const squareError = define(catalogue, ['square_error', 'se', 'mse', 'MSE', 'mean_squared_error'], '(ŷ - y)², averaged per sample: mean squared error.', (yTrue, yPred) =>
  tf.squaredDifference(yPred, yTrue));

export const absoluteError = define(catalogue, ['absolute_error', 'ae', 'mae', 'MAE', 'mean_absolute_error'], '|ŷ - y|, averaged per sample: mean absolute error.', (yTrue, yPred) =>
  tf.abs(tf.sub(yPred, yTrue)));

export const absolutePercentageError = define(
  catalogue, ['absolute_percentage_error', 'ape', 'mape', 'MAPE', 'mean_absolute_percentage_error'], '100 · |(y - ŷ) / y| (|y| at least 1e-7), averaged per sample.',
  (yTrue, yPred) => tf.mul(100, tf.abs(tf.div(tf.sub(yTrue, yPred), tf.clipByValue(tf.abs(yTrue), EPSILON, Infinity)))),
);

export const squaredLogarithmicError = define(
  catalogue, ['squared_logarithmic_error', 'sle', 'msle', 'MSLE', 'mean_squared_logarithmic_error'], '(log(1 + ŷ) - log(1 + y))², values clipped at 1e-7, averaged per sample.',
  (yTrue, yPred) => tf.squaredDifference(tf.log1p(tf.clipByValue(yPred, EPSILON, Infinity)), tf.log1p(tf.clipByValue(yTrue, EPSILON, Infinity))),
);

export const hinge = define(catalogue, ['hinge'], 'max(1 - y · ŷ, 0) for targets in {-1, 1}, averaged per sample.', (yTrue, yPred) =>
  tf.relu(tf.sub(1, tf.mul(yTrue, yPred))));

export const squaredHinge = define(catalogue, ['squared_hinge'], 'max(1 - y · ŷ, 0)² for targets in {-1, 1}, averaged per sample.', (yTrue, yPred) =>
  tf.square(tf.relu(tf.sub(1, tf.mul(yTrue, yPred)))));

export const binaryCrossentropy = define(
  catalogue, ['binary_crossentropy'], '-(y · log ŷ + (1 - y) · log(1 - ŷ)), ŷ clipped to [1e-7, 1 - 1e-7]; for sigmoid outputs.',
  (yTrue, yPred) => {
    const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
    return tf.neg(tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)))));
  },
);

export const categoricalCrossentropy = define(
  catalogue, ['categorical_crossentropy'], '-Σ y · log ŷ over the last axis (ŷ rescaled to sum to 1, clipped at 1e-7); for softmax outputs and one-hot targets.',
  (yTrue, yPred) => {
    const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
    return tf.neg(tf.sum(tf.mul(yTrue, tf.log(p)), -1));
  },
  needsClassAxis,
);

export const kullbackLeiblerDivergence = define(
  catalogue, ['kullback_leibler_divergence', 'kld', 'KLD', 'kl_divergence'], 'Σ y · log(y / ŷ) over the last axis, both clipped to [1e-7, 1].',
  (yTrue, yPred) => {
    const t = tf.clipByValue(yTrue, EPSILON, 1);
    return tf.sum(tf.mul(t, tf.log(tf.div(t, tf.clipByValue(yPred, EPSILON, 1)))), -1);
  },
  needsVectorAxis,
);

export const poisson = define(catalogue, ['poisson'], 'ŷ - y · log(ŷ + 1e-7), averaged per sample.', (yTrue, yPred) =>
  tf.sub(yPred, tf.mul(yTrue, tf.log(tf.add(yPred, EPSILON)))));

export const cosineProximity = define(
  catalogue, ['cosine_proximity', 'cosine', 'cosine_similarity'], '-cos(y, ŷ) over the last axis (the negative cosine similarity; -1 is best).',
  (yTrue, yPred) => {
    const normalize = (x: tf.Tensor) => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), EPSILON)));
    return tf.neg(tf.sum(tf.mul(normalize(yTrue), normalize(yPred)), -1));
  },
  needsVectorAxis,
);

/** An alias or a function -> the objective; an unknown alias is a KeraflowError with a "did you mean". */
export function get(objective: string | Objective, context: { layer?: string; argument?: string } = {}): Objective {
  return typeof objective === 'function' ? objective : registry.get(objective, context);
}

/** The aliases, as functions too (`objectives.mse(yTrue, yPred)`, `objectives.meanSquaredError(yTrue, yPred)`). */
export { squareError as mse, squareError as se, absoluteError as mae, absoluteError as ae };
export { absolutePercentageError as mape, absolutePercentageError as ape, squaredLogarithmicError as msle, squaredLogarithmicError as sle };
export { squareError as meanSquaredError, absoluteError as meanAbsoluteError, absolutePercentageError as meanAbsolutePercentageError };
export { squaredLogarithmicError as meanSquaredLogarithmicError, kullbackLeiblerDivergence as kld, cosineProximity as cosine };

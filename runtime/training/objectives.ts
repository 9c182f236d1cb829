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

/** What an objective asks of the output it scores and of its targets. */
export interface ObjectiveShapes {
  /**
   * What an output's shape (batch first) must be for this objective, or
   * undefined when the shape is fine. Runs on symbolic shapes too (the .kf
   * checker's "a target shape a loss cannot take").
   */
  readonly checkShape?: (shape: Shape) => string | undefined;
  /**
   * The targets' shape for an output of this shape, when it is not the
   * output's own: one integer class index in place of the class axis
   * (sparse_categorical_crossentropy: [batch, 10] -> [batch, 1]).
   */
  readonly targetShape?: (outputShape: Shape) => Shape;
}

/** A catalogue objective's spec: no arguments, a doc, and the shapes of its output and targets. */
export interface ObjectiveSpec extends ClassSpec, ObjectiveShapes {}

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
  shapes: ObjectiveShapes = {},
): Objective {
  target.registry.register(names, objective, doc);
  target.specs.set(names[0], { className: names[0], doc, args: [], ...shapes });
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
  tf.squaredDifference(yPred, yTrue),
);

export const absoluteError = define(catalogue, ['absolute_error', 'ae', 'mae', 'MAE', 'mean_absolute_error'], '|ŷ - y|, averaged per sample: mean absolute error.', (yTrue, yPred) =>
  tf.abs(tf.sub(yPred, yTrue)),
);

export const absolutePercentageError = define(
  catalogue,
  ['absolute_percentage_error', 'ape', 'mape', 'MAPE', 'mean_absolute_percentage_error'],
  '100 · |(y - ŷ) / y| (|y| at least 1e-7), averaged per sample.',
  (yTrue, yPred) => tf.mul(100, tf.abs(tf.div(tf.sub(yTrue, yPred), tf.clipByValue(tf.abs(yTrue), EPSILON, Infinity)))),
);

export const squaredLogarithmicError = define(
  catalogue,
  ['squared_logarithmic_error', 'sle', 'msle', 'MSLE', 'mean_squared_logarithmic_error'],
  '(log(1 + ŷ) - log(1 + y))², values clipped at 1e-7, averaged per sample.',
  (yTrue, yPred) => tf.squaredDifference(tf.log1p(tf.clipByValue(yPred, EPSILON, Infinity)), tf.log1p(tf.clipByValue(yTrue, EPSILON, Infinity))),
);

export const hinge = define(catalogue, ['hinge'], 'max(1 - y · ŷ, 0) for targets in {-1, 1}, averaged per sample.', (yTrue, yPred) => tf.relu(tf.sub(1, tf.mul(yTrue, yPred))));

export const squaredHinge = define(catalogue, ['squared_hinge'], 'max(1 - y · ŷ, 0)² for targets in {-1, 1}, averaged per sample.', (yTrue, yPred) =>
  tf.square(tf.relu(tf.sub(1, tf.mul(yTrue, yPred)))),
);

/** The options of the crossentropies, as Keras 3 names them (camelCase here). */
export interface CrossentropyOptions {
  /** Whether the predictions are logits (before a sigmoid or softmax) rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Moves targets toward the uniform distribution: y · (1 - s) + s / classes (binary: s / 2) (default 0). */
  labelSmoothing?: number;
}

/** -(y · log p + (1 - y) · log(1 - p)) per element; logits through log-sigmoid, probabilities clipped to [1e-7, 1 - 1e-7]. */
export function makeBinaryCrossentropy({ fromLogits = false, labelSmoothing = 0 }: CrossentropyOptions = {}): Objective {
  return (yTrue, yPred) => {
    const target = labelSmoothing === 0 ? yTrue : tf.add(tf.mul(yTrue, 1 - labelSmoothing), 0.5 * labelSmoothing);
    if (fromLogits) {
      // max(x, 0) - x · y + log(1 + e^-|x|): the stable form of the same value.
      return tf.add(tf.sub(tf.relu(yPred), tf.mul(yPred, target)), tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))));
    }
    const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
    return tf.neg(tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)))));
  };
}

/** -Σ y · log p over the last axis; logits through log-softmax, probabilities rescaled to sum to 1 and clipped at 1e-7. */
export function makeCategoricalCrossentropy({ fromLogits = false, labelSmoothing = 0 }: CrossentropyOptions = {}): Objective {
  return (yTrue, yPred) => {
    const classes = yPred.shape.at(-1)!;
    const target = labelSmoothing === 0 ? yTrue : tf.add(tf.mul(yTrue, 1 - labelSmoothing), labelSmoothing / classes);
    return tf.neg(tf.sum(tf.mul(target, logProbabilities(yPred, fromLogits)), -1));
  };
}

/** Categorical crossentropy against integer class indices (one fewer axis than the output, or a last axis of 1). */
export function makeSparseCategoricalCrossentropy({ fromLogits = false }: Pick<CrossentropyOptions, 'fromLogits'> = {}): Objective {
  return (yTrue, yPred) => tf.neg(tf.sum(tf.mul(oneHotTargets(yTrue, yPred), logProbabilities(yPred, fromLogits)), -1));
}

function logProbabilities(yPred: tf.Tensor, fromLogits: boolean): tf.Tensor {
  if (fromLogits) return tf.logSoftmax(yPred, -1);
  return tf.log(tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON));
}

/** Integer class indices as one-hot rows of the output's class count (a last axis of 1 is dropped first). */
export function oneHotTargets(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const indices = yTrue.rank === yPred.rank && yTrue.shape.at(-1) === 1 ? tf.squeeze(yTrue, [-1]) : yTrue;
  // Made as int32 and cast: wasm's oneHot gives zeros when asked for float32 directly.
  return tf.cast(tf.oneHot(tf.cast(indices, 'int32'), yPred.shape.at(-1)!), 'float32');
}

/** Integer labels: one class index where the output has its class axis ([batch, 10] -> [batch, 1], which a flat [batch] array fills too). */
export function classIndexShape(outputShape: Shape): Shape {
  return [...outputShape.slice(0, -1), 1];
}

/** ½(ŷ - y)² where |ŷ - y| ≤ delta, delta · |ŷ - y| - ½ delta² beyond: quadratic near the target, linear far from it. */
export function makeHuber({ delta = 1 }: { delta?: number } = {}): Objective {
  return (yTrue, yPred) => {
    const absolute = tf.abs(tf.sub(yPred, yTrue));
    // The quadratic part up to delta, the linear part beyond: differentiable ops only (no comparison, which has no gradient).
    const quadratic = tf.minimum(absolute, delta);
    return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, tf.sub(absolute, quadratic)));
  };
}

export const binaryCrossentropy = define(catalogue, ['binary_crossentropy'], '-(y · log ŷ + (1 - y) · log(1 - ŷ)), ŷ clipped to [1e-7, 1 - 1e-7]; for sigmoid outputs.', makeBinaryCrossentropy());

export const categoricalCrossentropy = define(
  catalogue,
  ['categorical_crossentropy'],
  '-Σ y · log ŷ over the last axis (ŷ rescaled to sum to 1, clipped at 1e-7); for softmax outputs and one-hot targets.',
  makeCategoricalCrossentropy(),
  { checkShape: needsClassAxis },
);

export const sparseCategoricalCrossentropy = define(
  catalogue,
  ['sparse_categorical_crossentropy'],
  'categorical_crossentropy against integer class indices: the targets are class indices ([batch] or [batch, 1] for a [batch, classes] output).',
  makeSparseCategoricalCrossentropy(),
  { checkShape: needsClassAxis, targetShape: classIndexShape },
);

export const huber = define(catalogue, ['huber'], '½(ŷ - y)² where |ŷ - y| ≤ 1, |ŷ - y| - ½ beyond, averaged per sample (Huber(delta) for another threshold).', makeHuber());

export const logCosh = define(catalogue, ['log_cosh', 'logcosh'], 'log(cosh(ŷ - y)), averaged per sample: about ½x² near 0 and |x| - log 2 far from it.', (yTrue, yPred) => {
  const error = tf.sub(yPred, yTrue);
  // log(cosh x) = x + softplus(-2x) - log 2, which does not overflow for large |x|.
  return tf.sub(tf.add(error, tf.softplus(tf.mul(-2, error))), Math.log(2));
});

export const categoricalHinge = define(
  catalogue,
  ['categorical_hinge'],
  'max(max over wrong classes of ŷ - ŷ of the target class + 1, 0) per sample, for one-hot targets.',
  (yTrue, yPred) => {
    const positive = tf.sum(tf.mul(yTrue, yPred), -1);
    const negative = tf.max(tf.mul(tf.sub(1, yTrue), yPred), -1);
    return tf.relu(tf.add(tf.sub(negative, positive), 1));
  },
  { checkShape: needsClassAxis },
);

export const kullbackLeiblerDivergence = define(
  catalogue,
  ['kullback_leibler_divergence', 'kld', 'KLD', 'kl_divergence'],
  'Σ y · log(y / ŷ) over the last axis, both clipped to [1e-7, 1].',
  (yTrue, yPred) => {
    const t = tf.clipByValue(yTrue, EPSILON, 1);
    return tf.sum(tf.mul(t, tf.log(tf.div(t, tf.clipByValue(yPred, EPSILON, 1)))), -1);
  },
  { checkShape: needsVectorAxis },
);

export const poisson = define(catalogue, ['poisson'], 'ŷ - y · log(ŷ + 1e-7), averaged per sample.', (yTrue, yPred) => tf.sub(yPred, tf.mul(yTrue, tf.log(tf.add(yPred, EPSILON)))));

export const cosineProximity = define(
  catalogue,
  ['cosine_proximity', 'cosine', 'cosine_similarity'],
  '-cos(y, ŷ) over the last axis (the negative cosine similarity; -1 is best).',
  (yTrue, yPred) => {
    const normalize = (x: tf.Tensor) => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), EPSILON)));
    return tf.neg(tf.sum(tf.mul(normalize(yTrue), normalize(yPred)), -1));
  },
  { checkShape: needsVectorAxis },
);

/** An alias or a function -> the objective; an unknown alias is a KeraflowError with a "did you mean". */
export function get(objective: string | Objective, context: { layer?: string; argument?: string } = {}): Objective {
  return typeof objective === 'function' ? objective : registry.get(objective, context);
}

/** The aliases, as functions too (`objectives.mse(yTrue, yPred)`, `objectives.meanSquaredError(yTrue, yPred)`). */
export { squareError as mse, squareError as se, absoluteError as mae, absoluteError as ae };
export { absolutePercentageError as mape, absolutePercentageError as ape, squaredLogarithmicError as msle, squaredLogarithmicError as sle };
export { squareError as meanSquaredError, absoluteError as meanAbsoluteError, absolutePercentageError as meanAbsolutePercentageError };
export { squaredLogarithmicError as meanSquaredLogarithmicError, kullbackLeiblerDivergence as kld, cosineProximity as cosine, logCosh as logcosh };

import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../engine/dimension.ts';
import { AliasRegistry } from '../engine/registry.ts';
import * as objectives from './objectives.ts';
import { define, needsClassAxis, oneHotTargets, classIndexShape, type Objective, type ObjectiveSpec } from './objectives.ts';

/**
 * Metrics: every objective, plus the accuracies. A metric has an objective's
 * signature, (yTrue, yPred) -> per-sample tensor; the model averages it as
 * it averages a loss (sample-weighted, over the whole data in `evaluate`).
 */
export type Metric = Objective;

export const registry = new AliasRegistry<Metric>('metric');
const specs = new Map<string, ObjectiveSpec>();
const catalogue = { registry, specs };

for (const entry of objectives.registry.entries()) {
  const spec = objectives.specOf(entry.name)!;
  define(catalogue, [entry.name, ...entry.aliases], entry.doc, objectives.registry.get(entry.name), { checkShape: spec.checkShape, targetShape: spec.targetShape });
}

/** 1 where the prediction thresholded at 0.5 equals the target, else 0 (per element). */
export const binaryAccuracy = define(catalogue, ['binary_accuracy'], 'Fraction of predictions that, thresholded at 0.5, equal the 0/1 target.', (yTrue, yPred) =>
  tf.cast(tf.equal(yTrue, tf.cast(tf.greater(yPred, 0.5), yTrue.dtype)), 'float32'),
);

/** 1 where the largest prediction is at the target's largest value (per sample), else 0. */
export const categoricalAccuracy = define(
  catalogue,
  ['categorical_accuracy'],
  'Fraction of samples whose largest prediction is the target class (one-hot targets).',
  (yTrue, yPred) => tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32'),
  { checkShape: needsClassAxis },
);

/** 1 where the largest prediction is at the target's class index (per sample), else 0. */
export const sparseCategoricalAccuracy = define(
  catalogue,
  ['sparse_categorical_accuracy'],
  'Fraction of samples whose largest prediction is the target class (integer class indices).',
  (yTrue, yPred) => categoricalAccuracy(oneHotTargets(yTrue, yPred), yPred),
  { checkShape: needsClassAxis, targetShape: classIndexShape },
);

/** Whether targets are class indices for this output: one axis fewer, or a last axis of 1 where the output has classes. */
const areClassIndices = (yTrue: tf.Tensor, yPred: tf.Tensor) => yTrue.rank === yPred.rank - 1 || (yTrue.shape.at(-1) === 1 && yPred.shape.at(-1)! > 1);

/** Binary accuracy for outputs with one value on the last axis, categorical accuracy otherwise (sparse for class-index targets), as Keras. */
export const accuracy = define(
  catalogue,
  ['accuracy', 'acc'],
  'binary_accuracy when the output has one value on its last axis, categorical_accuracy otherwise (sparse_categorical_accuracy for class indices).',
  (yTrue, yPred) => {
    if (yPred.shape.at(-1) === 1) return binaryAccuracy(yTrue, yPred);
    return areClassIndices(yTrue, yPred) ? sparseCategoricalAccuracy(yTrue, yPred) : categoricalAccuracy(yTrue, yPred);
  },
);

/**
 * Keras's metric `cosine_similarity` is the cosine itself (1 is best), while
 * its loss of that name, like `cosine_proximity`, is the negative: the
 * metric takes the name over from the objective's alias.
 */
export const cosineSimilarity = define(
  catalogue,
  ['cosine_similarity'],
  'cos(y, ŷ) over the last axis (1 is best; the loss of this name is its negative).',
  (yTrue, yPred) => tf.neg(objectives.cosineProximity(yTrue, yPred)),
  { checkShape: objectives.specOf('cosine_proximity')!.checkShape },
);

/** The spec of a catalogue metric, by any of its names. */
export function specOf(name: string): ObjectiveSpec | undefined {
  const canonical = registry.canonicalName(name);
  return canonical === undefined ? undefined : specs.get(canonical);
}

/** Whether a catalogue metric can score an output of this shape; undefined when it can. */
export function checkShape(name: string, shape: Shape): string | undefined {
  return specOf(name)?.checkShape?.(shape);
}

/** An alias or a function -> the metric; an unknown alias is a KeraflowError with a "did you mean". */
export function get(metric: string | Metric, context: { layer?: string; argument?: string } = {}): Metric {
  return typeof metric === 'function' ? metric : registry.get(metric, context);
}

/** The objectives as metric functions (`metrics.mse`, `metrics.categoricalCrossentropy`). */
export {
  absoluteError,
  absolutePercentageError,
  binaryCrossentropy,
  categoricalCrossentropy,
  cosineProximity,
  hinge,
  kullbackLeiblerDivergence,
  poisson,
  squaredHinge,
  sparseCategoricalCrossentropy,
  huber,
  logCosh,
  logcosh,
  categoricalHinge,
  squaredLogarithmicError,
  squareError,
  mse,
  se,
  mae,
  ae,
  mape,
  ape,
  msle,
  sle,
  meanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  kld,
  cosine,
} from './objectives.ts';
export { accuracy as acc };

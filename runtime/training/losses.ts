import type * as tf from '@tensorflow/tfjs-core';
import { isPlainObject } from '../engine/argument-passing.ts';
import { AliasRegistry } from '../engine/registry.ts';
import { bindArgumentsOrThrow, type ArgSpec, type ClassSpec } from '../engine/spec.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import * as objectives from './objectives.ts';
import type { Objective, ObjectiveSpec } from './objectives.ts';

/**
 * Loss objects, as Keras 3 has them: a class per objective under Keras's
 * class name, taking the objective's options
 * (`new losses.SparseCategoricalCrossentropy({ fromLogits: true })`), and
 * given to `compile` wherever an objective alias or function goes. The
 * computation is the objective's own (objectives.ts); a loss object adds
 * its options and a config, so that a model compiled with one can be saved
 * (training.json: `{"class_name": ..., "config": {...}}`).
 */
export class Loss {
  /** Every option, given or defaulted, by camelCase name. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The options the caller gave. */
  readonly givenArgs: ReadonlySet<string>;
  /** The objective with these options: `(yTrue, yPred)` -> per-sample values. */
  readonly objective: Objective;

  constructor(
    readonly spec: LossSpec,
    options: Record<string, unknown>,
  ) {
    if (!isPlainObject(options)) {
      throw new KeraflowError(`${spec.className} takes its arguments as options ({${spec.args.map((a) => a.name).join(', ')}}), but got ${describeValue(options)}`, {
        layer: spec.className,
        argument: 'options',
        expected: 'an options object',
        given: describeValue(options),
      });
    }
    const bound = bindArgumentsOrThrow(spec, [], options);
    this.args = bound.values;
    this.givenArgs = bound.given;
    this.objective = spec.make(bound.values);
    lossObjectObjectives.add(this.objective);
  }

  get className(): string {
    return this.spec.className;
  }

  /** The objective's alias (`sparse_categorical_crossentropy`): its name in logs and messages. */
  get name(): string {
    return this.spec.objective;
  }

  /** The objective's per-sample values. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return this.objective(yTrue, yPred);
  }

  /** The options the caller gave, camelCase: for saving. */
  getConfig(): Record<string, unknown> {
    return Object.fromEntries([...this.givenArgs].map((name) => [name, this.args[name]]));
  }
}

const lossObjectObjectives = new WeakSet<Objective>();

/** Whether an objective is a loss object's (a catalogue computation with options, not a user's own function). */
export function isLossObjectObjective(objective: Objective): boolean {
  return lossObjectObjectives.has(objective);
}

/** A loss class's spec: its options, the objective alias it computes, and how options make the objective. */
export interface LossSpec extends ClassSpec {
  /** The catalogue objective (objectives.ts) whose shapes it checks. */
  readonly objective: string;
  readonly make: (options: Readonly<Record<string, unknown>>) => Objective;
}

export interface LossClass {
  readonly spec: LossSpec;
  new (options?: Record<string, unknown>): Loss;
}

/** Class names -> loss classes (the objective aliases stay in objectives.ts). */
export const registry = new AliasRegistry<LossClass>('loss class');

function lossClass(className: string, objective: string, args: readonly ArgSpec[] = [], make?: LossSpec['make']): LossClass {
  const spec: LossSpec = {
    className,
    doc: `${objectives.specOf(objective)!.doc} As an object, with its options.`,
    args,
    objective,
    make: make ?? (() => objectives.registry.get(objective)),
  };
  const cls = class extends Loss {
    static readonly spec = spec;
    constructor(options: Record<string, unknown> = {}) {
      super(spec, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: className });
  registry.register([className], cls, spec.doc);
  return cls;
}

const fromLogits: ArgSpec = { name: 'fromLogits', type: 'bool', default: false, doc: 'Whether the predictions are logits (no sigmoid or softmax applied) rather than probabilities.' };
const labelSmoothing: ArgSpec = {
  name: 'labelSmoothing',
  type: 'float',
  default: 0,
  min: 0,
  max: 1,
  doc: 'Moves the targets toward uniform: y · (1 - s) + s / classes (binary: s / 2).',
};

export const MeanSquaredError = lossClass('MeanSquaredError', 'square_error');
export const MeanAbsoluteError = lossClass('MeanAbsoluteError', 'absolute_error');
export const MeanAbsolutePercentageError = lossClass('MeanAbsolutePercentageError', 'absolute_percentage_error');
export const MeanSquaredLogarithmicError = lossClass('MeanSquaredLogarithmicError', 'squared_logarithmic_error');
export const BinaryCrossentropy = lossClass('BinaryCrossentropy', 'binary_crossentropy', [fromLogits, labelSmoothing], (options) =>
  objectives.makeBinaryCrossentropy(options as objectives.CrossentropyOptions),
);
export const CategoricalCrossentropy = lossClass('CategoricalCrossentropy', 'categorical_crossentropy', [fromLogits, labelSmoothing], (options) =>
  objectives.makeCategoricalCrossentropy(options as objectives.CrossentropyOptions),
);
export const SparseCategoricalCrossentropy = lossClass('SparseCategoricalCrossentropy', 'sparse_categorical_crossentropy', [fromLogits], (options) =>
  objectives.makeSparseCategoricalCrossentropy(options as objectives.CrossentropyOptions),
);
export const KLDivergence = lossClass('KLDivergence', 'kullback_leibler_divergence');
export const Poisson = lossClass('Poisson', 'poisson');
/** Keras's loss: the negative cosine similarity (-1 is best). */
export const CosineSimilarity = lossClass('CosineSimilarity', 'cosine_proximity');
export const Huber = lossClass('Huber', 'huber', [{ name: 'delta', type: 'float', default: 1, above: 0, doc: 'Where the loss turns from quadratic to linear.' }], (options) =>
  objectives.makeHuber(options as { delta: number }),
);
export const LogCosh = lossClass('LogCosh', 'log_cosh');
export const Hinge = lossClass('Hinge', 'hinge');
export const SquaredHinge = lossClass('SquaredHinge', 'squared_hinge');
export const CategoricalHinge = lossClass('CategoricalHinge', 'categorical_hinge');

/** The shapes a loss (an alias or an object) asks of its output and targets; none for a function. */
export function shapesOf(loss: unknown): ObjectiveSpec | undefined {
  if (loss instanceof Loss) return objectives.specOf(loss.spec.objective);
  return typeof loss === 'string' ? objectives.specOf(loss) : undefined;
}

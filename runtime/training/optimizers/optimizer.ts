import * as tf from '@tensorflow/tfjs-core';
import { isPlainObject } from '../../engine/argument-passing.ts';
import { bindArgumentsOrThrow, type ArgSpec, type ClassSpec } from '../../engine/spec.ts';
import { describeValue, KeraflowError } from '../../errors.ts';
import { fromJSON, LearningRateSchedule } from './schedules.ts';

/** The options every optimizer takes. */
export interface OptimizerOptions {
  /** The learning rate (each optimizer has its own default). */
  lr?: number;
  /** Keras 3's name: a learning rate, or a schedule (`new schedules.ExponentialDecay(0.1, 1000, 0.9)`); instead of `lr`. */
  learningRate?: number | LearningRateSchedule | null;
  /** Rescale the gradients so that their global L2 norm is at most this (none: no rescaling). */
  clipnorm?: number | null;
  /** Clip each gradient value to [-clipvalue, clipvalue] (none: no clipping). */
  clipvalue?: number | null;
}

/** The spec entry of `lr`, with an optimizer's own default. */
export function learningRateArg(defaultValue: number): ArgSpec {
  return { name: 'lr', type: 'float', default: defaultValue, min: 0, doc: `The learning rate (default ${defaultValue}).` };
}

/** The spec entry of `epsilon`, the fuzz factor that keeps divisions finite. */
export function epsilonArg(defaultValue = 1e-8): ArgSpec {
  return { name: 'epsilon', type: 'float', default: defaultValue, min: 0, doc: `Fuzz factor added to denominators (default ${defaultValue}).` };
}

const isScheduleConfig = (value: unknown): value is { class_name: string; config?: Record<string, unknown> } => isPlainObject(value) && typeof value.class_name === 'string';

/** The spec entries every optimizer ends with: Keras 3's `learning_rate` (a number or a schedule) and the gradient clipping. */
export const CLIPPING_ARGS: readonly ArgSpec[] = [
  {
    name: 'learningRate',
    type: 'any',
    nullable: true,
    default: null,
    accepts: 'a number ≥ 0 or a learning-rate schedule',
    doc: "Keras 3's name for the learning rate (instead of lr): a number, or a schedule (ExponentialDecay, PiecewiseConstantDecay, CosineDecay).",
    check: (value) =>
      (typeof value === 'number' && Number.isFinite(value) && value >= 0) || value instanceof LearningRateSchedule || isScheduleConfig(value) ? undefined : 'a number ≥ 0 or a learning-rate schedule',
  },
  { name: 'clipnorm', type: 'float', nullable: true, default: null, above: 0, doc: 'Rescale the gradients so that their global L2 norm is at most this.' },
  { name: 'clipvalue', type: 'float', nullable: true, default: null, above: 0, doc: 'Clip each gradient value to [-clipvalue, clipvalue].' },
];

/** An optimizer's state at one moment, to go back to (fit's recovery from a non-finite loss). */
export interface OptimizerSnapshot {
  readonly iterations: number;
  readonly slots: ReadonlyMap<tf.Variable, tf.Tensor[]>;
}

/** An optimizer class: constructed from its spec's arguments, all options. */
export interface OptimizerClass {
  readonly spec: ClassSpec;
  new (options?: never): Optimizer;
}

/**
 * The base of every optimizer: binds and checks the constructor's options
 * against the class's spec, clips gradients, keeps the per-parameter state
 * ("slots": momentum, moving averages) as variables, and counts iterations.
 * A subclass declares its spec, how many slots a parameter needs, and the
 * update of one parameter.
 *
 * `compile` calls `prepare` with the trainable parameters, so the slots exist
 * before `fit` (which then creates no lasting tensor). `applyGradients` is
 * what a training step calls, inside its `tf.tidy`.
 */
export abstract class Optimizer {
  static readonly spec: ClassSpec;

  /** Every spec argument, given or defaulted, by camelCase name. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The arguments the caller gave. */
  readonly givenArgs: ReadonlySet<string>;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  /** Updates done so far (Adam's bias correction and SGD's decay count them). */
  iterations = 0;
  private learningRate: number;
  /** The schedule the learning rate follows, when `learningRate` was one. */
  readonly schedule: LearningRateSchedule | undefined;
  private readonly slots = new Map<tf.Variable, tf.Variable[]>();

  constructor(options: OptimizerOptions & Record<string, unknown> = {}) {
    const spec = this.spec;
    if (!isPlainObject(options)) {
      throw new KeraflowError(`${spec.className} takes its arguments as options ({lr, ...}), but got ${describeValue(options)}`, {
        layer: spec.className,
        argument: 'options',
        expected: '{lr, ...}',
        given: describeValue(options),
      });
    }
    const bound = bindArgumentsOrThrow(spec, [], options);
    this.args = bound.values;
    this.givenArgs = bound.given;
    this.learningRate = bound.values.lr as number;
    const learningRate = bound.values.learningRate;
    if (learningRate !== null && bound.given.has('lr')) {
      throw new KeraflowError(`${spec.className}: give the learning rate once, as lr or as learningRate, not both`, {
        layer: spec.className,
        argument: 'learningRate',
        expected: 'lr or learningRate',
        given: 'both',
      });
    }
    if (typeof learningRate === 'number') this.learningRate = learningRate;
    else if (learningRate instanceof LearningRateSchedule) this.schedule = learningRate;
    else if (isScheduleConfig(learningRate)) this.schedule = fromJSON(learningRate);
    this.clipnorm = (bound.values.clipnorm as number | null) ?? null;
    this.clipvalue = (bound.values.clipvalue as number | null) ?? null;
  }

  get spec(): ClassSpec {
    return (this.constructor as typeof Optimizer).spec;
  }

  get className(): string {
    return this.spec.className;
  }

  /** The learning rate of the next update (a schedule's, at the updates done so far); LearningRateScheduler (or anyone) may change it between steps. */
  get lr(): number {
    return this.schedule ? this.schedule.at(this.iterations) : this.learningRate;
  }

  set lr(value: number) {
    if (this.schedule) {
      throw new KeraflowError(`${this.className}: the learning rate follows a ${this.schedule.className} schedule and cannot be set`, {
        layer: this.className,
        argument: 'lr',
        expected: 'an optimizer with a fixed learning rate',
        given: `a ${this.schedule.className} schedule`,
      });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new KeraflowError(`${this.className}: the learning rate must be a finite number ≥ 0, but got ${describeValue(value)}`, {
        layer: this.className,
        argument: 'lr',
        expected: 'a finite number ≥ 0',
        given: describeValue(value),
      });
    }
    this.learningRate = value;
  }

  /** How many state variables each parameter needs (momentum: 1, Adam: 2). */
  protected abstract slotCount(): number;

  /**
   * Computes one parameter's new value (and its slots' new values) from its
   * gradient and assigns them. `iteration` counts from 1 for the update
   * being made. Runs inside a tidy.
   */
  protected abstract updateParameter(parameter: tf.Variable, gradient: tf.Tensor, slots: readonly tf.Variable[], iteration: number): void;

  /** Creates the state of these parameters (zeros), where it does not exist yet. */
  prepare(parameters: readonly tf.Variable[]): void {
    for (const parameter of parameters) this.slotsOf(parameter);
  }

  private slotsOf(parameter: tf.Variable): tf.Variable[] {
    let slots = this.slots.get(parameter);
    if (!slots) {
      slots = Array.from({ length: this.slotCount() }, () => tf.tidy(() => tf.variable(tf.zerosLike(parameter), false)));
      this.slots.set(parameter, slots);
    }
    return slots;
  }

  /**
   * One update of `parameters` from their `gradients` (same order; a missing
   * gradient leaves its parameter alone): clipping, then each parameter's
   * rule. Call it inside a tidy; it makes no lasting tensor once prepared.
   */
  applyGradients(parameters: readonly tf.Variable[], gradients: readonly (tf.Tensor | null | undefined)[]): void {
    const iteration = this.iterations + 1;
    tf.tidy(() => {
      const clipped = this.clipGradients(gradients);
      parameters.forEach((parameter, index) => {
        const gradient = clipped[index];
        if (gradient) this.updateParameter(parameter, gradient, this.slotsOf(parameter), iteration);
      });
    });
    this.iterations = iteration;
  }

  /** Gradients rescaled to a global norm of at most `clipnorm`, then clipped to ±`clipvalue`. */
  clipGradients(gradients: readonly (tf.Tensor | null | undefined)[]): (tf.Tensor | undefined)[] {
    let result = gradients.map((g) => g ?? undefined);
    const present = result.filter((g): g is tf.Tensor => g !== undefined);
    if (this.clipnorm !== null && present.length > 0) {
      const clipnorm = this.clipnorm;
      const norm = tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g)))));
      // Scaled only when the norm reaches clipnorm: decided on the device, no read back.
      const scale = tf.where(tf.greaterEqual(norm, clipnorm), tf.div(clipnorm, norm), tf.onesLike(norm));
      result = result.map((g) => g && tf.mul(g, scale));
    }
    if (this.clipvalue !== null) {
      const clipvalue = this.clipvalue;
      result = result.map((g) => g && tf.clipByValue(g, -clipvalue, clipvalue));
    }
    return result;
  }

  /** Every state variable, for saving and snapshots. */
  stateVariables(): tf.Variable[] {
    return [...this.slots.values()].flat();
  }

  /** The state now (iterations and slots, shared, not copied); `restore` goes back to it and disposes it. */
  snapshot(): OptimizerSnapshot {
    const slots = new Map<tf.Variable, tf.Tensor[]>();
    for (const [parameter, variables] of this.slots) slots.set(parameter, variables.map(alias));
    return { iterations: this.iterations, slots };
  }

  restore(snapshot: OptimizerSnapshot): void {
    this.iterations = snapshot.iterations;
    for (const [parameter, values] of snapshot.slots) {
      this.slots.get(parameter)?.forEach((variable, index) => variable.assign(values[index]));
    }
    disposeSnapshot(snapshot);
  }

  /** Frees the state variables (the optimizer starts afresh if used again). */
  dispose(): void {
    for (const variables of this.slots.values()) variables.forEach((v) => v.dispose());
    this.slots.clear();
    this.iterations = 0;
  }

  /** The constructor arguments the caller gave, camelCase, with the current learning rate: for saving. */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const name of this.givenArgs) config[name] = this.args[name];
    if (this.schedule) config.learningRate = this.schedule.toJSON();
    else if (this.givenArgs.has('learningRate')) config.learningRate = this.learningRate;
    else if (this.learningRate !== this.args.lr) config.lr = this.learningRate;
    return config;
  }
}

/**
 * The tensor's value now, without a copy: a reshape to its own shape shares
 * the data (tf.clone copies on wasm). A variable's `assign` swaps in new
 * data rather than writing over the old, so the alias keeps the old value.
 */
export function alias(tensor: tf.Tensor): tf.Tensor {
  return tf.reshape(tensor, tensor.shape);
}

export function disposeSnapshot(snapshot: OptimizerSnapshot): void {
  for (const values of snapshot.slots.values()) values.forEach((t) => t.dispose());
}

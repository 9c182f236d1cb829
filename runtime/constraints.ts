import * as tf from '@tensorflow/tfjs-core';
import { AliasRegistry } from './engine/registry.ts';
import { describeValue, KeraflowError } from './errors.ts';
import { bindArgumentsOrThrow, type ClassSpec } from './engine/spec.ts';

/** A constraint maps a parameter's value after an update to an allowed value. */
export interface Constraint {
  apply(weight: tf.Tensor): tf.Tensor;
}

export interface ConstraintClass {
  readonly spec: ClassSpec;
  new (...args: never[]): Constraint;
}

const axisArg = { name: 'axis', type: 'int', default: 0, min: 0, doc: 'The axis along which norms are taken (0: each column of a [in, out] matrix).' } as const;

/** Rescales each slice along `axis` whose L2 norm exceeds `m` down to norm `m`. */
export class MaxNorm implements Constraint {
  static readonly spec: ClassSpec = {
    className: 'MaxNorm',
    doc: 'Caps the L2 norm of each slice along `axis` at `m`.',
    args: [{ name: 'm', type: 'float', positional: true, default: 2, above: 0, doc: 'The largest norm allowed.' }, axisArg],
  };
  readonly m: number;
  readonly axis: number;
  constructor(m?: number, options: { axis?: number } = {}) {
    const { values } = bindArgumentsOrThrow(MaxNorm.spec, m === undefined ? [] : [m], options);
    this.m = values.m as number;
    this.axis = values.axis as number;
  }
  apply(weight: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(weight), this.axis, true));
      const desired = tf.clipByValue(norms, 0, this.m);
      return tf.mul(weight, tf.div(desired, tf.add(norms, 1e-7)));
    });
  }
  getConfig(): Record<string, unknown> {
    return { m: this.m, axis: this.axis };
  }
}

/** Sets negative values to zero. */
export class NonNeg implements Constraint {
  static readonly spec: ClassSpec = { className: 'NonNeg', doc: 'Sets negative values to zero.', args: [] };
  apply(weight: tf.Tensor): tf.Tensor {
    return tf.relu(weight);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Scales each slice along `axis` to unit L2 norm. */
export class UnitNorm implements Constraint {
  static readonly spec: ClassSpec = { className: 'UnitNorm', doc: 'Scales each slice along `axis` to unit L2 norm.', args: [axisArg] };
  readonly axis: number;
  constructor(options: { axis?: number } = {}) {
    this.axis = bindArgumentsOrThrow(UnitNorm.spec, [], options).values.axis as number;
  }
  apply(weight: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(weight, tf.add(tf.sqrt(tf.sum(tf.square(weight), this.axis, true)), 1e-7)));
  }
  getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/** Keeps the L2 norm of each slice along `axis` between `minValue` and `maxValue`, moving it there at `rate` (Keras's MinMaxNorm). */
export class MinMaxNorm implements Constraint {
  static readonly spec: ClassSpec = {
    className: 'MinMaxNorm',
    doc: 'Keeps the L2 norm of each slice along `axis` between min_value and max_value (at `rate`: 1 at once).',
    args: [
      { name: 'minValue', type: 'float', default: 0, min: 0, doc: 'The smallest norm allowed.' },
      { name: 'maxValue', type: 'float', default: 1, min: 0, doc: 'The largest norm allowed.' },
      { name: 'rate', type: 'float', default: 1, min: 0, max: 1, doc: 'How far each update moves the norm into the range: 1 all the way.' },
      axisArg,
    ],
  };
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number;
  constructor(options: { minValue?: number; maxValue?: number; rate?: number; axis?: number } = {}) {
    const { values } = bindArgumentsOrThrow(MinMaxNorm.spec, [], options);
    this.minValue = values.minValue as number;
    this.maxValue = values.maxValue as number;
    this.rate = values.rate as number;
    this.axis = values.axis as number;
    if (this.minValue > this.maxValue) {
      throw new KeraflowError(`MinMaxNorm: min_value ${this.minValue} is above max_value ${this.maxValue}`, {
        argument: 'minValue',
        expected: `at most max_value (${this.maxValue})`,
        given: String(this.minValue),
      });
    }
  }
  apply(weight: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(weight), this.axis, true));
      const desired = tf.add(tf.mul(this.rate, tf.clipByValue(norms, this.minValue, this.maxValue)), tf.mul(1 - this.rate, norms));
      return tf.mul(weight, tf.div(desired, tf.add(norms, 1e-7)));
    });
  }
  getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export const registry = new AliasRegistry<ConstraintClass>('constraint');
registry.register(['MaxNorm', 'maxnorm', 'max_norm'], MaxNorm, MaxNorm.spec.doc);
registry.register(['NonNeg', 'nonneg', 'non_neg'], NonNeg, NonNeg.spec.doc);
registry.register(['UnitNorm', 'unitnorm', 'unit_norm'], UnitNorm, UnitNorm.spec.doc);
registry.register(['MinMaxNorm', 'min_max_norm'], MinMaxNorm, MinMaxNorm.spec.doc);

export type ConstraintLike = string | Constraint | ((weight: tf.Tensor) => tf.Tensor);

export function get(value: ConstraintLike, context: { layer?: string; argument?: string } = {}): Constraint {
  if (typeof value === 'string') return new (registry.get(value, context) as unknown as new () => Constraint)();
  if (typeof value === 'function') return { apply: value };
  if (typeof value !== 'object' || value === null || typeof (value as { apply?: unknown }).apply !== 'function') {
    const expected = `an alias (${registry.names().join(', ')}), a function or an object with an apply method`;
    throw new KeraflowError(`${context.layer ? `${context.layer}: ` : ''}constraint ${describeValue(value)}${context.argument ? ` for argument '${context.argument}'` : ''} is not ${expected}`, {
      ...context,
      expected,
      given: describeValue(value),
    });
  }
  return value;
}

import * as tf from '@tensorflow/tfjs-core';
import { AliasRegistry } from './engine/registry.ts';
import { describeValue, KeraflowError } from './errors.ts';
import { bindArgumentsOrThrow, type ClassSpec } from './engine/spec.ts';

/** A regularizer adds a penalty on a parameter to the training loss. */
export interface Regularizer {
  penalty(weight: tf.Tensor): tf.Scalar;
}

/** A regularizer class: constructed from its spec's arguments. */
export interface RegularizerClass {
  readonly spec: ClassSpec;
  new (...args: never[]): Regularizer;
}

/** l1 · Σ|w| + l2 · Σw²: what every built-in regularizer computes. */
abstract class WeightPenalty implements Regularizer {
  constructor(
    readonly l1: number,
    readonly l2: number,
  ) {}

  penalty(weight: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      let total: tf.Scalar = tf.scalar(0);
      if (this.l1 !== 0) total = tf.add(total, tf.mul(this.l1, tf.sum(tf.abs(weight))));
      if (this.l2 !== 0) total = tf.add(total, tf.mul(this.l2, tf.sum(tf.square(weight))));
      return total;
    });
  }

  /** Constructor arguments, for saving. */
  abstract getConfig(): Record<string, unknown>;
}

/** Positional values up to the last one given. */
function given(...values: (number | undefined)[]): number[] {
  const last = values.findLastIndex((v) => v !== undefined);
  return values.slice(0, last + 1) as number[];
}

/** l1 · Σ|w| + l2 · Σw². */
export class L1L2 extends WeightPenalty {
  static readonly spec: ClassSpec = {
    className: 'L1L2',
    doc: 'Penalty l1 · Σ|w| + l2 · Σw².',
    args: [
      { name: 'l1', type: 'float', positional: true, default: 0.01, min: 0, doc: 'Weight of the L1 penalty.' },
      { name: 'l2', type: 'float', positional: true, default: 0.01, min: 0, doc: 'Weight of the L2 penalty.' },
    ],
  };
  constructor(l1?: number, l2?: number) {
    const { values } = bindArgumentsOrThrow(L1L2.spec, given(l1, l2), {});
    super(values.l1 as number, values.l2 as number);
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** l1 · Σ|w|. */
export class L1 extends WeightPenalty {
  static readonly spec: ClassSpec = {
    className: 'L1',
    doc: 'Penalty l1 · Σ|w|.',
    args: [{ name: 'l1', type: 'float', positional: true, default: 0.01, min: 0, doc: 'Weight of the penalty.' }],
  };
  constructor(l1?: number) {
    super(bindArgumentsOrThrow(L1.spec, given(l1), {}).values.l1 as number, 0);
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/** l2 · Σw². */
export class L2 extends WeightPenalty {
  static readonly spec: ClassSpec = {
    className: 'L2',
    doc: 'Penalty l2 · Σw².',
    args: [{ name: 'l2', type: 'float', positional: true, default: 0.01, min: 0, doc: 'Weight of the penalty.' }],
  };
  constructor(l2?: number) {
    super(0, bindArgumentsOrThrow(L2.spec, given(l2), {}).values.l2 as number);
  }
  getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/** Aliases and class names -> classes (an alias makes an instance with the defaults). */
export const registry = new AliasRegistry<RegularizerClass>('regularizer');
registry.register(['L1', 'l1'], L1, L1.spec.doc);
registry.register(['L2', 'l2'], L2, L2.spec.doc);
registry.register(['L1L2', 'l1l2', 'l1_l2'], L1L2, L1L2.spec.doc);

export type RegularizerLike = string | Regularizer | ((weight: tf.Tensor) => tf.Scalar);

export function get(value: RegularizerLike, context: { layer?: string; argument?: string } = {}): Regularizer {
  if (typeof value === 'string') return new (registry.get(value, context) as unknown as new () => Regularizer)();
  if (typeof value === 'function') return { penalty: value };
  if (typeof value !== 'object' || value === null || typeof (value as { penalty?: unknown }).penalty !== 'function') {
    const expected = `an alias (${registry.names().join(', ')}), a function or an object with a penalty method`;
    throw new KeraflowError(`${context.layer ? `${context.layer}: ` : ''}regularizer ${describeValue(value)}${context.argument ? ` for argument '${context.argument}'` : ''} is not ${expected}`, {
      ...context,
      expected,
      given: describeValue(value),
    });
  }
  return value;
}

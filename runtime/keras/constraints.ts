/**
 * The constraints of the Keras dialect (a `use keras` file, `keraflow/keras`):
 * Keraflow's classes under Keras 3's argument names. Only MaxNorm differs
 * (Keras's `max_value` is Keraflow's `m`); NonNeg, UnitNorm and MinMaxNorm
 * are Keraflow's own, whose arguments are Keras's already.
 */
import * as constraints from '../constraints.ts';
import { AliasRegistry } from '../engine/registry.ts';
import type { ClassSpec } from '../engine/spec.ts';

export { MinMaxNorm, NonNeg, UnitNorm } from '../constraints.ts';

/** Keras's MaxNorm(max_value=2, axis=0): Keraflow's MaxNorm, its first argument named as Keras names it. */
export class MaxNorm extends constraints.MaxNorm {
  static override readonly spec: ClassSpec = {
    ...constraints.MaxNorm.spec,
    doc: 'Caps the L2 norm of each slice along `axis` at `max_value`.',
    args: constraints.MaxNorm.spec.args.map((arg) => (arg.name === 'm' ? { ...arg, name: 'maxValue' } : arg)),
  };
}

/** Class names and Keras's function names (`max_norm`) -> the Keras dialect's classes. */
export const registry = new AliasRegistry<constraints.ConstraintClass>('constraint');
registry.register(['MaxNorm', 'max_norm'], MaxNorm, MaxNorm.spec.doc);
registry.register(['NonNeg', 'non_neg'], constraints.NonNeg, constraints.NonNeg.spec.doc);
registry.register(['UnitNorm', 'unit_norm'], constraints.UnitNorm, constraints.UnitNorm.spec.doc);
registry.register(['MinMaxNorm', 'min_max_norm'], constraints.MinMaxNorm, constraints.MinMaxNorm.spec.doc);

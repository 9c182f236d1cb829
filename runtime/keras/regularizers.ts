/**
 * The regularizers of the Keras dialect (a `use keras` file, `keraflow/keras`):
 * Keraflow's classes with Keras 3's defaults. Only L1L2 differs: Keras's
 * `L1L2()` is no penalty (l1 = l2 = 0), Keraflow's 0.01 each; L1 and L2 are
 * Keraflow's own (l1=0.01, l2=0.01, as Keras's).
 */
import { AliasRegistry } from '../engine/registry.ts';
import type { ClassSpec } from '../engine/spec.ts';
import * as regularizers from '../regularizers.ts';

export { L1, L2 } from '../regularizers.ts';

/** Keras's L1L2(l1=0, l2=0). */
export class L1L2 extends regularizers.L1L2 {
  static override readonly spec: ClassSpec = {
    ...regularizers.L1L2.spec,
    doc: 'Penalty l1 · Σ|w| + l2 · Σw² (both 0 unless given, as in Keras).',
    args: regularizers.L1L2.spec.args.map((arg) => ({ ...arg, default: 0 })),
  };
  constructor(l1?: number, l2?: number) {
    super(l1 ?? 0, l2 ?? 0);
  }
}

/** Class names and Keras's function names (`l1_l2`) -> the Keras dialect's classes. */
export const registry = new AliasRegistry<regularizers.RegularizerClass>('regularizer');
registry.register(['L1', 'l1'], regularizers.L1, regularizers.L1.spec.doc);
registry.register(['L2', 'l2'], regularizers.L2, regularizers.L2.spec.doc);
registry.register(['L1L2', 'l1_l2'], L1L2, L1L2.spec.doc);

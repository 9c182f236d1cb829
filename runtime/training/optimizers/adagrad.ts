import type * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../engine/spec.ts';
import { applyUpdate } from './update.ts';
import { CLIPPING_ARGS, epsilonArg, learningRateArg, Optimizer, type OptimizerOptions } from './optimizer.ts';

export interface AdagradOptions extends OptimizerOptions {
  /** Fuzz factor (default 1e-8). */
  epsilon?: number;
}

/**
 * Adagrad (Keraflow's rule, as Keras's):
 *   a = a + g²;  p = p - lr · g / (√a + epsilon),  a starting at 0
 * TensorFlow.js's `tf.train.adagrad` starts a at 0.1 and takes √(a + epsilon).
 */
export class Adagrad extends Optimizer {
  static override readonly spec: ClassSpec = {
    className: 'Adagrad',
    doc: "Scales each parameter's rate by the inverse root of its summed squared gradients.",
    args: [learningRateArg(0.01), epsilonArg(), ...CLIPPING_ARGS],
  };

  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super(options as AdagradOptions & Record<string, unknown>);
    this.epsilon = this.args.epsilon as number;
  }

  protected slotCount(): number {
    return 1;
  }

  protected updateParameter(parameter: tf.Variable, gradient: tf.Tensor, [sum]: readonly tf.Variable[]): void {
    applyUpdate('adagrad', [parameter, gradient, sum], [this.lr, this.epsilon]);
  }
}

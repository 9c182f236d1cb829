import type * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../engine/spec.ts';
import { applyUpdate } from './update.ts';
import { CLIPPING_ARGS, epsilonArg, learningRateArg, Optimizer, type OptimizerOptions } from './optimizer.ts';

export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay of the moving averages (default 0.95). */
  rho?: number;
  /** Fuzz factor (default 1e-8). */
  epsilon?: number;
}

/**
 * Adadelta (Keraflow's rule, as TensorFlow.js's `tf.train.adadelta`):
 *   a = rho · a + (1 - rho) · g²
 *   u = g · √(d + epsilon) / √(a + epsilon);  p = p - lr · u
 *   d = rho · d + (1 - rho) · u²
 */
export class Adadelta extends Optimizer {
  static override readonly spec: ClassSpec = {
    className: 'Adadelta',
    doc: "Adapts each parameter's rate from moving averages of squared gradients and squared updates.",
    args: [learningRateArg(1), { name: 'rho', type: 'float', default: 0.95, min: 0, below: 1, doc: 'Decay of the moving averages.' }, epsilonArg(), ...CLIPPING_ARGS],
  };

  readonly rho: number;
  readonly epsilon: number;

  constructor(options: AdadeltaOptions = {}) {
    super(options as AdadeltaOptions & Record<string, unknown>);
    this.rho = this.args.rho as number;
    this.epsilon = this.args.epsilon as number;
  }

  protected slotCount(): number {
    return 2;
  }

  protected updateParameter(parameter: tf.Variable, gradient: tf.Tensor, [average, deltaAverage]: readonly tf.Variable[]): void {
    applyUpdate('adadelta', [parameter, gradient, average, deltaAverage], [this.rho, 1 - this.rho, this.lr, this.epsilon]);
  }
}

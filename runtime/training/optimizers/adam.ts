import type * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../engine/spec.ts';
import { applyUpdate } from './update.ts';
import { CLIPPING_ARGS, epsilonArg, learningRateArg, Optimizer, type OptimizerOptions } from './optimizer.ts';

export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment average (default 0.9); `beta_1` in .kf files. */
  beta1?: number;
  /** Decay of the second-moment average (default 0.999); `beta_2` in .kf files. */
  beta2?: number;
  /** Fuzz factor (default 1e-8). */
  epsilon?: number;
}

export const betaArgs = [
  { name: 'beta1', type: 'float', default: 0.9, min: 0, below: 1, doc: 'Decay of the first-moment (mean) average.' },
  { name: 'beta2', type: 'float', default: 0.999, min: 0, below: 1, doc: 'Decay of the second-moment average.' },
] as const;

/**
 * Adam (Keraflow's rule, as Keras's), at update t:
 *   m = beta1 · m + (1 - beta1) · g;  v = beta2 · v + (1 - beta2) · g²
 *   p = p - lr · √(1 - beta2^t) / (1 - beta1^t) · m / (√v + epsilon)
 * TensorFlow.js's `tf.train.adam` corrects m and v first, so its epsilon
 * is added to √v̂ rather than to √v (the same rule, epsilon rescaled).
 */
export class Adam extends Optimizer {
  static override readonly spec: ClassSpec = {
    className: 'Adam',
    doc: 'Adaptive moment estimation: moving averages of the gradient and its square, bias-corrected.',
    args: [learningRateArg(0.001), ...betaArgs, epsilonArg(), ...CLIPPING_ARGS],
  };

  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamOptions = {}) {
    super(options as AdamOptions & Record<string, unknown>);
    this.beta1 = this.args.beta1 as number;
    this.beta2 = this.args.beta2 as number;
    this.epsilon = this.args.epsilon as number;
  }

  protected slotCount(): number {
    return 2;
  }

  protected updateParameter(parameter: tf.Variable, gradient: tf.Tensor, [mean, square]: readonly tf.Variable[], iteration: number): void {
    const lr = (this.lr * Math.sqrt(1 - this.beta2 ** iteration)) / (1 - this.beta1 ** iteration);
    applyUpdate('adam', [parameter, gradient, mean, square], [this.beta1, 1 - this.beta1, this.beta2, 1 - this.beta2, lr, this.epsilon]);
  }
}

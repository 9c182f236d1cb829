import type * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../engine/spec.ts';
import { betaArgs } from './adam.ts';
import { applyUpdate } from './update.ts';
import { CLIPPING_ARGS, epsilonArg, learningRateArg, Optimizer, type OptimizerOptions } from './optimizer.ts';

export interface AdamaxOptions extends OptimizerOptions {
  /** Decay of the first-moment average (default 0.9); `beta_1` in .kf files. */
  beta1?: number;
  /** Decay of the infinity norm (default 0.999); `beta_2` in .kf files. */
  beta2?: number;
  /** Fuzz factor (default 1e-8). */
  epsilon?: number;
}

/**
 * Adamax, Adam with the infinity norm (Keraflow's rule, as TensorFlow.js's
 * `tf.train.adamax`), at update t:
 *   m = beta1 · m + (1 - beta1) · g;  u = max(beta2 · u, |g|)
 *   p = p - lr / (1 - beta1^t) · m / (u + epsilon)
 */
export class Adamax extends Optimizer {
  static override readonly spec: ClassSpec = {
    className: 'Adamax',
    doc: 'Adam with the infinity norm of past gradients in place of their second moment.',
    args: [learningRateArg(0.002), ...betaArgs, epsilonArg(), ...CLIPPING_ARGS],
  };

  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamaxOptions = {}) {
    super(options as AdamaxOptions & Record<string, unknown>);
    this.beta1 = this.args.beta1 as number;
    this.beta2 = this.args.beta2 as number;
    this.epsilon = this.args.epsilon as number;
  }

  protected slotCount(): number {
    return 2;
  }

  protected updateParameter(parameter: tf.Variable, gradient: tf.Tensor, [mean, norm]: readonly tf.Variable[], iteration: number): void {
    const lr = this.lr / (1 - this.beta1 ** iteration);
    applyUpdate('adamax', [parameter, gradient, mean, norm], [this.beta1, 1 - this.beta1, this.beta2, lr, this.epsilon]);
  }
}

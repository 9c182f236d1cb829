import type * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../engine/spec.ts';
import { applyUpdate } from './update.ts';
import { CLIPPING_ARGS, epsilonArg, learningRateArg, Optimizer, type OptimizerOptions } from './optimizer.ts';

export interface RMSpropOptions extends OptimizerOptions {
  /** Decay of the moving average of squared gradients (default 0.9). */
  rho?: number;
  /** Fuzz factor (default 1e-8). */
  epsilon?: number;
}

/**
 * RMSprop (Keraflow's rule, as Keras's):
 *   a = rho · a + (1 - rho) · g²;  p = p - lr · g / (√a + epsilon)
 * TensorFlow.js's `tf.train.rmsprop` puts epsilon inside the root, √(a + epsilon).
 */
export class RMSprop extends Optimizer {
  static override readonly spec: ClassSpec = {
    className: 'RMSprop',
    doc: 'Divides the gradient by a moving average of its recent magnitude; a good choice for recurrent networks.',
    args: [learningRateArg(0.001), { name: 'rho', type: 'float', default: 0.9, min: 0, below: 1, doc: 'Decay of the moving average of squared gradients.' }, epsilonArg(), ...CLIPPING_ARGS],
  };

  readonly rho: number;
  readonly epsilon: number;

  constructor(options: RMSpropOptions = {}) {
    super(options as RMSpropOptions & Record<string, unknown>);
    this.rho = this.args.rho as number;
    this.epsilon = this.args.epsilon as number;
  }

  protected slotCount(): number {
    return 1;
  }

  protected updateParameter(parameter: tf.Variable, gradient: tf.Tensor, [average]: readonly tf.Variable[]): void {
    applyUpdate('rmsprop', [parameter, gradient, average], [this.rho, 1 - this.rho, this.lr, this.epsilon]);
  }
}

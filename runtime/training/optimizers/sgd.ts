import type * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../engine/spec.ts';
import { applyUpdate } from './update.ts';
import { CLIPPING_ARGS, learningRateArg, Optimizer, type OptimizerOptions } from './optimizer.ts';

export interface SGDOptions extends OptimizerOptions {
  /** Velocity kept from one update to the next (default 0: plain gradient descent). */
  momentum?: number;
  /** The learning rate at update t is lr / (1 + decay · t) (default 0). */
  decay?: number;
  /** Nesterov momentum: step along the velocity after looking ahead (default false). */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and
 * learning-rate decay (Keraflow's rule):
 *   lr_t = lr / (1 + decay · (t - 1));  v = momentum · v - lr_t · g
 *   p = p + v                      (nesterov: p + momentum · v - lr_t · g)
 * With a constant rate this is TensorFlow.js's `tf.train.momentum`.
 */
export class SGD extends Optimizer {
  static override readonly spec: ClassSpec = {
    className: 'SGD',
    doc: 'Stochastic gradient descent, with momentum, Nesterov momentum and learning-rate decay.',
    args: [
      learningRateArg(0.01),
      { name: 'momentum', type: 'float', default: 0, min: 0, doc: 'Velocity kept from one update to the next.' },
      { name: 'decay', type: 'float', default: 0, min: 0, doc: 'Learning-rate decay per update: lr / (1 + decay · t).' },
      { name: 'nesterov', type: 'bool', default: false, doc: 'Whether to use Nesterov momentum.' },
      ...CLIPPING_ARGS,
    ],
  };

  readonly momentum: number;
  readonly decay: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super(options as SGDOptions & Record<string, unknown>);
    this.momentum = this.args.momentum as number;
    this.decay = this.args.decay as number;
    this.nesterov = this.args.nesterov as boolean;
  }

  protected slotCount(): number {
    return this.momentum === 0 ? 0 : 1;
  }

  protected updateParameter(parameter: tf.Variable, gradient: tf.Tensor, [velocity]: readonly tf.Variable[], iteration: number): void {
    const lr = this.decay === 0 ? this.lr : this.lr / (1 + this.decay * (iteration - 1));
    if (!velocity) applyUpdate('sgd', [parameter, gradient], [lr]);
    else applyUpdate(this.nesterov ? 'nesterov' : 'momentum', [parameter, gradient, velocity], [lr, this.momentum]);
  }
}

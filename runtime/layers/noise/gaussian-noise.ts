import * as tf from '@tensorflow/tfjs-core';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/**
 * Additive noise against overfitting: during training, each value gets
 * normal noise of mean 0 and deviation `sigma` added; outside training
 * (predict, evaluate) the layer is the identity.
 */
export class GaussianNoise extends Layer {
  static override readonly spec = {
    className: 'GaussianNoise',
    doc: 'Adds normal noise of mean 0 and deviation sigma to each value during training; the identity otherwise.',
    shape: 'any shape, kept',
    args: [{ name: 'sigma', type: 'float', positional: true, required: true, min: 0, doc: 'The standard deviation of the noise.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'GaussianNoise',
      // Seeded as Dropout: a fresh draw each step, no seed saved.
      config: (args) => ({ stddev: args.sigma, seed: null }),
      fromKeras: { args: (config) => ({ sigma: config.stddev }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GaussianNoise.spec>;

  constructor(sigma: number, options: LayerOptions = {}) {
    super([sigma], options);
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    if (!context.training || this.args.sigma === 0) return x;
    return tf.add(x, tf.randomNormal(x.shape, 0, this.args.sigma));
  }
}

registerLayer(GaussianNoise);

import * as tf from '@tensorflow/tfjs-core';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/**
 * Multiplicative noise: during training, each value is multiplied by normal
 * noise of mean 1 and deviation sqrt(dropRate / (1 - dropRate)), the
 * deviation of Dropout's own noise at that rate, so that the mean is kept;
 * outside training the layer is the identity.
 */
export class GaussianDropout extends Layer {
  static override readonly spec = {
    className: 'GaussianDropout',
    doc: 'Multiplies each value by normal noise of mean 1 and deviation sqrt(drop_rate / (1 - drop_rate)) during training; the identity otherwise.',
    shape: 'any shape, kept',
    args: [{ name: 'dropRate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The drop probability whose deviation the noise has, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'GaussianDropout',
      config: (args) => ({ rate: args.dropRate, seed: null }),
      fromKeras: { args: (config) => ({ dropRate: config.rate }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GaussianDropout.spec>;

  constructor(dropRate: number, options: LayerOptions = {}) {
    super([dropRate], options);
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const { dropRate } = this.args;
    if (!context.training || dropRate === 0) return x;
    return tf.mul(x, tf.randomNormal(x.shape, 1, Math.sqrt(dropRate / (1 - dropRate))));
  }
}

registerLayer(GaussianDropout);

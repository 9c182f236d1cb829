import * as tf from '@tensorflow/tfjs-core';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

/**
 * Keras 3's GaussianDropout: in training, multiplies each value by normal
 * noise of mean 1 and deviation sqrt(rate / (1 - rate)), the deviation of
 * Dropout's own noise, so that the mean is kept; identity otherwise.
 */
export class GaussianDropout extends Layer {
  static override readonly spec = {
    className: 'GaussianDropout',
    dialect: 'keras',
    doc: 'In training, multiplies each value by normal noise of mean 1 and deviation sqrt(rate / (1 - rate)); identity otherwise.',
    shape: 'the input shape',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The drop probability whose deviation the noise has, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'GaussianDropout',
      config: (args) => ({ rate: args.rate, seed: null }),
      fromKeras: { args: (config) => ({ rate: config.rate }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GaussianDropout.spec>;

  constructor(rate: number, options: LayerOptions = {}) {
    super([rate], options);
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const { rate } = this.args;
    if (!context.training || rate === 0) return x;
    return tf.mul(x, tf.randomNormal(x.shape, 1, Math.sqrt(rate / (1 - rate))));
  }
}

registerLayer(GaussianDropout);

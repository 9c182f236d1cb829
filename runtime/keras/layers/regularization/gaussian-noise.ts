import * as tf from '@tensorflow/tfjs-core';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

/** Keras 3's GaussianNoise: in training, adds zero-mean normal noise of deviation stddev to each value; identity otherwise. */
export class GaussianNoise extends Layer {
  static override readonly spec = {
    className: 'GaussianNoise',
    dialect: 'keras',
    doc: 'In training, adds normal noise of mean 0 and deviation stddev to each value; identity otherwise.',
    shape: 'the input shape',
    args: [{ name: 'stddev', type: 'float', positional: true, required: true, min: 0, doc: 'The standard deviation of the noise.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'GaussianNoise',
      // Seeded like Dropout: a fresh draw each step, no seed saved.
      config: (args) => ({ stddev: args.stddev, seed: null }),
      fromKeras: { args: (config) => ({ stddev: config.stddev }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GaussianNoise.spec>;

  constructor(stddev: number, options: LayerOptions = {}) {
    super([stddev], options);
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    if (!context.training || this.args.stddev === 0) return x;
    return tf.add(x, tf.randomNormal(x.shape, 0, this.args.stddev));
  }
}

registerLayer(GaussianNoise);

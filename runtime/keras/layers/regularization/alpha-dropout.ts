import * as tf from '@tensorflow/tfjs-core';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

// SELU's constants: a dropped value is set to SELU's lower bound, -ALPHA * SCALE.
const ALPHA = 1.6732632423543772;
const SCALE = 1.0507009873554805;

/**
 * Keras 3's AlphaDropout, for SELU networks: in training, sets each value to
 * SELU's saturation value with probability `rate`, then applies the affine
 * map that keeps a standard normal input's mean 0 and variance 1; identity
 * otherwise.
 */
export class AlphaDropout extends Layer {
  static override readonly spec = {
    className: 'AlphaDropout',
    dialect: 'keras',
    doc: "In training, sets each value to SELU's saturation value with probability rate, then rescales to keep mean and variance; identity otherwise.",
    shape: 'the input shape',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of values dropped, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'AlphaDropout',
      config: (args) => ({ rate: args.rate, noise_shape: null, seed: null }),
      fromKeras: {
        args: (config, keras) => {
          keras.only('noise_shape', null, 'Keraflow draws one value per element');
          return { rate: config.rate };
        },
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof AlphaDropout.spec>;

  constructor(rate: number, options: LayerOptions = {}) {
    super([rate], options);
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const { rate } = this.args;
    if (!context.training || rate === 0) return x;
    const dropped = -ALPHA * SCALE;
    const a = ((1 - rate) * (1 + rate * dropped ** 2)) ** -0.5;
    const b = -a * dropped * rate;
    const kept = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape), rate), 'float32');
    const mixed = tf.add(tf.mul(x, kept), tf.mul(tf.sub(1, kept), dropped));
    return tf.add(tf.mul(mixed, a), b);
  }
}

registerLayer(AlphaDropout);

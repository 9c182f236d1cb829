import * as tf from '@tensorflow/tfjs-core';
import { Layer, type CallContext, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/**
 * Dropout, as Keras does it ("inverted" dropout): during training each value
 * is zeroed with probability `dropRate` and the others are divided by
 * 1 - dropRate, so that the expected value is unchanged; outside training
 * (predict, evaluate) the layer is the identity.
 */
export class Dropout extends Layer {
  static override readonly spec = {
    className: 'Dropout',
    doc: 'Zeroes each value with probability drop_rate during training (scaling the rest by 1 / (1 - drop_rate)); the identity otherwise.',
    shape: 'any shape, kept',
    args: [{ name: 'dropRate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The probability of dropping each value, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'Dropout',
      config: (args) => ({ rate: args.dropRate, noise_shape: null, seed: null }),
      fromKeras: { args: (config) => ({ dropRate: config.rate }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Dropout.spec>;

  readonly dropRate: number;

  constructor(dropRate: number, options: LayerOptions = {}) {
    super([dropRate], options);
    this.dropRate = this.args.dropRate;
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    if (!context.training || this.dropRate === 0) return x;
    return tf.dropout(x, this.dropRate);
  }
}

registerLayer(Dropout);

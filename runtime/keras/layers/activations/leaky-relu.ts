import * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of LeakyReLU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of LeakyReLU, after its positional arguments; every layer also takes LayerOptions. */
export interface LeakyReLUOptions extends LayerOptions {
  /** Slope below 0. Default: 0.3. */
  negativeSlope?: number;
}
/** Checked by tsc: LeakyReLUOptions says what LeakyReLU.spec says. */
export type LeakyReLUOptionsFollowSpec = Assert<SameType<LeakyReLUOptions, LayerOptions & OptionsOf<typeof LeakyReLU.spec>>>;
// </options>

/** Keras 3's LeakyReLU: x for x ≥ 0, negative_slope · x below. */
export class LeakyReLU extends Layer {
  static override readonly spec = {
    className: 'LeakyReLU',
    dialect: 'keras',
    doc: 'Leaky rectified linear unit: x for x ≥ 0, negative_slope · x below.',
    shape: 'the input shape',
    args: [{ name: 'negativeSlope', type: 'float', default: 0.3, min: 0, doc: 'Slope below 0.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'LeakyReLU',
      // TensorFlow.js calls the slope alpha, Keras 3 negative_slope.
      config: (args, keras) => (keras.target === 'keras3' ? { negative_slope: args.negativeSlope } : { alpha: args.negativeSlope }),
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof LeakyReLU.spec>;

  constructor(options: LeakyReLUOptions = {}) {
    super([], options);
  }

  call(x: tf.Tensor): tf.Tensor {
    return tf.leakyRelu(x, this.args.negativeSlope);
  }
}

registerLayer(LeakyReLU);

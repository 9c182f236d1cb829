import * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of ReLU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ReLU, after its positional arguments; every layer also takes LayerOptions. */
export interface ReLUOptions extends LayerOptions {
  /** The largest output; none: no cap. Default: null. */
  maxValue?: number | null;
  /** Slope below the threshold. Default: 0. */
  negativeSlope?: number;
  /** Where the slope changes. Default: 0. */
  threshold?: number;
}
/** Checked by tsc: ReLUOptions says what ReLU.spec says. */
export type ReLUOptionsFollowSpec = Assert<SameType<ReLUOptions, LayerOptions & OptionsOf<typeof ReLU.spec>>>;
// </options>

/**
 * Keras 3's ReLU: x above the threshold (capped at max_value), and
 * negative_slope · (x - threshold) below it.
 */
export class ReLU extends Layer {
  static override readonly spec = {
    className: 'ReLU',
    dialect: 'keras',
    doc: 'Rectified linear unit: x for x ≥ threshold (capped at max_value), negative_slope · (x - threshold) below.',
    shape: 'the input shape',
    args: [
      { name: 'maxValue', type: 'float', default: null, nullable: true, min: 0, doc: 'The largest output; none: no cap.' },
      { name: 'negativeSlope', type: 'float', default: 0, min: 0, doc: 'Slope below the threshold.' },
      { name: 'threshold', type: 'float', default: 0, doc: 'Where the slope changes.' },
    ],
    params: [],
    inputs: 'single',
    keras: {
      className: 'ReLU',
      config: (args, keras) => {
        if (keras.target === 'keras3') return { max_value: args.maxValue, negative_slope: args.negativeSlope, threshold: args.threshold };
        if (args.negativeSlope !== 0 || args.threshold !== 0) return keras.unsupported('negativeSlope', "or threshold is set, and TensorFlow.js's ReLU has max_value only");
        return { max_value: args.maxValue };
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ReLU.spec>;

  constructor(options: ReLUOptions = {}) {
    super([], options);
  }

  call(x: tf.Tensor): tf.Tensor {
    const { maxValue, negativeSlope, threshold } = this.args;
    const shifted = tf.sub(x, threshold);
    let y = tf.where(tf.greaterEqual(x, threshold), x, tf.mul(shifted, negativeSlope));
    if (maxValue !== null) y = tf.minimum(y, maxValue);
    return y;
  }
}

registerLayer(ReLU);

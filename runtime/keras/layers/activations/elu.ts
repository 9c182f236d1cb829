import * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of ELU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ELU, after its positional arguments; every layer also takes LayerOptions. */
export interface ELUOptions extends LayerOptions {
  /** Scale of the negative part. Default: 1. */
  alpha?: number;
}
/** Checked by tsc: ELUOptions says what ELU.spec says. */
export type ELUOptionsFollowSpec = Assert<SameType<ELUOptions, LayerOptions & OptionsOf<typeof ELU.spec>>>;
// </options>

/** Keras 3's ELU: x for x > 0, alpha · (exp(x) - 1) below. */
export class ELU extends Layer {
  static override readonly spec = {
    className: 'ELU',
    dialect: 'keras',
    doc: 'Exponential linear unit: x for x > 0, alpha · (exp(x) - 1) otherwise.',
    shape: 'the input shape',
    args: [{ name: 'alpha', type: 'float', default: 1, doc: 'Scale of the negative part.' }],
    params: [],
    inputs: 'single',
    keras: { className: 'ELU', config: (args) => ({ alpha: args.alpha }) },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ELU.spec>;

  constructor(options: ELUOptions = {}) {
    super([], options);
  }

  call(x: tf.Tensor): tf.Tensor {
    const alpha = this.args.alpha;
    if (alpha === 1) return tf.elu(x);
    // relu(x) + alpha · (exp(min(x, 0)) - 1): the two parts, with no comparison for the gradient to go through.
    return tf.add(tf.relu(x), tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1)));
  }
}

registerLayer(ELU);

import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of Softmax>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Softmax, after its positional arguments; every layer also takes LayerOptions. */
export interface SoftmaxOptions extends LayerOptions {
  /** The axis the softmax normalizes, the batch axis being 0. Default: -1. */
  axis?: number;
}
/** Checked by tsc: SoftmaxOptions says what Softmax.spec says. */
export type SoftmaxOptionsFollowSpec = Assert<SameType<SoftmaxOptions, LayerOptions & OptionsOf<typeof Softmax.spec>>>;
// </options>

/** Keras 3's Softmax: exp(x) / sum(exp(x)) along `axis` (the batch axis is 0; default -1, the last). */
export class Softmax extends Layer {
  static override readonly spec = {
    className: 'Softmax',
    dialect: 'keras',
    doc: 'Softmax along an axis (the batch axis being 0; default -1, the last).',
    shape: 'the input shape',
    args: [{ name: 'axis', type: 'int', default: -1, doc: 'The axis the softmax normalizes, the batch axis being 0.' }],
    params: [],
    inputs: 'single',
    keras: { className: 'Softmax', config: (args) => ({ axis: args.axis }) },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Softmax.spec>;

  constructor(options: SoftmaxOptions = {}) {
    super([], options);
  }

  override checkInputShape(shape: Shape): void {
    const axis = this.args.axis;
    if (axis === 0 || axis >= shape.length || axis < -(shape.length - 1)) {
      throw this.shapeError(`normalizes along axis ${axis}, which must be an axis after the batch (1 to ${shape.length - 1}, or -1 to -${shape.length - 1})`, shape);
    }
  }

  call(x: tf.Tensor): tf.Tensor {
    const axis = this.args.axis < 0 ? x.rank + this.args.axis : this.args.axis;
    if (axis === x.rank - 1) return tf.softmax(x);
    // tf.softmax takes the last axis only: normalize by hand elsewhere.
    const exponentials = tf.exp(tf.sub(x, tf.max(x, axis, true)));
    return tf.div(exponentials, tf.sum(exponentials, axis, true));
  }
}

registerLayer(Softmax);

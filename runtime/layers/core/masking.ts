import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of Masking>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Masking, after its positional arguments; every layer also takes LayerOptions. */
export interface MaskingOptions extends LayerOptions {
  /** The value that marks padding. Default: 0. */
  maskValue?: number;
}
/** Checked by tsc: MaskingOptions says what Masking.spec says. */
export type MaskingOptionsFollowSpec = Assert<SameType<MaskingOptions, LayerOptions & OptionsOf<typeof Masking.spec>>>;
// </options>

/**
 * Masks padding anywhere in a model: a time step (axis 1) whose values all
 * equal `maskValue` is masked, so that the recurrent layers after it skip
 * it; as in Keras, the output is the input with each all-`maskValue` vector
 * (last axis) set to 0. An Input's `maskValue` masks the same way at the Input.
 */
export class Masking extends Layer {
  static override readonly spec = {
    className: 'Masking',
    doc: 'Masks the time steps whose values all equal mask_value: the recurrent layers after it skip them; all-mask_value vectors become 0.',
    shape: '[time, features...], kept',
    args: [{ name: 'maskValue', type: 'float', default: 0, doc: 'The value that marks padding.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'Masking',
      config: (args) => ({ mask_value: args.maskValue }),
      fromKeras: { args: (config) => ({ maskValue: config.mask_value ?? 0 }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Masking.spec>;

  constructor(options: MaskingOptions = {}) {
    super([], options);
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 3) throw this.shapeError('masks time steps: it takes inputs [batch, time, features...] (rank 3 or more)', shape, { reason: 'rank' });
  }

  /** Where a vector (last axis) has a value other than mask_value. */
  private keptVectors(x: tf.Tensor): tf.Tensor {
    return tf.any(tf.notEqual(x, tf.scalar(this.args.maskValue)), -1);
  }

  call(x: tf.Tensor): tf.Tensor {
    return tf.mul(
      x,
      tf.expandDims(
        tf.cast(
          withoutGradient(x, (input) => this.keptVectors(input)),
          x.dtype,
        ),
        -1,
      ),
    );
  }

  /** [batch, time]: a step is kept unless all its values equal mask_value (the incoming mask is replaced, as in Keras). */
  override computeMask(inputs: readonly tf.Tensor[]): tf.Tensor {
    return withoutGradient(inputs[0], (x) => {
      const kept = this.keptVectors(x);
      return kept.rank === 2
        ? kept
        : tf.any(
            kept,
            Array.from({ length: kept.rank - 2 }, (_, i) => i + 2),
          );
    });
  }
}

/**
 * `compute(x)` as one node whose gradient is 0. Comparisons have no
 * gradient, and after a trainable layer a mask is on the path that
 * backpropagation takes.
 */
function withoutGradient(x: tf.Tensor, compute: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  return tf.customGrad((...inputs) => {
    const input = inputs[0] as tf.Tensor;
    return { value: compute(input), gradFunc: () => tf.zerosLike(input) };
  })(x);
}

registerLayer(Masking);

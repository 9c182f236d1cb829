import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of PermuteDims>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of PermuteDims, after its positional arguments; every layer also takes LayerOptions. */
export interface PermuteDimsOptions extends LayerOptions {
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
}
/** Checked by tsc: PermuteDimsOptions says what PermuteDims.spec says. */
export type PermuteDimsOptionsFollowSpec = Assert<SameType<PermuteDimsOptions, LayerOptions & OptionsOf<typeof PermuteDims.spec>>>;
// </options>

/** No axis twice (a further check, against the input's rank, comes at link time). */
function checkDistinct(value: unknown): string | undefined {
  const axes = value as readonly number[];
  return new Set(axes).size === axes.length ? undefined : 'a permutation (no axis twice)';
}

/**
 * Reorders the axes of each sample: output axis i is input axis axes[i].
 * [batch, 2, 3, 4] with axes [2, 0, 1] -> [batch, 4, 2, 3]. Axes are
 * 0-based and exclude the batch (Keras's Permute counts from 1).
 */
export class PermuteDims extends Layer {
  static override readonly spec = {
    className: 'PermuteDims',
    doc: 'Reorders the axes of each sample: output axis i is input axis axes[i] (0: first non-batch axis).',
    shape: '[d0, d1, ...] -> [d_axes[0], d_axes[1], ...]',
    args: [{ name: 'axes', type: 'intList', positional: true, required: true, check: checkDistinct, doc: 'A permutation of the non-batch axes, e.g. [1, 0].' }, includeBatchDimArg],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: {
      className: 'Permute',
      config: (_args, keras) => ({ dims: (keras.layer as PermuteDims).permutation(keras.inputShapes[0]).slice(1) }),
      // Keras counts the batch axis, Keraflow does not.
      fromKeras: { args: (config) => ({ axes: (config.dims as number[]).map((axis) => axis - 1) }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof PermuteDims.spec>;

  readonly axes: readonly number[];
  readonly includeBatchDim: boolean;

  constructor(axes: readonly number[], options: PermuteDimsOptions = {}) {
    super([axes], options);
    this.axes = this.args.axes;
    this.includeBatchDim = this.args.includeBatchDim;
  }

  /** The permutation of all the axes, batch (0) first, as tf.transpose takes it. */
  permutation(shape: Shape): number[] {
    const expectedLength = shape.length - (this.includeBatchDim ? 0 : 1);
    const needs = (why: string) => `takes axes [${this.axes.join(', ')}], ${why}`;
    if (this.axes.length !== expectedLength) {
      const axes = `${expectedLength} ${this.includeBatchDim ? '' : 'non-batch '}axes`;
      throw this.shapeError(needs(`which must be a permutation of the ${axes} of its input`), shape, { expected: `a permutation of ${axes}` });
    }
    const positions = this.axes.map((axis) => resolveAxis(this, axis, shape.length, shape, { includeBatchDim: this.includeBatchDim, batchAllowed: true, argument: 'axes' }));
    const permutation = this.includeBatchDim ? positions : [0, ...positions];
    if (new Set(permutation).size !== permutation.length) {
      throw this.shapeError(needs('which name one axis twice (-1 and the last axis are the same)'), shape, { expected: 'a permutation' });
    }
    if (permutation[0] !== 0) throw this.shapeError(needs('which move the batch axis; it must stay first'), shape, { expected: 'the batch axis first' });
    return permutation;
  }

  override checkInputShape(shape: Shape): void {
    this.permutation(shape);
  }

  override outputShape(shape: Shape): Shape {
    return this.permutation(shape).map((axis) => shape[axis]);
  }

  call(x: tf.Tensor): tf.Tensor {
    return tf.transpose(x, this.permutation(x.shape));
  }

  /** A mask follows the time axis (1) only when the time axis stays where it is. */
  override computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], output: tf.Tensor): tf.Tensor | undefined {
    return this.permutation(inputs[0].shape)[1] === 1 ? super.computeMask(inputs, masks, output) : undefined;
  }
}

registerLayer(PermuteDims);

import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of ExpandDims>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ExpandDims, after its positional arguments; every layer also takes LayerOptions. */
export interface ExpandDimsOptions extends LayerOptions {
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
}
/** Checked by tsc: ExpandDimsOptions says what ExpandDims.spec says. */
export type ExpandDimsOptionsFollowSpec = Assert<SameType<ExpandDimsOptions, LayerOptions & OptionsOf<typeof ExpandDims.spec>>>;
// </options>

/**
 * Inserts an axis of size 1 at position `axis` of the output, as
 * numpy.expand_dims: [batch, 3, 4] with axis 0 -> [batch, 1, 3, 4], with
 * axis -1 -> [batch, 3, 4, 1]. The batch axis stays first.
 */
export class ExpandDims extends Layer {
  static override readonly spec = {
    className: 'ExpandDims',
    doc: 'Inserts an axis of size 1 at position axis of the output (0: first non-batch axis; -1: last).',
    shape: '[d1, ..., dn] -> the same with a new axis of size 1 at position axis',
    args: [{ name: 'axis', type: 'int', positional: true, required: true, doc: 'Where the new axis goes in the output; negative counts from the end.' }, includeBatchDimArg],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    // Keras's counterpart is a Reshape to the output shape, when that is concrete.
    keras: {
      className: 'Reshape',
      config: (_args, keras) => {
        const output = (keras.layer as ExpandDims).outputShape(keras.inputShapes[0]).slice(1);
        return output.every((size) => typeof size === 'number') ? { target_shape: output } : keras.unsupported('axis', 'expands an input of unknown sizes');
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ExpandDims.spec>;

  readonly axis: number;
  readonly includeBatchDim: boolean;

  constructor(axis: number, options: ExpandDimsOptions = {}) {
    super([axis], options);
    this.axis = this.args.axis;
    this.includeBatchDim = this.args.includeBatchDim;
  }

  /** The new axis's position in the output, batch = 0. */
  private position(shape: Shape): number {
    return resolveAxis(this, this.axis, shape.length + 1, shape, {
      includeBatchDim: this.includeBatchDim,
      batchAllowed: false,
      what: 'for a new axis of the input',
    });
  }

  override checkInputShape(shape: Shape): void {
    this.position(shape);
  }

  override outputShape(shape: Shape): Shape {
    const output = [...shape];
    output.splice(this.position(shape), 0, 1);
    return output;
  }

  call(x: tf.Tensor): tf.Tensor {
    return tf.expandDims(x, this.position(x.shape));
  }
}

registerLayer(ExpandDims);

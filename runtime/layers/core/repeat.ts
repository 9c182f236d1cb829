import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of Repeat>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Repeat, after its positional arguments; every layer also takes LayerOptions. */
export interface RepeatOptions extends LayerOptions {
  /** Where the new axis goes in the output; negative counts from the end. Default: 0. */
  axis?: number;
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
}
/** Checked by tsc: RepeatOptions says what Repeat.spec says. */
export type RepeatOptionsFollowSpec = Assert<SameType<RepeatOptions, LayerOptions & OptionsOf<typeof Repeat.spec>>>;
// </options>

/**
 * Repeats each sample n times along a new axis at position `axis` of the
 * output: [batch, 5] -> [batch, n, 5] (Keras's RepeatVector, for axis 0),
 * [batch, 3, 5] with axis -1 -> [batch, 3, 5, n].
 */
export class Repeat extends Layer {
  static override readonly spec = {
    className: 'Repeat',
    doc: 'Repeats each sample n times along a new axis (default: the first non-batch axis).',
    shape: '[d1, ..., dn] -> the same with a new axis of size n at position axis: [d] -> [n, d]',
    args: [
      { name: 'n', type: 'int', positional: true, required: true, min: 1, doc: 'How many times to repeat.' },
      { name: 'axis', type: 'int', default: 0, doc: 'Where the new axis goes in the output; negative counts from the end.' },
      includeBatchDimArg,
    ],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: {
      className: 'RepeatVector',
      config: (args, keras) =>
        keras.inputShapes[0].length === 2 && (keras.layer as Repeat).position(keras.inputShapes[0]) === 1
          ? { n: args.n }
          : keras.unsupported('axis', "is not the first axis of a batch of vectors, the only case Keras's RepeatVector covers"),
      fromKeras: { args: (config) => ({ n: config.n }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Repeat.spec>;

  readonly n: number;
  readonly axis: number;
  readonly includeBatchDim: boolean;

  constructor(n: number, options: RepeatOptions = {}) {
    super([n], options);
    this.n = this.args.n;
    this.axis = this.args.axis;
    this.includeBatchDim = this.args.includeBatchDim;
  }

  /** The new axis's position in the output, batch = 0. */
  position(shape: Shape): number {
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
    output.splice(this.position(shape), 0, this.n);
    return output;
  }

  call(x: tf.Tensor): tf.Tensor {
    const position = this.position(x.shape);
    // A broadcast product rather than tf.tile: its gradient is one sum, on any rank and backend.
    const copies = Array<number>(x.rank + 1).fill(1);
    copies[position] = this.n;
    return tf.mul(tf.expandDims(x, position), tf.ones(copies, x.dtype));
  }
}

registerLayer(Repeat);

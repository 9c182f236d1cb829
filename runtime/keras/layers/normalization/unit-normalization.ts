import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { ShapeError } from '../../../errors.ts';
import { resolveAxis } from '../../../layers/axis.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of UnitNormalization>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of UnitNormalization, after its positional arguments; every layer also takes LayerOptions. */
export interface UnitNormalizationOptions extends LayerOptions {
  /** The axis or axes whose norm becomes 1, the batch axis being 0; -1: the last. Default: -1. */
  axis?: number | number[];
}
/** Checked by tsc: UnitNormalizationOptions says what UnitNormalization.spec says. */
export type UnitNormalizationOptionsFollowSpec = Assert<SameType<UnitNormalizationOptions, LayerOptions & OptionsOf<typeof UnitNormalization.spec>>>;
// </options>

/** Keras 3's UnitNormalization: divides each sample by its L2 norm over `axis` (at least 1e-6, as Keras: x / sqrt(max(Σx², 1e-12))). */
export class UnitNormalization extends Layer {
  static override readonly spec = {
    className: 'UnitNormalization',
    dialect: 'keras',
    doc: 'Scales each sample to L2 norm 1 over the given axes.',
    shape: 'the input shape',
    args: [{ name: 'axis', type: 'intOrIntList', default: -1, doc: 'The axis or axes whose norm becomes 1, the batch axis being 0; -1: the last.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'UnitNormalization',
      tfjs: 'never',
      config: (args) => ({ axis: args.axis }),
      fromKeras: { args: (config) => ({ axis: config.axis ?? -1 }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UnitNormalization.spec>;

  constructor(options: UnitNormalizationOptions = {}) {
    super([], options);
  }

  /** The normalized axes as positions of the input (batch = 0). */
  private axes(shape: Shape): number[] {
    const given = Array.isArray(this.args.axis) ? this.args.axis : [this.args.axis as number];
    const axes = given.map((axis) => resolveAxis(this, axis, shape.length, shape, { includeBatchDim: true, batchAllowed: false }));
    if (new Set(axes).size !== axes.length) {
      throw new ShapeError(`${this.name} (${this.className}): axis ${JSON.stringify(given)} names an axis twice`, {
        layer: this.name,
        argument: 'axis',
        expected: 'distinct axes',
        given: JSON.stringify(given),
      });
    }
    return axes;
  }

  override checkInputShape(shape: Shape): void {
    this.axes(shape);
  }

  call(x: tf.Tensor): tf.Tensor {
    const squares = tf.sum(tf.square(x), this.axes(x.shape), true);
    return tf.mul(x, tf.rsqrt(tf.maximum(squares, 1e-12)));
  }
}

registerLayer(UnitNormalization);

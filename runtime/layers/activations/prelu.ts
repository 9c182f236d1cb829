import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import * as initializations from '../../initializations.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import { registerLayer } from '../registry.ts';

// <options of PReLU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of PReLU, after its positional arguments; every layer also takes LayerOptions. */
export interface PReLUOptions extends LayerOptions {
  /** Initialization of alpha. Default: 'zero'. */
  init?: string | initializations.Initialization;
  /** Axes along which one slope is shared (batch not counted: 0 is the first axis after it), e.g. [0, 1] for one slope per channel of an image; none: no sharing. Default: null. */
  sharedAxes?: readonly number[] | null;
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
}
/** Checked by tsc: PReLUOptions says what PReLU.spec says. */
export type PReLUOptionsFollowSpec = Assert<SameType<PReLUOptions, LayerOptions & OptionsOf<typeof PReLU.spec>>>;
// </options>

/**
 * Parametric ReLU: x for x ≥ 0, alpha · x below, with a learned slope for
 * each value of a sample (alpha has the input's shape without the batch),
 * or one slope shared along `sharedAxes` (alpha's size is 1 there: one
 * slope per channel of an image with the spatial axes shared).
 */
export class PReLU extends Layer {
  static override readonly spec = {
    className: 'PReLU',
    doc: 'Parametric ReLU: x for x ≥ 0, alpha · x below, alpha learned per value (shared along shared_axes).',
    shape: 'any shape, kept; alpha: the input shape, 1 on the shared axes',
    args: [
      { name: 'init', type: 'initialization', default: 'zero', doc: 'Initialization of alpha.' },
      {
        name: 'sharedAxes',
        type: 'intList',
        nullable: true,
        default: null,
        min: 0,
        doc: 'Axes along which one slope is shared (batch not counted: 0 is the first axis after it), e.g. [0, 1] for one slope per channel of an image; none: no sharing.',
      },
      includeBatchDimArg,
    ],
    params: ['alpha'],
    inputs: 'single',
    keras: {
      className: 'PReLU',
      config: (args, keras) => ({
        alpha_initializer: keras.initializer('init'),
        alpha_regularizer: keras.regularizer('alpha'),
        alpha_constraint: keras.constraint('alpha'),
        // Keras counts the batch axis.
        shared_axes: (args.sharedAxes as number[] | null)?.map((axis) => (args.includeBatchDim ? axis : axis + 1)) ?? null,
      }),
      weights: ({ alpha }) => ({ alpha }),
      fromKeras: {
        args: (config, keras) => {
          // Keras also takes a single axis.
          const shared = typeof config.shared_axes === 'number' ? [config.shared_axes] : ((config.shared_axes as number[] | null | undefined) ?? null);
          return { init: keras.initializer('alpha_initializer'), sharedAxes: shared?.map((axis) => axis - 1) ?? null };
        },
        params: ({ vars: [alpha] }) => ({ alpha }),
        weightParams: () => ({ alpha: ['alpha'] }),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof PReLU.spec>;

  constructor(options: PReLUOptions = {}) {
    super([], options);
  }

  /** Each shared axis as a position of the input (batch = 0). */
  private sharedPositions(shape: Shape): number[] {
    const { sharedAxes, includeBatchDim } = this.args;
    return (sharedAxes ?? []).map((axis) => resolveAxis(this, axis, shape.length, shape, { includeBatchDim, batchAllowed: false, argument: 'sharedAxes' }));
  }

  override checkInputShape(shape: Shape): void {
    this.sharedPositions(shape);
  }

  protected override initParams(shape: Shape): void {
    const shared = new Set(this.sharedPositions(shape));
    const alphaShape = shape.slice(1).map((size, index) => (shared.has(index + 1) ? 1 : size));
    this.addParam('alpha', alphaShape, initializations.get(this.args.init, { layer: this.name, argument: 'init' }));
  }

  call(x: tf.Tensor): tf.Tensor {
    const { alpha } = this.weights as Record<string, tf.Tensor>;
    return tf.sub(tf.relu(x), tf.mul(alpha, tf.relu(tf.neg(x))));
  }
}

registerLayer(PReLU);

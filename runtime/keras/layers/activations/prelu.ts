import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import * as initializations from '../../../initializations.ts';
import { resolveAxis } from '../../../layers/axis.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of PReLU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of PReLU, after its positional arguments; every layer also takes LayerOptions. */
export interface PReLUOptions extends LayerOptions {
  /** Initializer of alpha. Default: 'zeros'. */
  alphaInitializer?: string | initializations.Initialization;
  /** Axes (the batch axis being 0) along which one slope is shared, e.g. [1, 2] for one slope per channel of an image; none: no sharing. Default: null. */
  sharedAxes?: readonly number[] | null;
}
/** Checked by tsc: PReLUOptions says what PReLU.spec says. */
export type PReLUOptionsFollowSpec = Assert<SameType<PReLUOptions, LayerOptions & OptionsOf<typeof PReLU.spec>>>;
// </options>

/**
 * Keras 3's PReLU: x for x ≥ 0, alpha · x below, with a learned slope alpha
 * for each value of a sample (alpha has the input's shape without the batch),
 * or one slope shared along `shared_axes` (there alpha's size is 1).
 */
export class PReLU extends Layer {
  static override readonly spec = {
    className: 'PReLU',
    dialect: 'keras',
    doc: 'Parametric ReLU: x for x ≥ 0, alpha · x below, alpha learned per value (shared along shared_axes).',
    shape: 'the input shape; alpha: the input shape, 1 on the shared axes',
    args: [
      { name: 'alphaInitializer', type: 'initialization', default: 'zeros', doc: 'Initializer of alpha.' },
      {
        name: 'sharedAxes', type: 'intList', nullable: true, default: null, min: 1,
        doc: 'Axes (the batch axis being 0) along which one slope is shared, e.g. [1, 2] for one slope per channel of an image; none: no sharing.',
      },
    ],
    params: ['alpha'],
    inputs: 'single',
    keras: {
      className: 'PReLU',
      config: (args, keras) => ({
        alpha_initializer: keras.initializer('alphaInitializer'),
        alpha_regularizer: keras.regularizer('alpha'),
        alpha_constraint: keras.constraint('alpha'),
        shared_axes: args.sharedAxes,
      }),
      weights: ({ alpha }) => ({ alpha }),
      fromKeras: {
        args: (config, keras) => {
          keras.none('alpha_regularizer', 'alpha_constraint');
          const shared = config.shared_axes;
          // Keras also takes a single axis.
          return { alphaInitializer: keras.initializer('alpha_initializer'), sharedAxes: typeof shared === 'number' ? [shared] : (shared ?? null) };
        },
        params: ({ vars: [alpha] }) => ({ alpha }),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof PReLU.spec>;

  constructor(options: PReLUOptions = {}) {
    super([], options);
  }

  /** Each shared axis as a position of the input (batch = 0). */
  private sharedPositions(shape: Shape): number[] {
    return (this.args.sharedAxes ?? []).map((axis) => resolveAxis(this, axis, shape.length, shape, { includeBatchDim: true, batchAllowed: false, argument: 'sharedAxes' }));
  }

  override checkInputShape(shape: Shape): void {
    this.sharedPositions(shape);
  }

  protected override initParams(shape: Shape): void {
    const shared = new Set(this.sharedPositions(shape));
    const alphaShape = shape.slice(1).map((size, index) => (shared.has(index + 1) ? 1 : size));
    this.addParam('alpha', alphaShape, initializations.get(this.args.alphaInitializer, { layer: this.name, argument: 'alphaInitializer' }));
  }

  call(x: tf.Tensor): tf.Tensor {
    const { alpha } = this.weights as Record<string, tf.Tensor>;
    return tf.sub(tf.relu(x), tf.mul(alpha, tf.relu(tf.neg(x))));
  }
}

registerLayer(PReLU);

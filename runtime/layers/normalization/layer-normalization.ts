import * as tf from '@tensorflow/tfjs-core';
import { formatDim, isConcrete, type Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { ShapeError } from '../../errors.ts';
import * as initializations from '../../initializations.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of LayerNormalization>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of LayerNormalization, after its positional arguments; every layer also takes LayerOptions. */
export interface LayerNormalizationOptions extends LayerOptions {
  /** Added to the variance before its square root. Default: 0.001. */
  epsilon?: number;
  /** The axis or axes normalized (batch not counted: 0 is the first axis after it; -1 the last). Default: -1. */
  axis?: number | number[];
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
  /** Add the learned offset beta. Default: true. */
  center?: boolean;
  /** Multiply by the learned scale gamma. Default: true. */
  scale?: boolean;
}
/** Checked by tsc: LayerNormalizationOptions says what LayerNormalization.spec says. */
export type LayerNormalizationOptionsFollowSpec = Assert<SameType<LayerNormalizationOptions, LayerOptions & OptionsOf<typeof LayerNormalization.spec>>>;
// </options>

/**
 * Normalizes each sample over `axis` (one axis or several) to zero mean and
 * unit variance, then scales by gamma and shifts by beta (Ba et al. 2016);
 * the same in training and inference. Parameters gamma, beta with the sizes
 * of the normalized axes.
 */
export class LayerNormalization extends Layer {
  static override readonly spec = {
    className: 'LayerNormalization',
    doc: 'Normalizes each sample over the given axes, then scales by gamma and shifts by beta.',
    shape: 'any shape, kept; the normalized axes must have numbers as sizes',
    args: [
      { name: 'epsilon', type: 'float', default: 1e-3, above: 0, doc: 'Added to the variance before its square root.' },
      { name: 'axis', type: 'intOrIntList', default: -1, doc: 'The axis or axes normalized (batch not counted: 0 is the first axis after it; -1 the last).' },
      includeBatchDimArg,
      { name: 'center', type: 'bool', default: true, doc: 'Add the learned offset beta.' },
      { name: 'scale', type: 'bool', default: true, doc: 'Multiply by the learned scale gamma.' },
    ],
    params: ['gamma', 'beta'],
    activeParams: (args) => [...(args.scale ? ['gamma'] : []), ...(args.center ? ['beta'] : [])],
    inputs: 'single',
    keras: {
      className: 'LayerNormalization',
      config: (args, keras) => {
        const rank = keras.inputShapes[0].length;
        const axes = (Array.isArray(args.axis) ? args.axis : [args.axis]) as number[];
        return {
          axis: axes.map((axis) => (axis < 0 ? rank + axis : args.includeBatchDim ? axis : axis + 1)),
          epsilon: args.epsilon,
          center: args.center,
          scale: args.scale,
          beta_initializer: { class_name: 'Zeros', config: {} },
          gamma_initializer: { class_name: 'Ones', config: {} },
          beta_regularizer: keras.regularizer('beta'),
          gamma_regularizer: keras.regularizer('gamma'),
          beta_constraint: keras.constraint('beta'),
          gamma_constraint: keras.constraint('gamma'),
        };
      },
      weights: ({ gamma, beta }) => ({ gamma, beta }),
      fromKeras: {
        args: (config, keras) => {
          keras.none('activity_regularizer');
          keras.only('rms_scaling', false, "Keraflow's LayerNormalization subtracts the mean");
          // Keras counts the batch axis, Keraflow does not.
          const axes = (Array.isArray(config.axis) ? config.axis : [config.axis]).map((axis: number) => (axis < 0 ? axis : axis - 1));
          return { axis: axes.length === 1 ? axes[0] : axes, epsilon: config.epsilon, center: config.center ?? true, scale: config.scale ?? true };
        },
        params: ({ vars }, config) => {
          const names = [...(config.scale === false ? [] : ['gamma']), ...(config.center === false ? [] : ['beta'])];
          return Object.fromEntries(names.map((name, k) => [name, vars[k]]));
        },
        weightParams: (config) => ({ ...(config.scale === false ? {} : { gamma: ['gamma'] }), ...(config.center === false ? {} : { beta: ['beta'] }) }),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof LayerNormalization.spec>;

  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;

  constructor(options: LayerNormalizationOptions = {}) {
    super([], options);
    this.epsilon = this.args.epsilon;
    this.center = this.args.center;
    this.scale = this.args.scale;
  }

  /** The normalized axes among the input's axes (batch = 0), in increasing order. */
  normalizedAxes(shape: Shape): number[] {
    const given = (Array.isArray(this.args.axis) ? this.args.axis : [this.args.axis]) as number[];
    const axes = given.map((axis) => resolveAxis(this, axis, shape.length, shape, { includeBatchDim: this.args.includeBatchDim, batchAllowed: false }));
    if (new Set(axes).size !== axes.length) {
      throw new ShapeError(`${this.name} (${this.className}): axis ${JSON.stringify(given)} names an axis twice`, {
        layer: this.name,
        argument: 'axis',
        expected: 'distinct axes',
        given: JSON.stringify(given),
      });
    }
    return axes.sort((a, b) => a - b);
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 2) throw this.shapeError('takes inputs of rank 2 or more (batch included)', shape, { reason: 'rank' });
    for (const axis of this.normalizedAxes(shape)) {
      if (!isConcrete(shape[axis])) {
        throw this.shapeError(`needs concrete sizes on the normalized axes, found ${formatDim(shape[axis])}`, shape, { expected: 'concrete normalized axes', reason: 'concrete' });
      }
    }
  }

  protected override initParams(shape: Shape): void {
    const sizes = this.normalizedAxes(shape).map((axis) => shape[axis]);
    if (this.scale) this.addParam('gamma', sizes, initializations.one);
    if (this.center) this.addParam('beta', sizes, initializations.zero);
  }

  call(x: tf.Tensor): tf.Tensor {
    const { gamma, beta } = this.weights;
    const axes = this.normalizedAxes(x.shape);
    const broadcast = x.shape.map((size, i) => (axes.includes(i) ? size : 1));
    const { mean, variance } = tf.moments(x, axes, true);
    let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
    if (gamma) y = tf.mul(y, tf.reshape(gamma, broadcast));
    if (beta) y = tf.add(y, tf.reshape(beta, broadcast));
    return y;
  }
}

registerLayer(LayerNormalization);

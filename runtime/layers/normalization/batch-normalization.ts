import * as tf from '@tensorflow/tfjs-core';
import { formatDim, isConcrete, type Shape } from '../../engine/dimension.ts';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of BatchNormalization>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of BatchNormalization, after its positional arguments; every layer also takes LayerOptions. */
export interface BatchNormalizationOptions extends LayerOptions {
  /** Added to the variance before its square root. Default: 0.001. */
  epsilon?: number;
  /** How much of the moving statistics each training batch keeps. Default: 0.99. */
  momentum?: number;
  /** The feature axis (batch not counted: 0 is the first axis after it; -1 the last). Default: -1. */
  axis?: number;
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
  /** Add the learned offset beta. Default: true. */
  center?: boolean;
  /** Multiply by the learned scale gamma. Default: true. */
  scale?: boolean;
}
/** Checked by tsc: BatchNormalizationOptions says what BatchNormalization.spec says. */
export type BatchNormalizationOptionsFollowSpec = Assert<SameType<BatchNormalizationOptions, LayerOptions & OptionsOf<typeof BatchNormalization.spec>>>;
// </options>

/**
 * Normalizes each feature (along `axis`) to zero mean and unit variance,
 * then scales by gamma and shifts by beta (Ioffe & Szegedy 2015). In
 * training (`fit`) it uses the batch's statistics and moves moving_mean and
 * moving_variance towards them (moving = momentum * moving + (1 - momentum)
 * * batch, the batch variance biased, as tf.layers); otherwise it uses the
 * moving statistics. Parameters gamma, beta [features], and the state
 * moving_mean, moving_variance [features], which optimizers never touch
 * (`trainable: false`) but which are saved and loaded like the others.
 */
export class BatchNormalization extends Layer {
  static override readonly spec = {
    className: 'BatchNormalization',
    doc: 'Normalizes each feature by the batch statistics in training, by their moving averages otherwise.',
    shape: 'any shape, kept; the normalized axis must have a number as size',
    args: [
      { name: 'epsilon', type: 'float', default: 1e-3, above: 0, doc: 'Added to the variance before its square root.' },
      { name: 'momentum', type: 'float', default: 0.99, min: 0, max: 1, doc: 'How much of the moving statistics each training batch keeps.' },
      { name: 'axis', type: 'int', default: -1, doc: 'The feature axis (batch not counted: 0 is the first axis after it; -1 the last).' },
      includeBatchDimArg,
      { name: 'center', type: 'bool', default: true, doc: 'Add the learned offset beta.' },
      { name: 'scale', type: 'bool', default: true, doc: 'Multiply by the learned scale gamma.' },
    ],
    params: ['gamma', 'beta', 'moving_mean', 'moving_variance'],
    activeParams: (args) => [...(args.scale ? ['gamma'] : []), ...(args.center ? ['beta'] : []), 'moving_mean', 'moving_variance'],
    inputs: 'single',
    keras: {
      className: 'BatchNormalization',
      config: (args, keras) => {
        const rank = keras.inputShapes[0].length;
        const axis = args.axis as number;
        return {
          axis: args.includeBatchDim || axis < 0 ? (axis < 0 ? rank + axis : axis) : axis + 1,
          momentum: args.momentum,
          epsilon: args.epsilon,
          center: args.center,
          scale: args.scale,
          beta_initializer: { class_name: 'Zeros', config: {} },
          gamma_initializer: { class_name: 'Ones', config: {} },
          moving_mean_initializer: { class_name: 'Zeros', config: {} },
          moving_variance_initializer: { class_name: 'Ones', config: {} },
          beta_regularizer: keras.regularizer('beta'),
          gamma_regularizer: keras.regularizer('gamma'),
          beta_constraint: keras.constraint('beta'),
          gamma_constraint: keras.constraint('gamma'),
        };
      },
      weights: ({ gamma, beta, moving_mean, moving_variance }) => ({ gamma, beta, moving_mean, moving_variance }),
      fromKeras: {
        args: (config, keras) => {
          keras.none('activity_regularizer');
          keras.only('synchronized', false, "Keraflow's BatchNormalization is not synchronized across devices");
          const axis = Array.isArray(config.axis) && config.axis.length === 1 ? config.axis[0] : config.axis;
          if (typeof axis !== 'number') keras.unsupported('axis', `is ${JSON.stringify(config.axis)}, and Keraflow normalizes along one axis`);
          // Keras counts the batch axis, Keraflow does not.
          return { axis: axis < 0 ? axis : axis - 1, momentum: config.momentum, epsilon: config.epsilon, center: config.center ?? true, scale: config.scale ?? true };
        },
        // Keras's order: gamma (scale), beta (center), then the moving statistics.
        params: ({ vars }, config) => {
          const names = [...(config.scale === false ? [] : ['gamma']), ...(config.center === false ? [] : ['beta']), 'moving_mean', 'moving_variance'];
          return Object.fromEntries(names.map((name, k) => [name, vars[k]]));
        },
        weightParams: (config) => ({ ...(config.scale === false ? {} : { gamma: ['gamma'] }), ...(config.center === false ? {} : { beta: ['beta'] }) }),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof BatchNormalization.spec>;

  readonly epsilon: number;
  readonly momentum: number;
  readonly center: boolean;
  readonly scale: boolean;

  constructor(options: BatchNormalizationOptions = {}) {
    super([], options);
    this.epsilon = this.args.epsilon;
    this.momentum = this.args.momentum;
    this.center = this.args.center;
    this.scale = this.args.scale;
  }

  /** The feature axis among the input's axes, batch = 0. */
  featureAxis(shape: Shape): number {
    return resolveAxis(this, this.args.axis, shape.length, shape, { includeBatchDim: this.args.includeBatchDim, batchAllowed: false });
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 2) throw this.shapeError('takes inputs of rank 2 or more (batch included)', shape, { reason: 'rank' });
    const features = shape[this.featureAxis(shape)];
    if (!isConcrete(features)) {
      throw this.shapeError(`needs a concrete size on its feature axis, found ${formatDim(features)}`, shape, { expected: 'a concrete feature axis', reason: 'concrete' });
    }
  }

  protected override initParams(shape: Shape): void {
    const features = [shape[this.featureAxis(shape)]];
    if (this.scale) this.addParam('gamma', features, initializations.one);
    if (this.center) this.addParam('beta', features, initializations.zero);
    this.addParam('moving_mean', features, initializations.zero, { trainable: false });
    this.addParam('moving_variance', features, initializations.one, { trainable: false });
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const { gamma, beta, moving_mean: movingMean, moving_variance: movingVariance } = this.variables;
    const axis = this.featureAxis(x.shape);
    const broadcast = x.shape.map((size, i) => (i === axis ? size : 1));
    const reductionAxes = x.shape.map((_, i) => i).filter((i) => i !== axis);
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (context.training) {
      ({ mean, variance } = tf.moments(x, reductionAxes));
      // The moving statistics are state: updated here, never by an optimizer.
      const keep = this.momentum;
      movingMean.assign(tf.add(tf.mul(movingMean, keep), tf.mul(mean, 1 - keep)));
      movingVariance.assign(tf.add(tf.mul(movingVariance, keep), tf.mul(variance, 1 - keep)));
    } else {
      [mean, variance] = [movingMean, movingVariance];
    }
    // Written out rather than tf.batchNorm, whose gradients do not broadcast.
    let y = tf.mul(tf.sub(x, tf.reshape(mean, broadcast)), tf.rsqrt(tf.add(tf.reshape(variance, broadcast), this.epsilon)));
    if (gamma) y = tf.mul(y, tf.reshape(gamma, broadcast));
    if (beta) y = tf.add(y, tf.reshape(beta, broadcast));
    return y;
  }
}

registerLayer(BatchNormalization);

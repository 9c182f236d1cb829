import * as tf from '@tensorflow/tfjs-core';
import { formatDim, isConcrete, type Shape } from '../../engine/dimension.ts';
import { Layer, type CallContext, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import { registerLayer } from '../registry.ts';

export interface BatchNormalizationOptions extends LayerOptions {
  /** Added to the variance before its square root (default 1e-3). */
  epsilon?: number;
  /** How much of the moving statistics each training batch keeps (default 0.99). */
  momentum?: number;
  /** The feature axis, normalized per feature (default -1, the last; batch not counted). */
  axis?: number;
  /** Whether `axis` counts the batch dimension (default false). */
  includeBatchDim?: boolean;
  /** Add the learned offset beta (default true). */
  center?: boolean;
  /** Multiply by the learned scale gamma (default true). */
  scale?: boolean;
}

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
  static override readonly spec: LayerSpec = {
    className: 'BatchNormalization',
    doc: 'Normalizes each feature by the batch statistics in training, by their moving averages otherwise.',
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
    },
  };

  readonly epsilon: number;
  readonly momentum: number;
  readonly center: boolean;
  readonly scale: boolean;

  constructor(options: BatchNormalizationOptions = {}) {
    super([], options as LayerOptions & Record<string, unknown>);
    this.epsilon = this.args.epsilon as number;
    this.momentum = this.args.momentum as number;
    this.center = this.args.center as boolean;
    this.scale = this.args.scale as boolean;
  }

  /** The feature axis among the input's axes, batch = 0. */
  featureAxis(shape: Shape): number {
    return resolveAxis(this, this.args.axis as number, shape.length, shape, { includeBatchDim: this.args.includeBatchDim as boolean, batchAllowed: false });
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
    const { gamma, beta, moving_mean: movingMean, moving_variance: movingVariance } = this.weights;
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

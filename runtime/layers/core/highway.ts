import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import { formatDim, isConcrete, type Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
import { registerLayer } from '../registry.ts';

export interface HighwayOptions extends LayerOptions {
  /** The first value of every entry of b_carry (default -2: the layer starts by mostly carrying its input). */
  transformBias?: number;
  /** How W and W_carry start (default glorot_uniform); b starts at zero. */
  init?: string | initializations.Initialization;
  /** Applied to x · W + b (default linear). */
  activation?: string | activations.Activation;
  /** Whether to add b and b_carry (default true). */
  bias?: boolean;
}

/** x · W on the last axis, for inputs of any rank ≥ 2. */
function dotLastAxis(x: tf.Tensor, W: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return tf.matMul(x, W);
  const y = tf.matMul(tf.reshape(x, [-1, x.shape.at(-1)!]), W);
  return tf.reshape(y, [...x.shape.slice(0, -1), W.shape.at(-1)!]);
}

/**
 * A highway layer (Srivastava et al., 2015; Keras 1's Highway) on the last
 * axis: y = activation(x · W + b) · t + x · (1 - t), with the transform gate
 * t = sigmoid(x · W_carry + b_carry). The output has the input's shape.
 * Parameters: W, W_carry [dim, dim], b, b_carry [dim].
 */
export class Highway extends Layer {
  static override readonly spec: LayerSpec = {
    className: 'Highway',
    doc: 'Highway layer: activation(x · W + b) · t + x · (1 - t), gate t = sigmoid(x · W_carry + b_carry); the shape is kept.',
    args: [
      { name: 'transformBias', type: 'float', default: -2, doc: 'First value of b_carry; negative: the layer starts by carrying its input.' },
      { name: 'init', type: 'initialization', default: 'glorot_uniform', doc: 'Initialization of W and W_carry.' },
      { name: 'activation', type: 'activation', default: 'linear', doc: 'Activation of the transform x · W + b.' },
      { name: 'bias', type: 'bool', default: true, doc: 'Whether to add the biases b and b_carry.' },
    ],
    params: ['W', 'W_carry', 'b', 'b_carry'],
    activeParams: (args) => (args.bias ? ['W', 'W_carry', 'b', 'b_carry'] : ['W', 'W_carry']),
    inputs: 'single',
  };

  readonly transformBias: number;
  readonly bias: boolean;
  private readonly init: initializations.Initialization;
  private readonly activation: activations.Activation;

  constructor(options: HighwayOptions = {}) {
    super([], options as LayerOptions & Record<string, unknown>);
    this.transformBias = this.args.transformBias as number;
    this.bias = this.args.bias as boolean;
    this.init = initializations.get(this.args.init as string, { layer: this.name, argument: 'init' });
    this.activation = activations.get(this.args.activation as string, { layer: this.name, argument: 'activation' });
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 2) throw this.shapeError('takes inputs of rank 2 or more (batch included)', shape, { reason: 'rank' });
    const dim = shape.at(-1)!;
    if (!isConcrete(dim)) throw this.shapeError(`needs a concrete last dimension, found ${formatDim(dim)}`, shape, { expected: 'a concrete last dimension', reason: 'concrete' });
  }

  protected override initParams(shape: Shape): void {
    const dim = shape.at(-1)!;
    this.addParam('W', [dim, dim], this.init);
    this.addParam('W_carry', [dim, dim], this.init);
    if (this.bias) {
      this.addParam('b', [dim], initializations.zero);
      this.addParam('b_carry', [dim], (sizes) => tf.fill(sizes, this.transformBias));
    }
  }

  call(x: tf.Tensor): tf.Tensor {
    const { W, W_carry, b, b_carry } = this.weights;
    let gate = dotLastAxis(x, W_carry);
    let transform = dotLastAxis(x, W);
    if (this.bias) {
      gate = tf.add(gate, b_carry);
      transform = tf.add(transform, b);
    }
    const t = tf.sigmoid(gate);
    // act · t + x · (1 - t) = x + t · (act - x)
    return tf.add(x, tf.mul(t, tf.sub(this.activation(transform), x)));
  }
}

registerLayer(Highway);

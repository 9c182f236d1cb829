import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import { formatDim, isConcrete, type Shape } from '../../engine/dimension.ts';
import { kernelAndBiasConfig, kernelAndBiasParams, zeroBiasOnly } from '../../engine/keras.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of Dense>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Dense, after its positional arguments; every layer also takes LayerOptions. */
export interface DenseOptions extends LayerOptions {
  /** Initialization of W. Default: 'glorot_uniform'. */
  init?: string | initializations.Initialization;
  /** Activation applied to the output. Default: 'linear'. */
  activation?: string | activations.Activation;
  /** Whether to add a bias b. Default: true. */
  bias?: boolean;
}
/** Checked by tsc: DenseOptions says what Dense.spec says. */
export type DenseOptionsFollowSpec = Assert<SameType<DenseOptions, LayerOptions & OptionsOf<typeof Dense.spec>>>;
// </options>

/**
 * Fully connected: activation(x · W + b) on the last axis, so inputs of any
 * rank ≥ 2 work (as in Keras). Parameters: W [inputDim, outputDim], b [outputDim].
 */
export class Dense extends Layer {
  static override readonly spec = {
    className: 'Dense',
    doc: 'Fully connected layer: activation(x · W + b) on the last axis.',
    shape: '[..., d] -> [..., output_dim]; d must be a number',
    args: [
      { name: 'outputDim', type: 'int', positional: true, required: true, min: 1, doc: 'Size of the output (last) dimension.' },
      { name: 'init', type: 'initialization', default: 'glorot_uniform', doc: 'Initialization of W.' },
      { name: 'activation', type: 'activation', default: 'linear', doc: 'Activation applied to the output.' },
      { name: 'bias', type: 'bool', default: true, doc: 'Whether to add a bias b.' },
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: {
      className: 'Dense',
      config: (args, keras) => ({
        units: args.outputDim,
        ...kernelAndBiasConfig(args, keras),
      }),
      // Same layout: W [in, out] is Keras's kernel.
      weights: ({ W, b }) => ({ kernel: W, bias: b }),
      fromKeras: {
        args: (config, keras) => {
          keras.none('activity_regularizer');
          zeroBiasOnly(config, keras);
          return { outputDim: config.units, activation: keras.activation('activation'), bias: config.use_bias ?? true, init: keras.initializer('kernel_initializer') };
        },
        params: ({ vars: [kernel, bias] }): Record<string, tf.Tensor> => (bias ? { W: kernel, b: bias } : { W: kernel }),
        weightParams: kernelAndBiasParams,
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Dense.spec>;

  readonly outputDim: number;
  readonly bias: boolean;
  private readonly init: initializations.Initialization;
  private readonly activation: activations.Activation;

  constructor(outputDim: number, options: DenseOptions = {}) {
    super([outputDim], options as LayerOptions & Record<string, unknown>);
    this.outputDim = this.args.outputDim;
    this.bias = this.args.bias;
    this.init = initializations.get(this.args.init, { layer: this.name, argument: 'init' });
    this.activation = activations.get(this.args.activation, { layer: this.name, argument: 'activation' });
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 2) throw this.shapeError('takes inputs of rank 2 or more (batch included)', shape, { reason: 'rank' });
    const inputDim = shape.at(-1)!;
    if (!isConcrete(inputDim)) {
      throw this.shapeError(`needs a concrete last dimension, found ${formatDim(inputDim)}`, shape, { expected: 'a concrete last dimension', reason: 'concrete' });
    }
  }

  override outputShape(shape: Shape): Shape {
    return [...shape.slice(0, -1), this.outputDim];
  }

  protected override initParams(shape: Shape): void {
    this.addParam('W', [shape.at(-1)!, this.outputDim], this.init);
    if (this.bias) this.addParam('b', [this.outputDim], initializations.zero);
  }

  call(x: tf.Tensor): tf.Tensor {
    const { W, b } = this.weights;
    // matMul wants rank 2: fold the leading axes into one and unfold them after.
    const flat = x.rank === 2 ? x : tf.reshape(x, [-1, x.shape.at(-1)!]);
    let y = tf.matMul(flat, W);
    if (b) y = tf.add(y, b);
    if (x.rank !== 2) y = tf.reshape(y, [...x.shape.slice(0, -1), this.outputDim]);
    return this.activation(y);
  }
}

registerLayer(Dense);

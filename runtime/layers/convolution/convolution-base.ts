import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import { isConcrete, type Shape } from '../../engine/dimension.ts';
import { kernelAndBiasArgs, kernelAndBiasConfig, kernelAndBiasParams, kerasTuple, type KerasMapping } from '../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../engine/layer.ts';
import type { ArgsOf, ArgSpec } from '../../engine/spec.ts';
import { KeraflowError } from '../../errors.ts';
import * as initializations from '../../initializations.ts';
import { dilatedSize, spreadAxes } from './dilation.ts';
import { checkSpatialInput, dataFormatArg, fromChannelsLast, joinSpatial, outputSize, padArg, splitSpatial, toChannelsLast, toTuple, type DataFormat, type PadMode } from './spatial.ts';
import { convolveOnBackend } from './window-products.ts';

/** The options after the strides, in order: the same for every convolution. */
export const convolutionOptionArgs = [
  padArg,
  { name: 'bias', type: 'bool', default: true, doc: 'Whether to add a bias b (one per kernel).' },
  { name: 'init', type: 'initialization', default: 'glorot_uniform', doc: 'Initialization of W.' },
  { name: 'activation', type: 'activation', default: 'linear', doc: 'Activation applied to the output.' },
  dataFormatArg,
] as const satisfies readonly ArgSpec[];

export const groupsArg = {
  name: 'groups',
  type: 'int',
  default: 1,
  min: 1,
  doc: 'Groups of input channels convolved separately, each into nb_kernel / groups outputs; it divides both channel counts.',
} as const satisfies ArgSpec;

/** The options after dataFormat, the same for every rank but for the dilation's length. */
export function dilationAndGroupsArgs<R extends number>(
  rank: R,
): readonly [{ readonly name: 'dilation'; readonly type: 'intOrIntList'; readonly length: R; readonly default: 1; readonly min: 1; readonly doc: string }, typeof groupsArg] {
  return [
    {
      name: 'dilation',
      type: 'intOrIntList',
      length: rank,
      default: 1,
      min: 1,
      doc: 'Spacing of the kernel taps (an atrous convolution), one per spatial axis or one number for all; above 1 only with stride 1.',
    },
    groupsArg,
  ];
}

export const nbKernelArg = { name: 'nbKernel', type: 'int', positional: true, required: true, min: 1, doc: 'Number of kernels: the output channels.' } as const satisfies ArgSpec;

/** How a convolution of a given rank names its arguments. */
export interface ConvolutionRank {
  /** 1, 2 or 3 spatial axes. */
  readonly rank: number;
  /** The positional arguments that give the kernel's size, in axis order. */
  readonly kernelArgs: readonly string[];
  /** 'stride' (1D) or 'strides'. */
  readonly strideArg: string;
}

/**
 * The Keras counterpart of a convolution (Conv1D/2D/3D): the same kernel
 * layout, [kernel sizes..., inChannels, nbKernel]. TensorFlow.js's Conv1D
 * runs channels last only.
 */
export function convolutionKeras(className: string, naming: ConvolutionRank): KerasMapping {
  return {
    className,
    config: (args, keras) => {
      if (naming.rank === 1 && args.dataFormat === 'channels_first') keras.unsupported('dataFormat', "is 'channels_first', which TensorFlow.js's Conv1D does not run");
      if (keras.target === 'tfjs' && args.groups !== 1) keras.unsupported('groups', "is above 1, and TensorFlow.js's convolutions are not grouped: export the model to Keras 3 (.keras)");
      return {
        filters: args.nbKernel,
        kernel_size: naming.kernelArgs.map((name) => args[name]),
        strides: toTuple(args[naming.strideArg] as number | number[], naming.rank),
        padding: args.pad,
        data_format: args.dataFormat,
        dilation_rate: toTuple(args.dilation as number | number[], naming.rank),
        // TensorFlow.js's convolutions have no groups.
        ...(keras.target === 'keras3' ? { groups: args.groups } : {}),
        ...kernelAndBiasConfig(args, keras),
      };
    },
    weights: ({ W, b }) => ({ kernel: W, bias: b }),
    fromKeras: {
      args: (config, keras) => {
        if (config.padding !== 'valid' && config.padding !== 'same') keras.unsupported('padding', `is '${String(config.padding)}', and Keraflow pads 'valid' or 'same'`);
        const kernel = kerasTuple(config.kernel_size, naming.rank);
        const strides = kerasTuple(config.strides ?? 1, naming.rank);
        return {
          nbKernel: config.filters,
          ...Object.fromEntries(naming.kernelArgs.map((name, axis) => [name, kernel[axis]])),
          [naming.strideArg]: naming.rank === 1 ? strides[0] : strides,
          pad: config.padding,
          dataFormat: config.data_format ?? 'channels_last',
          dilation: kerasTuple(config.dilation_rate ?? 1, naming.rank),
          groups: config.groups ?? 1,
          ...kernelAndBiasArgs(config, keras),
        };
      },
      params: ({ vars: [kernel, bias] }): Record<string, tf.Tensor> => (bias ? { W: kernel, b: bias } : { W: kernel }),
      weightParams: kernelAndBiasParams,
    },
  };
}

/**
 * An N-D convolution: activation(conv(x, W) + b), with W of shape
 * [kernel sizes..., inChannels, nbKernel] (TensorFlow's layout) and b of
 * shape [nbKernel]. Subclasses give the spec and the TensorFlow.js op.
 */
export abstract class Convolution extends Layer {
  readonly nbKernel: number;
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly pad: PadMode;
  readonly bias: boolean;
  readonly dataFormat: DataFormat;
  readonly dilation: readonly number[];
  readonly groups: number;
  private readonly rank: number;
  private readonly init: initializations.Initialization;
  private readonly activation: activations.Activation;

  /** The arguments every convolution has; the kernel sizes and strides are read by name (`naming`). */
  declare readonly args: ArgsOf<{ args: [typeof nbKernelArg, ...typeof convolutionOptionArgs] }> & Readonly<Record<string, unknown>>;

  protected constructor(positional: readonly unknown[], options: LayerOptions, naming: ConvolutionRank) {
    super(positional, options);
    this.rank = naming.rank;
    this.nbKernel = this.args.nbKernel;
    this.kernelSize = naming.kernelArgs.map((name) => this.args[name] as number);
    this.strides = toTuple(this.args[naming.strideArg] as number | number[], naming.rank);
    this.pad = this.args.pad;
    this.bias = this.args.bias;
    this.dataFormat = this.args.dataFormat;
    this.init = initializations.get(this.args.init, { layer: this.name, argument: 'init' });
    this.activation = activations.get(this.args.activation, { layer: this.name, argument: 'activation' });
    this.dilation = toTuple((this.args.dilation ?? 1) as number | number[], naming.rank);
    this.groups = (this.args.groups ?? 1) as number;
    if (this.nbKernel % this.groups !== 0) {
      throw new KeraflowError(`${this.name}: groups (${this.groups}) must divide the number of kernels, but it is ${this.nbKernel}`, {
        layer: this.name,
        argument: 'groups',
        expected: `a divisor of ${this.nbKernel}`,
        given: String(this.groups),
      });
    }
    if (this.strides.some((s) => s > 1) && this.dilation.some((d) => d > 1)) {
      throw new KeraflowError(
        `${this.name}: a stride above 1 and a dilation above 1 do not go together (Keras and TensorFlow refuse them too), but the strides are ${this.strides.join(', ')} and the dilation ${this.dilation.join(', ')}`,
        {
          layer: this.name,
          argument: 'dilation',
          expected: 'dilation 1 with strides above 1',
          given: this.dilation.join(', '),
        },
      );
    }
  }

  /** The kernel sizes with their dilation gaps: the window each output sees. */
  private get dilatedKernel(): number[] {
    return this.kernelSize.map((size, i) => dilatedSize(size, this.dilation[i]));
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, {
      rank: this.rank,
      format: this.dataFormat,
      window: this.dilatedKernel,
      windowName: 'kernel',
      pad: this.pad,
      concreteChannels: true,
    });
    const { channels } = splitSpatial(shape, this.dataFormat);
    if (isConcrete(channels) && channels % this.groups !== 0) {
      throw this.shapeError(`has groups ${this.groups}, which must divide the input's ${channels} channels`, shape, { expected: `channels divisible by ${this.groups}` });
    }
  }

  override outputShape(shape: Shape): Shape {
    const { spatial } = splitSpatial(shape, this.dataFormat);
    const kernel = this.dilatedKernel;
    const sizes = spatial.map((size, i) => outputSize(size, kernel[i], this.strides[i], this.pad));
    return joinSpatial(shape[0], sizes, this.nbKernel, this.dataFormat);
  }

  protected override initParams(shape: Shape): void {
    const { channels } = splitSpatial(shape, this.dataFormat);
    this.addParam('W', [...this.kernelSize, (channels as number) / this.groups, this.nbKernel], this.init);
    if (this.bias) this.addParam('b', [this.nbKernel], initializations.zero);
  }

  /** The TensorFlow.js convolution on a channels-last input. */
  protected abstract convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor;

  call(x: tf.Tensor): tf.Tensor {
    const { W, b } = this.weights;
    const input = toChannelsLast(x, this.dataFormat);
    // A dilated kernel spread with zeros: tfjs's dilated convolutions have no gradient.
    const kernel = spreadAxes(W, this.dilation);
    // On cpu as matrix products (window-products.ts), elsewhere the backend's kernel; each group on its own channels.
    const convolve = (part: tf.Tensor, partKernel: tf.Tensor, bias: tf.Tensor | undefined) => convolveOnBackend(part, partKernel, bias, this.strides, this.pad, () => this.convolve(part, partKernel));
    const y = this.groups === 1 ? convolve(input, kernel, b) : this.convolveGroups(input, kernel, b, convolve);
    // The activation acts on the output as the user sees it (softmax takes the last axis of that).
    return this.activation(fromChannelsLast(y, this.dataFormat));
  }

  /** Channels and kernels cut into `groups` runs, convolved pairwise, the outputs joined in order (Keras's grouping). */
  private convolveGroups(input: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined, convolve: (part: tf.Tensor, partKernel: tf.Tensor, bias: tf.Tensor | undefined) => tf.Tensor): tf.Tensor {
    const inputs = tf.split(input, this.groups, input.rank - 1);
    const kernels = tf.split(kernel, this.groups, kernel.rank - 1);
    const biases = bias ? tf.split(bias, this.groups) : [];
    return tf.concat(
      inputs.map((part, g) => convolve(part, kernels[g], biases[g])),
      input.rank - 1,
    );
  }
}

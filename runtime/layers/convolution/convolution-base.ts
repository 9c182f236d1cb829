import type * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { Shape } from '../../engine/dimension.ts';
import { kernelAndBiasArgs, kernelAndBiasConfig, kernelAndBiasParams, kerasTuple, type KerasMapping } from '../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../engine/layer.ts';
import type { ArgsOf, ArgSpec } from '../../engine/spec.ts';
import * as initializations from '../../initializations.ts';
import {
  checkSpatialInput, dataFormatArg, fromChannelsLast, joinSpatial, outputSize, padArg, splitSpatial, toChannelsLast, toTuple,
  type DataFormat, type PadMode,
} from './spatial.ts';
import { convolveOnBackend } from './window-products.ts';

/** The options after the strides, in order: the same for every convolution. */
export const convolutionOptionArgs = [
  padArg,
  { name: 'bias', type: 'bool', default: true, doc: 'Whether to add a bias b (one per kernel).' },
  { name: 'init', type: 'initialization', default: 'glorot_uniform', doc: 'Initialization of W.' },
  { name: 'activation', type: 'activation', default: 'linear', doc: 'Activation applied to the output.' },
  dataFormatArg,
] as const satisfies readonly ArgSpec[];

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
      return {
        filters: args.nbKernel,
        kernel_size: naming.kernelArgs.map((name) => args[name]),
        strides: toTuple(args[naming.strideArg] as number | number[], naming.rank),
        padding: args.pad,
        data_format: args.dataFormat,
        dilation_rate: Array<number>(naming.rank).fill(1),
        ...kernelAndBiasConfig(args, keras),
      };
    },
    weights: ({ W, b }) => ({ kernel: W, bias: b }),
    fromKeras: {
      args: (config, keras) => {
        if (kerasTuple(config.dilation_rate ?? 1, naming.rank).some((rate) => rate !== 1)) keras.unsupported('dilation_rate', `is ${JSON.stringify(config.dilation_rate)}, and Keraflow's convolutions are not dilated`);
        keras.only('groups', 1, "Keraflow's convolutions are not grouped");
        if (config.padding !== 'valid' && config.padding !== 'same') keras.unsupported('padding', `is '${String(config.padding)}', and Keraflow pads 'valid' or 'same'`);
        const kernel = kerasTuple(config.kernel_size, naming.rank);
        const strides = kerasTuple(config.strides ?? 1, naming.rank);
        return {
          nbKernel: config.filters,
          ...Object.fromEntries(naming.kernelArgs.map((name, axis) => [name, kernel[axis]])),
          [naming.strideArg]: naming.rank === 1 ? strides[0] : strides,
          pad: config.padding,
          dataFormat: config.data_format ?? 'channels_last',
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
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, {
      rank: this.rank, format: this.dataFormat, window: this.kernelSize, windowName: 'kernel', pad: this.pad, concreteChannels: true,
    });
  }

  override outputShape(shape: Shape): Shape {
    const { spatial } = splitSpatial(shape, this.dataFormat);
    const sizes = spatial.map((size, i) => outputSize(size, this.kernelSize[i], this.strides[i], this.pad));
    return joinSpatial(shape[0], sizes, this.nbKernel, this.dataFormat);
  }

  protected override initParams(shape: Shape): void {
    const { channels } = splitSpatial(shape, this.dataFormat);
    this.addParam('W', [...this.kernelSize, channels, this.nbKernel], this.init);
    if (this.bias) this.addParam('b', [this.nbKernel], initializations.zero);
  }

  /** The TensorFlow.js convolution on a channels-last input. */
  protected abstract convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor;

  call(x: tf.Tensor): tf.Tensor {
    const { W, b } = this.weights;
    const input = toChannelsLast(x, this.dataFormat);
    // On cpu as matrix products (window-products.ts), elsewhere the backend's kernel.
    const y = convolveOnBackend(input, W, b, this.strides, this.pad, () => this.convolve(input, W));
    // The activation acts on the output as the user sees it (softmax takes the last axis of that).
    return this.activation(fromChannelsLast(y, this.dataFormat));
  }
}

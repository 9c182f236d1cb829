/**
 * What Keras 3's DepthwiseConv1D and DepthwiseConv2D share: their arguments,
 * the computation (runtime/layers/convolution/depthwise.ts) and the Keras
 * mapping. One class per rank in both catalogues, under Keras's names.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../../activations.ts';
import type { Shape } from '../../../engine/dimension.ts';
import { kerasTuple, type KerasMapping } from '../../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../../engine/layer.ts';
import type { ArgSpec } from '../../../engine/spec.ts';
import * as initializations from '../../../initializations.ts';
import { depthwiseConvolve } from '../../../layers/convolution/depthwise.ts';
import { dilatedSize } from '../../../layers/convolution/dilation.ts';
import { checkSpatialInput, fromChannelsLast, joinSpatial, outputSize, splitSpatial, toChannelsLast, toTuple, type DataFormat } from '../../../layers/convolution/spatial.ts';
import {
  activationArg,
  activationOrLinear,
  activityRegularizerArg,
  biasConstraintArg,
  biasInitializerArg,
  biasRegularizerArg,
  constraintArg,
  dataFormatArg,
  dataFormatOf,
  kerasInitialization,
  paddingArg,
  regularizerArg,
  useBiasArg,
} from '../arguments.ts';

type Sizes<R extends number, Name extends string> = { readonly name: Name; readonly type: 'intOrIntList'; readonly length: R; readonly min: 1; readonly doc: string };

export const depthMultiplierArg = {
  name: 'depthMultiplier',
  type: 'int',
  default: 1,
  min: 1,
  doc: 'Kernels per input channel: the output has channels × depth_multiplier channels.',
} as const satisfies ArgSpec;

export const depthwiseInitializerArg = {
  name: 'depthwiseInitializer',
  type: 'initialization',
  default: 'glorot_uniform',
  doc: 'Initializer of the depthwise kernel.',
} as const satisfies ArgSpec;

export const depthwiseRegularizerArg = regularizerArg('depthwise');
export const depthwiseConstraintArg = constraintArg('depthwise');

/** The window arguments of the depthwise and separable convolutions: kernel_size (positional), strides, dilation_rate. */
export function windowArgs<R extends 1 | 2>(
  rank: R,
): {
  kernelSize: Sizes<R, 'kernelSize'> & { readonly positional: true; readonly required: true };
  strides: Sizes<R, 'strides'> & { readonly default: number };
  dilationRate: Sizes<R, 'dilationRate'> & { readonly default: number };
} {
  const sizes = { type: 'intOrIntList', length: rank, min: 1 } as const;
  return {
    kernelSize: { name: 'kernelSize', ...sizes, positional: true, required: true, doc: 'Size of the convolution window, one per spatial axis or one number for all.' },
    strides: { name: 'strides', ...sizes, default: 1, doc: 'Steps between two windows, one per spatial axis or one number for all.' },
    dilationRate: { name: 'dilationRate', ...sizes, default: 1, doc: 'Spacing of the kernel taps, one per spatial axis or one number for all.' },
  };
}

/** DepthwiseConv{rank}D's arguments, in Keras's order. */
export function depthwiseConvArgs<R extends 1 | 2>(rank: R) {
  const window = windowArgs(rank);
  return [
    window.kernelSize,
    window.strides,
    paddingArg,
    depthMultiplierArg,
    dataFormatArg,
    window.dilationRate,
    activationArg,
    useBiasArg,
    depthwiseInitializerArg,
    biasInitializerArg,
    depthwiseRegularizerArg,
    biasRegularizerArg,
    activityRegularizerArg,
    depthwiseConstraintArg,
    biasConstraintArg,
  ] as const;
}

/** The arguments the depthwise and separable convolutions share. */
export interface WindowedArgs {
  readonly kernelSize: number | readonly number[];
  readonly strides: number | readonly number[];
  readonly padding: 'valid' | 'same';
  readonly depthMultiplier: number;
  readonly dataFormat: DataFormat | null;
  readonly dilationRate: number | readonly number[];
  readonly activation: string | activations.Activation | null;
  readonly useBias: boolean;
  readonly depthwiseInitializer: string | initializations.Initialization;
  readonly biasInitializer: string | initializations.Initialization;
}

/**
 * A convolution whose first stage is depthwise: the window, the input checks
 * and the output sizes; `channelsOut` and `initParams`/`call` say the rest.
 */
export abstract class WindowedConvolution extends Layer {
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly dilationRate: readonly number[];
  readonly dataFormat: DataFormat;
  protected readonly rank: number;
  protected readonly activation: activations.Activation;
  declare readonly args: WindowedArgs & Readonly<Record<string, unknown>>;

  protected constructor(positional: readonly unknown[], options: LayerOptions, rank: 1 | 2) {
    super(positional, options);
    this.rank = rank;
    this.kernelSize = toTuple(this.args.kernelSize, rank);
    this.strides = toTuple(this.args.strides, rank);
    this.dilationRate = toTuple(this.args.dilationRate, rank);
    this.dataFormat = dataFormatOf(this.args.dataFormat);
    this.activation = activations.get(activationOrLinear(this.args.activation), { layer: this.name, argument: 'activation' });
  }

  /** Keras's weights (`depthwise`, `pointwise`, `bias`) and the parameters that hold them, for the weight arguments. */
  protected override ownWeightParams(): Readonly<Record<string, readonly string[]>> {
    return { depthwise: ['depthwise_kernel'], pointwise: ['pointwise_kernel'], bias: ['bias'] };
  }

  /** The output channels for `channels` input channels. */
  protected abstract channelsOut(channels: number): number;

  /** The kernel sizes with their dilation gaps. */
  protected get dilatedKernel(): number[] {
    return this.kernelSize.map((size, i) => dilatedSize(size, this.dilationRate[i]));
  }

  protected initializer(argument: string): initializations.Initialization {
    return initializations.get(kerasInitialization(this.args[argument] as string | initializations.Initialization), { layer: this.name, argument });
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, {
      rank: this.rank,
      format: this.dataFormat,
      window: this.dilatedKernel,
      windowName: 'kernel',
      pad: this.args.padding,
      concreteChannels: true,
    });
  }

  override outputShape(shape: Shape): Shape {
    const { spatial, channels } = splitSpatial(shape, this.dataFormat);
    const kernel = this.dilatedKernel;
    const sizes = spatial.map((size, i) => outputSize(size, kernel[i], this.strides[i], this.args.padding));
    return joinSpatial(shape[0], sizes, this.channelsOut(channels as number), this.dataFormat);
  }

  /** The depthwise stage on the channels-last input. */
  protected depthwise(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return depthwiseConvolve(x, kernel, this.strides, this.args.padding, this.dilationRate);
  }

  /** activation(stages(x) + bias) in the layer's data format. */
  protected finish(channelsLast: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
    const y = bias ? tf.add(channelsLast, bias) : channelsLast;
    return this.activation(fromChannelsLast(y, this.dataFormat));
  }

  protected channelsLast(x: tf.Tensor): tf.Tensor {
    return toChannelsLast(x, this.dataFormat);
  }
}

/** Keras 3's DepthwiseConv1D/2D: kernel [kernel sizes..., channels, depth_multiplier] (Keras 3 names it `kernel`), bias [channels · depth_multiplier]. */
export abstract class DepthwiseConv extends WindowedConvolution {
  protected channelsOut(channels: number): number {
    return channels * this.args.depthMultiplier;
  }

  protected override ownWeightParams(): Readonly<Record<string, readonly string[]>> {
    return { depthwise: ['kernel'], bias: ['bias'] };
  }

  protected override initParams(shape: Shape): void {
    const channels = splitSpatial(shape, this.dataFormat).channels as number;
    this.addParam('kernel', [...this.kernelSize, channels, this.args.depthMultiplier], this.initializer('depthwiseInitializer'));
    if (this.args.useBias) this.addParam('bias', [channels * this.args.depthMultiplier], this.initializer('biasInitializer'));
  }

  call(x: tf.Tensor): tf.Tensor {
    const { kernel, bias } = this.weights;
    return this.finish(this.depthwise(this.channelsLast(x), kernel), bias);
  }
}

/** The Keras config of the window arguments. */
export function windowConfig(args: Readonly<Record<string, unknown>>, rank: number): Record<string, unknown> {
  return {
    kernel_size: toTuple(args.kernelSize as number | number[], rank),
    strides: toTuple(args.strides as number | number[], rank),
    padding: args.padding,
    depth_multiplier: args.depthMultiplier,
    data_format: dataFormatOf(args.dataFormat as DataFormat | null),
    dilation_rate: toTuple(args.dilationRate as number | number[], rank),
  };
}

/** The window arguments from a Keras config. */
export function windowArgsFromKeras(config: Readonly<Record<string, unknown>>, rank: number, keras: { unsupported(key: string, why: string): never }): Record<string, unknown> {
  if (config.padding !== 'valid' && config.padding !== 'same') keras.unsupported('padding', `is '${String(config.padding)}', and Keraflow pads 'valid' or 'same'`);
  return {
    kernelSize: kerasTuple(config.kernel_size, rank),
    strides: kerasTuple(config.strides ?? 1, rank),
    padding: config.padding,
    depthMultiplier: config.depth_multiplier ?? 1,
    dataFormat: config.data_format ?? 'channels_last',
    dilationRate: kerasTuple(config.dilation_rate ?? 1, rank),
  };
}

/** TensorFlow.js Layers' kernels are not checked dilated here: Keras 3 takes those (the 1-D layers' mappings say `tfjs: 'never'`). */
export function checkTfjs(args: Readonly<Record<string, unknown>>, rank: number, keras: Parameters<KerasMapping['config']>[1]): void {
  if (keras.target === 'tfjs' && toTuple(args.dilationRate as number | number[], rank).some((d) => d !== 1)) {
    keras.unsupported('dilationRate', 'is above 1: export the model to Keras 3 (.keras), whose dilated kernels Keraflow is checked against');
  }
}

/** The Keras counterpart of DepthwiseConv{rank}D. */
export function depthwiseConvKeras(className: string, rank: 1 | 2): KerasMapping {
  return {
    className,
    ...(rank === 1 ? { tfjs: 'never' as const } : {}),
    config: (args, keras) => {
      checkTfjs(args, rank, keras);
      return {
        ...windowConfig(args, rank),
        activation: keras.activation('activation'),
        use_bias: args.useBias,
        depthwise_initializer: keras.initializer('depthwiseInitializer'),
        bias_initializer: keras.initializer('biasInitializer'),
        depthwise_regularizer: keras.regularizer('kernel'),
        bias_regularizer: keras.regularizer('bias'),
        // Written by Layer's kerasConfigOverrides, as every layer that takes it.
        activity_regularizer: null,
        depthwise_constraint: keras.constraint('kernel'),
        bias_constraint: keras.constraint('bias'),
      };
    },
    // TensorFlow.js names the kernel depthwise_kernel (Keras 3: kernel).
    weights: ({ kernel, bias }) => ({ depthwise_kernel: kernel, bias }),
    fromKeras: {
      args: (config, keras) => {
        return {
          ...windowArgsFromKeras(config, rank, keras),
          activation: keras.activation('activation'),
          useBias: config.use_bias ?? true,
          depthwiseInitializer: keras.initializer('depthwise_initializer'),
          biasInitializer: keras.initializer('bias_initializer'),
        };
      },
      params: ({ vars: [kernel, bias] }): Record<string, tf.Tensor> => (bias ? { kernel, bias } : { kernel }),
      weightParams: (config) => ({ depthwise: ['kernel'], ...(config.use_bias === false ? {} : { bias: ['bias'] }) }),
    },
  };
}

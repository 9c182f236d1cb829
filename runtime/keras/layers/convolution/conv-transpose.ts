/**
 * What Keras 3's Conv1DTranspose, Conv2DTranspose and Conv3DTranspose share:
 * their arguments, Keras's output-size rule, the computation and the Keras
 * mapping. One class per rank in both catalogues (Keraflow had no transposed
 * convolution of its own), under Keras's names.
 *
 * A transposed convolution of stride s is a stride-1 convolution over the
 * input spread with s - 1 zeros between neighbours and padded, with the
 * kernel flipped and its two channel axes swapped; the paddings are the ones
 * Keras 3 gives JAX (keras/src/backend/common/backend_utils.py), so 'same'
 * and output_padding place the output exactly as Keras does.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../../activations.ts';
import { addDims, multiplyDims, subtractDims, type Dim, type Shape } from '../../../engine/dimension.ts';
import { kerasTuple, type KerasMapping } from '../../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../../engine/layer.ts';
import { KeraflowError } from '../../../errors.ts';
import * as initializations from '../../../initializations.ts';
import {
  activationArg,
  activationOrLinear,
  biasInitializerArg,
  dataFormatArg,
  dataFormatOf,
  kerasInitialization,
  kernelAndBiasPenaltyArgs,
  kernelInitializerArg,
  paddingArg,
  useBiasArg,
} from '../arguments.ts';
import { dilatedSize, spreadAxes } from '../../../layers/convolution/dilation.ts';
import { checkSpatialInput, fromChannelsLast, joinSpatial, splitSpatial, toChannelsLast, toTuple, type DataFormat } from '../../../layers/convolution/spatial.ts';
import { convolveOnBackend } from '../../../layers/convolution/window-products.ts';

type Sizes<R extends number, Name extends string> = { readonly name: Name; readonly type: 'intOrIntList'; readonly length: R; readonly min: 1; readonly doc: string };

/** Conv{rank}DTranspose's arguments, in Keras's order. */
export function convTransposeArgs<R extends 1 | 2 | 3>(
  rank: R,
): readonly [
  { readonly name: 'filters'; readonly type: 'int'; readonly positional: true; readonly required: true; readonly min: 1; readonly doc: string },
  Sizes<R, 'kernelSize'> & { readonly positional: true; readonly required: true },
  Sizes<R, 'strides'> & { readonly default: number },
  typeof paddingArg,
  { readonly name: 'outputPadding'; readonly type: 'intOrIntList'; readonly length: R; readonly min: 0; readonly default: null; readonly nullable: true; readonly doc: string },
  typeof dataFormatArg,
  Sizes<R, 'dilationRate'> & { readonly default: number },
  typeof activationArg,
  typeof useBiasArg,
  typeof kernelInitializerArg,
  typeof biasInitializerArg,
  ...typeof kernelAndBiasPenaltyArgs,
] {
  const sizes = { type: 'intOrIntList', length: rank, min: 1 } as const;
  return [
    { name: 'filters', type: 'int', positional: true, required: true, min: 1, doc: 'Number of filters: the output channels.' },
    { name: 'kernelSize', ...sizes, positional: true, required: true, doc: 'Size of the convolution window, one per spatial axis or one number for all.' },
    { name: 'strides', ...sizes, default: 1, doc: 'The upsampling factors: steps between two windows of the output, one per spatial axis or one number for all.' },
    paddingArg,
    {
      name: 'outputPadding',
      type: 'intOrIntList',
      length: rank,
      min: 0,
      default: null,
      nullable: true,
      doc: "Zeros added at the end of each spatial axis of the output, each less than its stride; none: the size Keras infers (n * strides with 'same').",
    },
    dataFormatArg,
    { name: 'dilationRate', ...sizes, default: 1, doc: 'Spacing of the kernel taps; above 1 only with strides 1.' },
    activationArg,
    useBiasArg,
    kernelInitializerArg,
    biasInitializerArg,
    ...kernelAndBiasPenaltyArgs,
  ];
}

/** The arguments every transposed convolution has, whatever its rank. */
interface ConvTransposeArgs {
  readonly filters: number;
  readonly kernelSize: number | readonly number[];
  readonly strides: number | readonly number[];
  readonly padding: 'valid' | 'same';
  readonly outputPadding: number | readonly number[] | null;
  readonly dataFormat: DataFormat | null;
  readonly dilationRate: number | readonly number[];
  readonly activation: string | activations.Activation | null;
  readonly useBias: boolean;
  readonly kernelInitializer: string | initializations.Initialization;
  readonly biasInitializer: string | initializations.Initialization;
}

/** Keras's output size along one axis (keras.src.ops.operation_utils: deconv_output_length). */
export function transposedOutputSize(size: Dim, kernel: number, stride: number, padding: 'valid' | 'same', outputPadding: number | null): Dim {
  if (outputPadding === null) {
    return padding === 'valid' ? addDims(multiplyDims(size, stride), Math.max(kernel - stride, 0)) : multiplyDims(size, stride);
  }
  const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
  return addDims(multiplyDims(subtractDims(size, 1), stride), kernel - 2 * pad + outputPadding);
}

/** Zeros before and after the spread input along one axis, as Keras 3 pads for JAX; `kernel` is the dilated size. */
export function transposedPadding(kernel: number, stride: number, padding: 'valid' | 'same', outputPadding: number | null): [number, number] {
  if (padding === 'valid') return [kernel - 1, kernel - 1 + (outputPadding ?? Math.max(kernel, stride) - kernel)];
  const total = outputPadding === null ? stride + kernel - 2 : kernel + (kernel % 2) - 2 + outputPadding;
  const before = Math.min(Math.floor(total / 2) + (total % 2), kernel - 1);
  return [before, total - before];
}

/** A stride-1 'valid' convolution of a channels-last input by the backend's own kernel. */
function convolveValid(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
  if (x.rank === 3) return tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, 1, 'valid');
  if (x.rank === 4) return tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'valid');
  return tf.conv3d(x as tf.Tensor5D, kernel as tf.Tensor5D, [1, 1, 1], 'valid');
}

/**
 * activation(conv_transpose(x, kernel) + bias), kernel of shape
 * [kernel sizes..., filters, inChannels] (Keras's layout), bias [filters].
 */
export abstract class ConvTranspose extends Layer {
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly dilationRate: readonly number[];
  readonly outputPadding: readonly (number | null)[];
  readonly dataFormat: DataFormat;
  private readonly rank: number;
  private readonly activation: activations.Activation;
  declare readonly args: ConvTransposeArgs & Readonly<Record<string, unknown>>;

  protected constructor(positional: readonly unknown[], options: LayerOptions, rank: 1 | 2 | 3) {
    super(positional, options);
    this.rank = rank;
    this.kernelSize = toTuple(this.args.kernelSize, rank);
    this.strides = toTuple(this.args.strides, rank);
    this.dilationRate = toTuple(this.args.dilationRate, rank);
    this.outputPadding = this.args.outputPadding === null ? Array<null>(rank).fill(null) : toTuple(this.args.outputPadding, rank);
    this.dataFormat = dataFormatOf(this.args.dataFormat);
    this.activation = activations.get(activationOrLinear(this.args.activation), { layer: this.name, argument: 'activation' });
    const tooLarge = this.outputPadding.findIndex((pad, i) => pad !== null && pad >= this.strides[i]);
    if (tooLarge >= 0) {
      throw new KeraflowError(
        `${this.name}: each output_padding must be less than its stride, but output_padding is ${JSON.stringify(this.args.outputPadding)} and strides ${JSON.stringify(this.args.strides)}`,
        {
          layer: this.name,
          argument: 'outputPadding',
          expected: `values below the strides ${this.strides.join(', ')}`,
          given: JSON.stringify(this.args.outputPadding),
        },
      );
    }
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new KeraflowError(
        `${this.name}: strides above 1 and dilation_rate above 1 do not go together (Keras refuses them too), but strides is ${JSON.stringify(this.args.strides)} and dilation_rate ${JSON.stringify(this.args.dilationRate)}`,
        {
          layer: this.name,
          argument: 'dilationRate',
          expected: 'dilation_rate 1 with strides above 1',
          given: JSON.stringify(this.args.dilationRate),
        },
      );
    }
  }

  protected override ownWeightParams(): Readonly<Record<string, readonly string[]>> {
    return { kernel: ['kernel'], bias: ['bias'] };
  }

  /** The kernel sizes with their dilation gaps. */
  private get dilatedKernel(): number[] {
    return this.kernelSize.map((size, i) => dilatedSize(size, this.dilationRate[i]));
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat, concreteChannels: true });
  }

  override outputShape(shape: Shape): Shape {
    const { spatial } = splitSpatial(shape, this.dataFormat);
    const kernel = this.dilatedKernel;
    const sizes = spatial.map((size, i) => transposedOutputSize(size, kernel[i], this.strides[i], this.args.padding, this.outputPadding[i]));
    return joinSpatial(shape[0], sizes, this.args.filters, this.dataFormat);
  }

  protected override initParams(shape: Shape): void {
    const { channels } = splitSpatial(shape, this.dataFormat);
    const initializer = (argument: 'kernelInitializer' | 'biasInitializer') => initializations.get(kerasInitialization(this.args[argument]), { layer: this.name, argument });
    this.addParam('kernel', [...this.kernelSize, this.args.filters, channels], initializer('kernelInitializer'));
    if (this.args.useBias) this.addParam('bias', [this.args.filters], initializer('biasInitializer'));
  }

  call(x: tf.Tensor): tf.Tensor {
    const { kernel, bias } = this.weights;
    const dilated = this.dilatedKernel;
    const spread = spreadAxes(toChannelsLast(x, this.dataFormat), this.strides, 1);
    const pads = dilated.map((size, i) => transposedPadding(size, this.strides[i], this.args.padding, this.outputPadding[i]));
    const padded = tf.pad(spread, [[0, 0], ...pads, [0, 0]]);
    // The transpose's kernel as a convolution's: dilated, flipped, [sizes..., in, filters].
    const spatialAxes = this.kernelSize.map((_, i) => i);
    const flipped = tf.reverse(spreadAxes(kernel, this.dilationRate), spatialAxes);
    const convolutionKernel = tf.transpose(flipped, [...spatialAxes, this.rank + 1, this.rank]);
    const ones = Array<number>(this.rank).fill(1);
    const y = convolveOnBackend(padded, convolutionKernel, bias, ones, 'valid', () => convolveValid(padded, convolutionKernel));
    return this.activation(fromChannelsLast(y, this.dataFormat));
  }
}

/**
 * The Keras counterpart of Conv{rank}DTranspose. TensorFlow.js Layers has
 * Conv2DTranspose and Conv3DTranspose, without output_padding nor dilation.
 */
export function convTransposeKeras(className: string, rank: 1 | 2 | 3): KerasMapping {
  return {
    className,
    ...(rank === 1 ? { tfjs: 'never' as const } : {}),
    config: (args, keras) => {
      if (keras.target === 'tfjs' && args.outputPadding !== null) keras.unsupported('outputPadding', "is set, and TensorFlow.js's transposed convolutions have no output_padding");
      if (keras.target === 'tfjs' && toTuple(args.dilationRate as number | number[], rank).some((d) => d !== 1)) {
        keras.unsupported('dilationRate', "is above 1, and TensorFlow.js's transposed convolutions are not dilated");
      }
      return {
        filters: args.filters,
        kernel_size: toTuple(args.kernelSize as number | number[], rank),
        strides: toTuple(args.strides as number | number[], rank),
        padding: args.padding,
        output_padding: args.outputPadding === null ? null : toTuple(args.outputPadding as number | number[], rank),
        data_format: dataFormatOf(args.dataFormat as DataFormat | null),
        dilation_rate: toTuple(args.dilationRate as number | number[], rank),
        activation: keras.activation('activation'),
        use_bias: args.useBias,
        kernel_initializer: keras.initializer('kernelInitializer'),
        bias_initializer: keras.initializer('biasInitializer'),
        kernel_regularizer: keras.regularizer('kernel'),
        bias_regularizer: keras.regularizer('bias'),
        // Written by Layer's kerasConfigOverrides, as every layer that takes it.
        activity_regularizer: null,
        kernel_constraint: keras.constraint('kernel'),
        bias_constraint: keras.constraint('bias'),
      };
    },
    weights: ({ kernel, bias }) => ({ kernel, bias }),
    fromKeras: {
      args: (config, keras) => {
        if (config.padding !== 'valid' && config.padding !== 'same') keras.unsupported('padding', `is '${String(config.padding)}', and Keraflow pads 'valid' or 'same'`);
        return {
          filters: config.filters,
          kernelSize: kerasTuple(config.kernel_size, rank),
          strides: kerasTuple(config.strides ?? 1, rank),
          padding: config.padding,
          outputPadding: config.output_padding === null || config.output_padding === undefined ? null : kerasTuple(config.output_padding, rank),
          dataFormat: config.data_format ?? 'channels_last',
          dilationRate: kerasTuple(config.dilation_rate ?? 1, rank),
          activation: keras.activation('activation'),
          useBias: config.use_bias ?? true,
          kernelInitializer: keras.initializer('kernel_initializer'),
          biasInitializer: keras.initializer('bias_initializer'),
        };
      },
      params: ({ vars: [kernel, bias] }): Record<string, tf.Tensor> => (bias ? { kernel, bias } : { kernel }),
      weightParams: (config): Record<string, readonly string[]> => (config.use_bias === false ? { kernel: ['kernel'] } : { kernel: ['kernel'], bias: ['bias'] }),
    },
  };
}

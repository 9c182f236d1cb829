/**
 * What Keras 3's Conv1D, Conv2D and Conv3D share: their arguments (filters,
 * kernel_size, strides, padding, data_format, dilation_rate, groups, ...)
 * and the Keraflow convolution each runs.
 */
import type { Layer, LayerOptions } from '../../../engine/layer.ts';
import type { ArgSpec } from '../../../engine/spec.ts';
import { Convolution1D } from '../../../layers/convolution/convolution1d.ts';
import { Convolution2D } from '../../../layers/convolution/convolution2d.ts';
import { Convolution3D } from '../../../layers/convolution/convolution3d.ts';
import { toTuple } from '../../../layers/convolution/spatial.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { activationArg, activationOrLinear, dataFormatArg, dataFormatOf, kerasInitialization, kernelAndBiasWeightArgs, kernelInitializerArg, paddingArg, useBiasArg } from '../arguments.ts';

type Sizes<R extends number, Name extends string> = { readonly name: Name; readonly type: 'intOrIntList'; readonly length: R; readonly min: 1; readonly doc: string };

const groupsArg = {
  name: 'groups',
  type: 'int',
  default: 1,
  min: 1,
  doc: 'Groups of input channels convolved separately, each into filters / groups outputs; it divides both channel counts.',
} as const satisfies ArgSpec;

/** Conv{rank}D's arguments, in Keras's order. */
export function convolutionArgs<R extends 1 | 2 | 3>(
  rank: R,
): readonly [
  { readonly name: 'filters'; readonly type: 'int'; readonly positional: true; readonly required: true; readonly min: 1; readonly doc: string },
  Sizes<R, 'kernelSize'> & { readonly positional: true; readonly required: true },
  Sizes<R, 'strides'> & { readonly default: number },
  typeof paddingArg,
  typeof dataFormatArg,
  Sizes<R, 'dilationRate'> & { readonly default: number },
  typeof groupsArg,
  typeof activationArg,
  typeof useBiasArg,
  typeof kernelInitializerArg,
  ...typeof kernelAndBiasWeightArgs,
] {
  const sizes = { type: 'intOrIntList', length: rank, min: 1 } as const;
  return [
    { name: 'filters', type: 'int', positional: true, required: true, min: 1, doc: 'Number of filters: the output channels.' },
    { name: 'kernelSize', ...sizes, positional: true, required: true, doc: 'Size of the convolution window, one per spatial axis or one number for all.' },
    { name: 'strides', ...sizes, default: 1, doc: 'Steps between two windows, one per spatial axis or one number for all.' },
    paddingArg,
    dataFormatArg,
    { name: 'dilationRate', ...sizes, default: 1, doc: 'Spacing of the kernel taps (an atrous convolution), one per spatial axis or one number for all; above 1 only with strides 1.' },
    groupsArg,
    activationArg,
    useBiasArg,
    kernelInitializerArg,
    ...kernelAndBiasWeightArgs,
  ];
}

/** Keras's weights of a convolution and the Keraflow parameters that hold them. */
const convolutionWeights = { kernel: ['W'], bias: ['b'] } as const;

type ConvolutionArgs = {
  readonly filters: number;
  readonly kernelSize: number | readonly number[];
  readonly strides: number | readonly number[];
  readonly padding: 'valid' | 'same';
  readonly dilationRate: number | readonly number[];
  readonly groups: number;
  readonly dataFormat: 'channels_last' | 'channels_first' | null;
  readonly activation: unknown;
  readonly useBias: boolean;
  readonly kernelInitializer: unknown;
};

/** The Keraflow convolution of `rank` for Keras arguments. */
export function keraflowConvolution(rank: 1 | 2 | 3, args: ConvolutionArgs, options: LayerOptions): Layer {
  const kernel = toTuple(args.kernelSize, rank);
  const strides = toTuple(args.strides, rank);
  const shared = {
    pad: args.padding,
    dataFormat: dataFormatOf(args.dataFormat),
    bias: args.useBias,
    activation: activationOrLinear(args.activation) as string,
    init: kerasInitialization(args.kernelInitializer) as string,
    groups: args.groups,
    ...options,
  };
  // The dilation as given: one number stays one (the Keraflow spelling a check message offers leaves a default dilation out).
  const dilation = args.dilationRate;
  if (rank === 1) return new Convolution1D(args.filters, kernel[0], { ...shared, stride: strides[0], dilation: dilation as number | [number] });
  if (rank === 2) return new Convolution2D(args.filters, kernel[0], kernel[1], { ...shared, strides: strides as [number, number], dilation: dilation as number | [number, number] });
  return new Convolution3D(args.filters, kernel[0], kernel[1], kernel[2], { ...shared, strides: strides as [number, number, number], dilation: dilation as number | [number, number, number] });
}

/** Keras 3's Conv1D, Conv2D and Conv3D: `filters, kernel_size`, then options; each runs the Keraflow convolution of its rank. */
export abstract class KerasConvolution extends KerasLayer {
  declare readonly args: ConvolutionArgs;

  /** 1, 2 or 3 (a getter: the sibling is made while the base class constructs, before fields are set). */
  protected abstract get rank(): 1 | 2 | 3;

  constructor(filters: number, kernelSize: number | number[], options: LayerOptions) {
    super([filters, kernelSize], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return keraflowConvolution(this.rank, this.args, options);
  }

  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return convolutionWeights;
  }

  /** Keraflow's convolutions have no bias initializer: Keras's bias_initializer is applied here. */
  protected override ownInitializedWeights(): readonly string[] {
    return ['bias'];
  }
}

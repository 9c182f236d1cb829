import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as activations from '../../../activations.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as initializations from '../../../initializations.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { ConvTranspose, convTransposeArgs, convTransposeKeras } from './conv-transpose.ts';

// <options of Conv2DTranspose>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Conv2DTranspose, after its positional arguments; every layer also takes LayerOptions. */
export interface Conv2DTransposeOptions extends LayerOptions {
  /** The upsampling factors: steps between two windows of the output, one per spatial axis or one number for all. Default: 1. */
  strides?: number | [number, number];
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Zeros added at the end of each spatial axis of the output, each less than its stride; none: the size Keras infers (n * strides with 'same'). Default: null. */
  outputPadding?: number | [number, number] | null;
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** Spacing of the kernel taps; above 1 only with strides 1. Default: 1. */
  dilationRate?: number | [number, number];
  /** Activation applied to the output; none: linear. Default: 'linear'. */
  activation?: string | activations.Activation | null;
  /** Whether to add a bias vector. Default: true. */
  useBias?: boolean;
  /** Initializer of the kernel weights. Default: 'glorot_uniform'. */
  kernelInitializer?: string | initializations.Initialization;
  /** Initializer of the bias weights. Default: 'zeros'. */
  biasInitializer?: string | initializations.Initialization;
  /** Penalty on the kernel weights, added to the loss; none: no penalty. Default: null. */
  kernelRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the bias weights, added to the loss; none: no penalty. Default: null. */
  biasRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the layer's output in training, divided by the batch size and added to the loss; none: no penalty. Default: null. */
  activityRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the kernel weights after each update; none: no constraint. Default: null. */
  kernelConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the bias weights after each update; none: no constraint. Default: null. */
  biasConstraint?: constraints.ConstraintLike | null;
}
/** Checked by tsc: Conv2DTransposeOptions says what Conv2DTranspose.spec says. */
export type Conv2DTransposeOptionsFollowSpec = Assert<SameType<Conv2DTransposeOptions, LayerOptions & OptionsOf<typeof Conv2DTranspose.spec>>>;
// </options>

/**
 * Keras 3's Conv2DTranspose (a "deconvolution"): each input position adds
 * the kernel, weighted by its channels, into a window of the output; with
 * strides 2 the output is twice the input's size, as decoders of
 * autoencoders and segmentation networks use it.
 */
export class Conv2DTranspose extends ConvTranspose {
  static override readonly spec = {
    className: 'Conv2DTranspose',
    dialect: 'keras',
    doc: '2-D transposed convolution (deconvolution): activation(conv_transpose(x, kernel) + bias), channels last by default; upsamples by its strides.',
    shape:
      "[rows, cols, channels] -> [rows', cols', filters]; each size n -> n * strides ('same'), n * strides + max(kernel - strides, 0) ('valid'); with output_padding p: (n - 1) * strides + kernel + p, less 2 * (kernel // 2) with 'same'",
    args: convTransposeArgs(2),
    params: ['kernel', 'bias'],
    activeParams: (args) => (args.useBias ? ['kernel', 'bias'] : ['kernel']),
    inputs: 'single',
    keras: convTransposeKeras('Conv2DTranspose', 2),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Conv2DTranspose.spec>;

  constructor(filters: number, kernelSize: number | number[], options: Conv2DTransposeOptions = {}) {
    super([filters, kernelSize], options, 2);
  }
}

// Keras 3's own layer (its names, arguments and defaults): the same class in both dialects.
registerLayer(Conv2DTranspose, { dialects: ['keraflow', 'keras'] });

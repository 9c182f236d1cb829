import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as activations from '../../../activations.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as initializations from '../../../initializations.ts';
import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { DepthwiseConv, depthwiseConvArgs, depthwiseConvKeras } from './depthwise-conv.ts';

// <options of DepthwiseConv2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of DepthwiseConv2D, after its positional arguments; every layer also takes LayerOptions. */
export interface DepthwiseConv2DOptions extends LayerOptions {
  /** Steps between two windows, one per spatial axis or one number for all. Default: 1. */
  strides?: number | [number, number];
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Kernels per input channel: the output has channels × depth_multiplier channels. Default: 1. */
  depthMultiplier?: number;
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** Spacing of the kernel taps, one per spatial axis or one number for all. Default: 1. */
  dilationRate?: number | [number, number];
  /** Activation applied to the output; none: linear. Default: 'linear'. */
  activation?: string | activations.Activation | null;
  /** Whether to add a bias vector. Default: true. */
  useBias?: boolean;
  /** Initializer of the depthwise kernel. Default: 'glorot_uniform'. */
  depthwiseInitializer?: string | initializations.Initialization;
  /** Initializer of the bias weights. Default: 'zeros'. */
  biasInitializer?: string | initializations.Initialization;
  /** Penalty on the depthwise weights, added to the loss; none: no penalty. Default: null. */
  depthwiseRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the bias weights, added to the loss; none: no penalty. Default: null. */
  biasRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the layer's output in training, divided by the batch size and added to the loss; none: no penalty. Default: null. */
  activityRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the depthwise weights after each update; none: no constraint. Default: null. */
  depthwiseConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the bias weights after each update; none: no constraint. Default: null. */
  biasConstraint?: constraints.ConstraintLike | null;
}
/** Checked by tsc: DepthwiseConv2DOptions says what DepthwiseConv2D.spec says. */
export type DepthwiseConv2DOptionsFollowSpec = Assert<SameType<DepthwiseConv2DOptions, LayerOptions & OptionsOf<typeof DepthwiseConv2D.spec>>>;
// </options>

/** Keras 3's DepthwiseConv2D (MobileNet's): each channel of an image convolved with its own depth_multiplier kernels. */
export class DepthwiseConv2D extends DepthwiseConv {
  static override readonly spec = {
    className: 'DepthwiseConv2D',
    dialect: 'keras',
    doc: '2-D depthwise convolution: each input channel convolved with its own depth_multiplier kernels, channels last by default.',
    shape:
      "[rows, cols, channels] -> [rows', cols', channels * depth_multiplier]; each size n -> ceil((n - kernel + 1) / strides) with padding 'valid', ceil(n / strides) with 'same' (kernel: its dilated size)",
    args: depthwiseConvArgs(2),
    params: ['kernel', 'bias'],
    activeParams: (args) => (args.useBias ? ['kernel', 'bias'] : ['kernel']),
    inputs: 'single',
    keras: depthwiseConvKeras('DepthwiseConv2D', 2),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof DepthwiseConv2D.spec>;

  constructor(kernelSize: number | number[], options: DepthwiseConv2DOptions = {}) {
    super([kernelSize], options, 2);
  }
}

// Keras 3's own layer (its names, arguments and defaults): the same class in both dialects.
registerLayer(DepthwiseConv2D, { dialects: ['keraflow', 'keras'] });

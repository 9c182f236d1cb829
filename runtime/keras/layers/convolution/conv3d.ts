import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as activations from '../../../activations.ts';
import type * as initializations from '../../../initializations.ts';
import { Convolution3D } from '../../../layers/convolution/convolution3d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { convolutionArgs, KerasConvolution } from './convolution.ts';

// <options of Conv3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Conv3D, after its positional arguments; every layer also takes LayerOptions. */
export interface Conv3DOptions extends LayerOptions {
  /** Steps between two windows, one per spatial axis or one number for all. Default: 1. */
  strides?: number | [number, number, number];
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** Spacing of the kernel taps (an atrous convolution), one per spatial axis or one number for all; above 1 only with strides 1. Default: 1. */
  dilationRate?: number | [number, number, number];
  /** Groups of input channels convolved separately, each into filters / groups outputs; it divides both channel counts. Default: 1. */
  groups?: number;
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
/** Checked by tsc: Conv3DOptions says what Conv3D.spec says. */
export type Conv3DOptionsFollowSpec = Assert<SameType<Conv3DOptions, LayerOptions & OptionsOf<typeof Conv3D.spec>>>;
// </options>

/** Keras 3's Conv3D: activation(conv(x, kernel) + bias); runs Keraflow's Convolution3D. */
export class Conv3D extends KerasConvolution {
  static override readonly spec = {
    className: 'Conv3D',
    dialect: 'keras',
    doc: '3-D convolution: activation(conv(x, kernel) + bias), channels last by default.',
    shape:
      "[d1, d2, d3, channels] -> [d1', d2', d3', filters]; each size n -> ceil((n - kernel + 1) / strides) with padding 'valid', ceil(n / strides) with 'same'; a dilated kernel spans (kernel - 1) * dilation_rate + 1",
    args: convolutionArgs(3),
    params: Convolution3D.spec.params,
    activeParams: (args) => (args.useBias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: Convolution3D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Conv3D.spec>;

  constructor(filters: number, kernelSize: number | number[], options: Conv3DOptions = {}) {
    super(filters, kernelSize, options);
  }

  protected get rank(): 3 {
    return 3;
  }
}

registerLayer(Conv3D);

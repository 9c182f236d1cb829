import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { Convolution, convolutionKeras, convolutionOptionArgs, dilationAndGroupsArgs, nbKernelArg, type ConvolutionRank } from './convolution-base.ts';
import type * as activations from '../../activations.ts';
import type * as initializations from '../../initializations.ts';

const NAMING: ConvolutionRank = { rank: 3, kernelArgs: ['kernelDim1', 'kernelDim2', 'kernelDim3'], strideArg: 'strides' };

// <options of Convolution3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Convolution3D, after its positional arguments; every layer also takes LayerOptions. */
export interface Convolution3DOptions extends LayerOptions {
  /** Steps between two windows, one per spatial axis, or one number for all. Default: [1, 1, 1]. */
  strides?: number | [number, number, number];
  /** 'valid': no padding, the output shrinks by kernel - 1; 'same': zero padding so that the output is ceil(input / stride), the extra one at the end when odd (TensorFlow's rule). Default: 'valid'. */
  pad?: 'valid' | 'same';
  /** Whether to add a bias b (one per kernel). Default: true. */
  bias?: boolean;
  /** Initialization of W. Default: 'glorot_uniform'. */
  init?: string | initializations.Initialization;
  /** Activation applied to the output. Default: 'linear'. */
  activation?: string | activations.Activation;
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
  /** Spacing of the kernel taps (an atrous convolution), one per spatial axis or one number for all; above 1 only with stride 1. Default: 1. */
  dilation?: number | [number, number, number];
  /** Groups of input channels convolved separately, each into nb_kernel / groups outputs; it divides both channel counts. Default: 1. */
  groups?: number;
}
/** Checked by tsc: Convolution3DOptions says what Convolution3D.spec says. */
export type Convolution3DOptionsFollowSpec = Assert<SameType<Convolution3DOptions, LayerOptions & OptionsOf<typeof Convolution3D.spec>>>;
// </options>

/**
 * 3-D convolution over volumes (or videos): input [dim1, dim2, dim3, channels]
 * (channels last, the default) or [channels, dim1, dim2, dim3]; output
 * nbKernel channels. Parameters: W [kernelDim1, kernelDim2, kernelDim3,
 * inChannels, nbKernel], b [nbKernel].
 */
export class Convolution3D extends Convolution {
  static override readonly spec = {
    className: 'Convolution3D',
    doc: "3-D convolution: activation(conv(x, W) + b) over three axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    shape:
      "[d1, d2, d3, channels] -> [d1', d2', d3', nb_kernel]; each size n -> ceil((n - span + 1) / stride) with pad 'valid', ceil(n / stride) with 'same'; span = (kernel - 1) * dilation + 1 (channels first: channels before d1)",
    args: [
      nbKernelArg,
      { name: 'kernelDim1', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel size along the first spatial axis.' },
      { name: 'kernelDim2', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel size along the second spatial axis.' },
      { name: 'kernelDim3', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel size along the third spatial axis.' },
      { name: 'strides', type: 'intOrIntList', length: 3, default: [1, 1, 1], min: 1, doc: 'Steps between two windows, one per spatial axis, or one number for all.' },
      ...convolutionOptionArgs,
      ...dilationAndGroupsArgs(3),
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: convolutionKeras('Conv3D', NAMING),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Convolution3D.spec>;

  constructor(nbKernel: number, kernelDim1: number, kernelDim2: number, kernelDim3: number, options: Convolution3DOptions = {}) {
    super([nbKernel, kernelDim1, kernelDim2, kernelDim3], options, NAMING);
  }

  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return tf.conv3d(x as tf.Tensor5D, kernel as tf.Tensor5D, this.strides as [number, number, number], this.pad);
  }
}

registerLayer(Convolution3D);

import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { Convolution, convolutionKeras, convolutionOptionArgs, dilationAndGroupsArgs, nbKernelArg, type ConvolutionRank } from './convolution-base.ts';
import type * as activations from '../../activations.ts';
import type * as initializations from '../../initializations.ts';

const NAMING: ConvolutionRank = { rank: 2, kernelArgs: ['kernelRow', 'kernelCol'], strideArg: 'strides' };

// <options of Convolution2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Convolution2D, after its positional arguments; every layer also takes LayerOptions. */
export interface Convolution2DOptions extends LayerOptions {
  /** Steps between two windows: [rows, cols], or one number for both. Default: [1, 1]. */
  strides?: number | [number, number];
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
  dilation?: number | [number, number];
  /** Groups of input channels convolved separately, each into nb_kernel / groups outputs; it divides both channel counts. Default: 1. */
  groups?: number;
}
/** Checked by tsc: Convolution2DOptions says what Convolution2D.spec says. */
export type Convolution2DOptionsFollowSpec = Assert<SameType<Convolution2DOptions, LayerOptions & OptionsOf<typeof Convolution2D.spec>>>;
// </options>

/**
 * 2-D convolution over images: input [rows, cols, channels] (channels last,
 * the default: `input img: [28, 28, 1]`) or [channels, rows, cols]; output
 * nbKernel channels. Parameters: W [kernelRow, kernelCol, inChannels, nbKernel],
 * b [nbKernel].
 */
export class Convolution2D extends Convolution {
  static override readonly spec = {
    className: 'Convolution2D',
    doc: "2-D convolution: activation(conv(x, W) + b) over rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    shape:
      "[rows, cols, channels] -> [rows', cols', nb_kernel]; each size n -> ceil((n - span + 1) / stride) with pad 'valid', ceil(n / stride) with 'same'; span = (kernel - 1) * dilation + 1 (channels first: channels before rows)",
    args: [
      nbKernelArg,
      { name: 'kernelRow', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel height (rows).' },
      { name: 'kernelCol', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel width (cols).' },
      { name: 'strides', type: 'intOrIntList', length: 2, default: [1, 1], min: 1, doc: 'Steps between two windows: [rows, cols], or one number for both.' },
      ...convolutionOptionArgs,
      ...dilationAndGroupsArgs(2),
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: convolutionKeras('Conv2D', NAMING),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Convolution2D.spec>;

  constructor(nbKernel: number, kernelRow: number, kernelCol: number, options: Convolution2DOptions = {}) {
    super([nbKernel, kernelRow, kernelCol], options, NAMING);
  }

  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, this.strides as [number, number], this.pad);
  }
}

registerLayer(Convolution2D);

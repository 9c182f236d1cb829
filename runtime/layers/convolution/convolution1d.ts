import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { Convolution, convolutionKeras, convolutionOptionArgs, dilationAndGroupsArgs, nbKernelArg, type ConvolutionRank } from './convolution-base.ts';
import type * as activations from '../../activations.ts';
import type * as initializations from '../../initializations.ts';

const NAMING: ConvolutionRank = { rank: 1, kernelArgs: ['kernelRow'], strideArg: 'stride' };

// <options of Convolution1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Convolution1D, after its positional arguments; every layer also takes LayerOptions. */
export interface Convolution1DOptions extends LayerOptions {
  /** Step between two windows. Default: 1. */
  stride?: number;
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
  dilation?: number | [number];
  /** Groups of input channels convolved separately, each into nb_kernel / groups outputs; it divides both channel counts. Default: 1. */
  groups?: number;
}
/** Checked by tsc: Convolution1DOptions says what Convolution1D.spec says. */
export type Convolution1DOptionsFollowSpec = Assert<SameType<Convolution1DOptions, LayerOptions & OptionsOf<typeof Convolution1D.spec>>>;
// </options>

/**
 * 1-D convolution over steps: input [steps, channels] (channels last, the
 * default) or [channels, steps]; output nbKernel channels, of
 * (steps - kernelRow) // stride + 1 steps ('valid') or ceil(steps / stride)
 * ('same'). Parameters: W [kernelRow, inChannels, nbKernel], b [nbKernel].
 */
export class Convolution1D extends Convolution {
  static override readonly spec = {
    className: 'Convolution1D',
    doc: "1-D convolution: activation(conv(x, W) + b) over steps; input [steps, channels] by default (dataFormat 'channels_last').",
    shape:
      "[steps, channels] -> [steps', nb_kernel]; steps' = ceil((steps - span + 1) / stride) with pad 'valid', ceil(steps / stride) with 'same'; span = (kernel_row - 1) * dilation + 1 (channels first: [nb_kernel, steps'])",
    args: [
      nbKernelArg,
      { name: 'kernelRow', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel length (steps).' },
      { name: 'stride', type: 'int', default: 1, min: 1, doc: 'Step between two windows.' },
      ...convolutionOptionArgs,
      ...dilationAndGroupsArgs(1),
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: convolutionKeras('Conv1D', NAMING),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Convolution1D.spec>;

  constructor(nbKernel: number, kernelRow: number, options: Convolution1DOptions = {}) {
    super([nbKernel, kernelRow], options, NAMING);
  }

  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, this.strides[0], this.pad);
  }
}

registerLayer(Convolution1D);

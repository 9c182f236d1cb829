import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { Convolution, convolutionKeras, convolutionOptionArgs, nbKernelArg, type ConvolutionOptions, type ConvolutionRank } from './convolution-base.ts';

const NAMING: ConvolutionRank = { rank: 1, kernelArgs: ['kernelRow'], strideArg: 'stride' };

export interface Convolution1DOptions extends ConvolutionOptions {
  /** Step between two windows (default 1). */
  stride?: number;
}

/**
 * 1-D convolution over steps: input [steps, channels] (channels last, the
 * default) or [channels, steps]; output nbKernel channels, of
 * (steps - kernelRow) // stride + 1 steps ('valid') or ceil(steps / stride)
 * ('same'). Parameters: W [kernelRow, inChannels, nbKernel], b [nbKernel].
 */
export class Convolution1D extends Convolution {
  static override readonly spec: LayerSpec = {
    className: 'Convolution1D',
    doc: "1-D convolution: activation(conv(x, W) + b) over steps; input [steps, channels] by default (dataFormat 'channels_last').",
    args: [
      nbKernelArg,
      { name: 'kernelRow', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel length (steps).' },
      { name: 'stride', type: 'int', default: 1, min: 1, doc: 'Step between two windows.' },
      ...convolutionOptionArgs,
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: convolutionKeras('Conv1D', NAMING),
  };

  constructor(nbKernel: number, kernelRow: number, options: Convolution1DOptions = {}) {
    super([nbKernel, kernelRow], options, NAMING);
  }

  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, this.strides[0], this.pad);
  }
}

registerLayer(Convolution1D);

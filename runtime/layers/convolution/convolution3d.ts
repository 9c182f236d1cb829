import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { Convolution, convolutionKeras, convolutionOptionArgs, nbKernelArg, type ConvolutionOptions, type ConvolutionRank } from './convolution-base.ts';

const NAMING: ConvolutionRank = { rank: 3, kernelArgs: ['kernelDim1', 'kernelDim2', 'kernelDim3'], strideArg: 'strides' };

export interface Convolution3DOptions extends ConvolutionOptions {
  /** Steps between two windows, [dim1, dim2, dim3] or one for all (default [1, 1, 1]). */
  strides?: number | [number, number, number];
}

/**
 * 3-D convolution over volumes (or videos): input [dim1, dim2, dim3, channels]
 * (channels last, the default) or [channels, dim1, dim2, dim3]; output
 * nbKernel channels. Parameters: W [kernelDim1, kernelDim2, kernelDim3,
 * inChannels, nbKernel], b [nbKernel].
 */
export class Convolution3D extends Convolution {
  static override readonly spec: LayerSpec = {
    className: 'Convolution3D',
    doc: "3-D convolution: activation(conv(x, W) + b) over three axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    args: [
      nbKernelArg,
      { name: 'kernelDim1', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel size along the first spatial axis.' },
      { name: 'kernelDim2', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel size along the second spatial axis.' },
      { name: 'kernelDim3', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel size along the third spatial axis.' },
      { name: 'strides', type: 'intOrIntList', length: 3, default: [1, 1, 1], min: 1, doc: 'Steps between two windows, one per spatial axis, or one number for all.' },
      ...convolutionOptionArgs,
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: convolutionKeras('Conv3D', NAMING),
  };

  constructor(nbKernel: number, kernelDim1: number, kernelDim2: number, kernelDim3: number, options: Convolution3DOptions = {}) {
    super([nbKernel, kernelDim1, kernelDim2, kernelDim3], options, NAMING);
  }

  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return tf.conv3d(x as tf.Tensor5D, kernel as tf.Tensor5D, this.strides as [number, number, number], this.pad);
  }
}

registerLayer(Convolution3D);

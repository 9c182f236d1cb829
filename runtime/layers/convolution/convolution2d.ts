import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { Convolution, convolutionKeras, convolutionOptionArgs, nbKernelArg, type ConvolutionOptions, type ConvolutionRank } from './convolution-base.ts';

const NAMING: ConvolutionRank = { rank: 2, kernelArgs: ['kernelRow', 'kernelCol'], strideArg: 'strides' };

export interface Convolution2DOptions extends ConvolutionOptions {
  /** Steps between two windows, [rows, cols] or one for both (default [1, 1]). */
  strides?: number | [number, number];
}

/**
 * 2-D convolution over images: input [rows, cols, channels] (channels last,
 * the default: `input img: [28, 28, 1]`) or [channels, rows, cols]; output
 * nbKernel channels. Parameters: W [kernelRow, kernelCol, inChannels, nbKernel],
 * b [nbKernel].
 */
export class Convolution2D extends Convolution {
  static override readonly spec: LayerSpec = {
    className: 'Convolution2D',
    doc: "2-D convolution: activation(conv(x, W) + b) over rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    args: [
      nbKernelArg,
      { name: 'kernelRow', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel height (rows).' },
      { name: 'kernelCol', type: 'int', positional: true, required: true, min: 1, doc: 'Kernel width (cols).' },
      { name: 'strides', type: 'intOrIntList', length: 2, default: [1, 1], min: 1, doc: 'Steps between two windows: [rows, cols], or one number for both.' },
      ...convolutionOptionArgs,
    ],
    params: ['W', 'b'],
    activeParams: (args) => (args.bias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: convolutionKeras('Conv2D', NAMING),
  };

  constructor(nbKernel: number, kernelRow: number, kernelCol: number, options: Convolution2DOptions = {}) {
    super([nbKernel, kernelRow, kernelCol], options, NAMING);
  }

  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    return tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, this.strides as [number, number], this.pad);
  }
}

registerLayer(Convolution2D);

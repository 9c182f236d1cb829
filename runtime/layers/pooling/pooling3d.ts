import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { Pooling, poolingArgs, poolingKeras, type PoolingMode, type PoolingOptions } from './pooling-base.ts';

/**
 * Max or average pooling over three spatial axes: [dim1, dim2, dim3, channels]
 * (channels last, the default) to the pooled sizes, channels kept.
 */
export class Pooling3D extends Pooling {
  static override readonly spec: LayerSpec = {
    className: 'Pooling3D',
    doc: "Max or average pooling over three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    args: poolingArgs(3),
    params: [],
    inputs: 'single',
    keras: poolingKeras(3),
  };

  constructor(mode: PoolingMode, options: PoolingOptions<number | [number, number, number]> = {}) {
    super(mode, options, 3);
  }

  protected pool(x: tf.Tensor): tf.Tensor {
    const window = this.poolSize as [number, number, number];
    const strides = this.strides as [number, number, number];
    return this.mode === 'max'
      ? tf.maxPool3d(x as tf.Tensor5D, window, strides, this.pad)
      : tf.avgPool3d(x as tf.Tensor5D, window, strides, this.pad);
  }
}

registerLayer(Pooling3D);

import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { Pooling, poolingArgs, poolingKeras, type PoolingMode, type PoolingOptions } from './pooling-base.ts';

/**
 * Max or average pooling over rows and cols: [rows, cols, channels] (channels
 * last, the default) to the pooled rows and cols, channels kept.
 */
export class Pooling2D extends Pooling {
  static override readonly spec: LayerSpec = {
    className: 'Pooling2D',
    doc: "Max or average pooling over rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    args: poolingArgs(2),
    params: [],
    inputs: 'single',
    keras: poolingKeras(2),
  };

  constructor(mode: PoolingMode, options: PoolingOptions<number | [number, number]> = {}) {
    super(mode, options, 2);
  }

  protected pool(x: tf.Tensor): tf.Tensor {
    const window = this.poolSize as [number, number];
    const strides = this.strides as [number, number];
    return this.mode === 'max'
      ? tf.maxPool(x as tf.Tensor4D, window, strides, this.pad)
      : tf.avgPool(x as tf.Tensor4D, window, strides, this.pad);
  }
}

registerLayer(Pooling2D);

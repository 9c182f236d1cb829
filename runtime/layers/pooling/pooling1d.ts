import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { Pooling, poolingArgs, poolingKeras, type PoolingMode, type PoolingOptions } from './pooling-base.ts';

/**
 * Max or average pooling over steps: [steps, channels] (channels last, the
 * default) to [(steps - poolSize) // strides + 1, channels] ('valid') or
 * [ceil(steps / strides), channels] ('same').
 */
export class Pooling1D extends Pooling {
  static override readonly spec: LayerSpec = {
    className: 'Pooling1D',
    doc: "Max or average pooling over steps; input [steps, channels] by default (dataFormat 'channels_last').",
    args: poolingArgs(1),
    params: [],
    inputs: 'single',
    keras: poolingKeras(1),
  };

  constructor(mode: PoolingMode, options: PoolingOptions<number> = {}) {
    super(mode, options, 1);
  }

  protected pool(x: tf.Tensor): tf.Tensor {
    // TensorFlow.js pools 2-D windows: pool [steps, 1] windows over [steps, 1, channels].
    const image = tf.expandDims(x, 2) as tf.Tensor4D;
    const window: [number, number] = [this.poolSize[0], 1];
    const strides: [number, number] = [this.strides[0], 1];
    const pooled = this.mode === 'max' ? tf.maxPool(image, window, strides, this.pad) : tf.avgPool(image, window, strides, this.pad);
    return tf.squeeze(pooled, [2]);
  }
}

registerLayer(Pooling1D);

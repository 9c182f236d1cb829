import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { Pooling, poolingArgs, poolingKeras, type PoolingMode } from './pooling-base.ts';

// <options of Pooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Pooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface Pooling1DOptions extends LayerOptions {
  /** Window length. Default: 2. */
  poolSize?: number;
  /** Steps between two windows; none: the pool size (windows do not overlap). Default: null. */
  strides?: number | null;
  /** 'valid': no padding, the output shrinks by kernel - 1; 'same': zero padding so that the output is ceil(input / stride), the extra one at the end when odd (TensorFlow's rule). Default: 'valid'. */
  pad?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: Pooling1DOptions says what Pooling1D.spec says. */
export type Pooling1DOptionsFollowSpec = Assert<SameType<Pooling1DOptions, LayerOptions & OptionsOf<typeof Pooling1D.spec>>>;
// </options>

/**
 * Max or average pooling over steps: [steps, channels] (channels last, the
 * default) to [(steps - poolSize) // strides + 1, channels] ('valid') or
 * [ceil(steps / strides), channels] ('same').
 */
export class Pooling1D extends Pooling {
  static override readonly spec = {
    className: 'Pooling1D',
    doc: "Max or average pooling over steps; input [steps, channels] by default (dataFormat 'channels_last').",
    shape: "[steps, channels] -> [steps', channels]; steps' = ceil((steps - pool_size + 1) / strides) with pad 'valid', ceil(steps / strides) with 'same'",
    args: poolingArgs(1),
    params: [],
    inputs: 'single',
    keras: poolingKeras(1),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Pooling1D.spec>;

  constructor(mode: PoolingMode, options: Pooling1DOptions = {}) {
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

import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { Pooling, poolingArgs, poolingKeras, type PoolingMode } from './pooling-base.ts';

// <options of Pooling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Pooling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface Pooling2DOptions extends LayerOptions {
  /** Window size, one per spatial axis, or one number for all. Default: [2, 2]. */
  poolSize?: number | [number, number];
  /** Steps between two windows; none: the pool size (windows do not overlap). Default: null. */
  strides?: number | [number, number] | null;
  /** 'valid': no padding, the output shrinks by kernel - 1; 'same': zero padding so that the output is ceil(input / stride), the extra one at the end when odd (TensorFlow's rule). Default: 'valid'. */
  pad?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: Pooling2DOptions says what Pooling2D.spec says. */
export type Pooling2DOptionsFollowSpec = Assert<SameType<Pooling2DOptions, LayerOptions & OptionsOf<typeof Pooling2D.spec>>>;
// </options>

/**
 * Max or average pooling over rows and cols: [rows, cols, channels] (channels
 * last, the default) to the pooled rows and cols, channels kept.
 */
export class Pooling2D extends Pooling {
  static override readonly spec = {
    className: 'Pooling2D',
    doc: "Max or average pooling over rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    shape: "[rows, cols, channels] -> [rows', cols', channels]; each size n -> ceil((n - pool + 1) / stride) with pad 'valid', ceil(n / stride) with 'same'",
    args: poolingArgs(2),
    params: [],
    inputs: 'single',
    keras: poolingKeras(2),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Pooling2D.spec>;

  constructor(mode: PoolingMode, options: Pooling2DOptions = {}) {
    super(mode, options, 2);
  }

  protected pool(x: tf.Tensor): tf.Tensor {
    const window = this.poolSize as [number, number];
    const strides = this.strides as [number, number];
    return this.mode === 'max' ? tf.maxPool(x as tf.Tensor4D, window, strides, this.pad) : tf.avgPool(x as tf.Tensor4D, window, strides, this.pad);
  }
}

registerLayer(Pooling2D);

import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { Pooling, poolingArgs, poolingKeras, type PoolingMode } from './pooling-base.ts';

// <options of Pooling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Pooling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface Pooling3DOptions extends LayerOptions {
  /** Window size, one per spatial axis, or one number for all. Default: [2, 2, 2]. */
  poolSize?: number | [number, number, number];
  /** Steps between two windows; none: the pool size (windows do not overlap). Default: null. */
  strides?: number | [number, number, number] | null;
  /** 'valid': no padding, the output shrinks by kernel - 1; 'same': zero padding so that the output is ceil(input / stride), the extra one at the end when odd (TensorFlow's rule). Default: 'valid'. */
  pad?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: Pooling3DOptions says what Pooling3D.spec says. */
export type Pooling3DOptionsFollowSpec = Assert<SameType<Pooling3DOptions, LayerOptions & OptionsOf<typeof Pooling3D.spec>>>;
// </options>

/**
 * Max or average pooling over three spatial axes: [dim1, dim2, dim3, channels]
 * (channels last, the default) to the pooled sizes, channels kept.
 */
export class Pooling3D extends Pooling {
  static override readonly spec = {
    className: 'Pooling3D',
    doc: "Max or average pooling over three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    shape: "[d1, d2, d3, channels] -> [d1', d2', d3', channels]; each size n -> ceil((n - pool + 1) / stride) with pad 'valid', ceil(n / stride) with 'same'",
    args: poolingArgs(3),
    params: [],
    inputs: 'single',
    keras: poolingKeras(3),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Pooling3D.spec>;

  constructor(mode: PoolingMode, options: Pooling3DOptions = {}) {
    super(mode, options, 3);
  }

  protected pool(x: tf.Tensor): tf.Tensor {
    const window = this.poolSize as [number, number, number];
    const strides = this.strides as [number, number, number];
    return this.mode === 'max' ? tf.maxPool3d(x as tf.Tensor5D, window, strides, this.pad) : tf.avgPool3d(x as tf.Tensor5D, window, strides, this.pad);
  }
}

registerLayer(Pooling3D);

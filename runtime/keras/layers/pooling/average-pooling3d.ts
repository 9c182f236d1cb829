import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Pooling3D } from '../../../layers/pooling/pooling3d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { optionalFirst } from '../arguments.ts';
import { keraflowPooling, poolingArgs } from './pooling.ts';

// <options of AveragePooling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of AveragePooling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface AveragePooling3DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number, number, number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: AveragePooling3DOptions says what AveragePooling3D.spec says. */
export type AveragePooling3DOptionsFollowSpec = Assert<SameType<AveragePooling3DOptions, LayerOptions & OptionsOf<typeof AveragePooling3D.spec>>>;
// </options>

/** Keras 3's AveragePooling3D (also AvgPool3D): the mean of each window; runs Keraflow's Pooling3D('avg'). */
export class AveragePooling3D extends KerasLayer {
  static override readonly spec = {
    className: 'AveragePooling3D',
    dialect: 'keras',
    doc: '3-D average pooling: the mean of each window, channels kept (channels last by default).',
    shape: "[spatial..., channels] -> [spatial'..., channels]; each size n -> ceil((n - pool_size + 1) / strides) with padding 'valid', ceil(n / strides) with 'same'",
    args: poolingArgs(3),
    params: [],
    inputs: 'single',
    keras: Pooling3D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof AveragePooling3D.spec>;

  constructor(poolSize?: number | number[] | AveragePooling3DOptions, options: AveragePooling3DOptions = {}) {
    super(...optionalFirst(poolSize, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return keraflowPooling(3, 'avg', this.args, options);
  }
}

registerLayer(AveragePooling3D, { aliases: ['AvgPool3D'] });

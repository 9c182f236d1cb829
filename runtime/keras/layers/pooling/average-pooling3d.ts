import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasPooling, poolingSpec } from './pooling.ts';

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
export class AveragePooling3D extends KerasPooling {
  static override readonly spec = poolingSpec(3, 'avg');
  declare readonly args: ArgsOf<typeof AveragePooling3D.spec>;

  constructor(poolSize?: number | number[] | AveragePooling3DOptions, options: AveragePooling3DOptions = {}) {
    super(poolSize, options);
  }
}

registerLayer(AveragePooling3D, { aliases: ['AvgPool3D'] });

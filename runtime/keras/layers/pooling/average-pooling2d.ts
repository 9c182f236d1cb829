import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasPooling, poolingSpec } from './pooling.ts';

// <options of AveragePooling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of AveragePooling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface AveragePooling2DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number, number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: AveragePooling2DOptions says what AveragePooling2D.spec says. */
export type AveragePooling2DOptionsFollowSpec = Assert<SameType<AveragePooling2DOptions, LayerOptions & OptionsOf<typeof AveragePooling2D.spec>>>;
// </options>

/** Keras 3's AveragePooling2D (also AvgPool2D): the mean of each window; runs Keraflow's Pooling2D('avg'). */
export class AveragePooling2D extends KerasPooling {
  static override readonly spec = poolingSpec(2, 'avg');
  declare readonly args: ArgsOf<typeof AveragePooling2D.spec>;

  constructor(poolSize?: number | number[] | AveragePooling2DOptions, options: AveragePooling2DOptions = {}) {
    super(poolSize, options);
  }
}

registerLayer(AveragePooling2D, { aliases: ['AvgPool2D'] });

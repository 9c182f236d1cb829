import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasPooling, poolingSpec } from './pooling.ts';

// <options of AveragePooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of AveragePooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface AveragePooling1DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: AveragePooling1DOptions says what AveragePooling1D.spec says. */
export type AveragePooling1DOptionsFollowSpec = Assert<SameType<AveragePooling1DOptions, LayerOptions & OptionsOf<typeof AveragePooling1D.spec>>>;
// </options>

/** Keras 3's AveragePooling1D (also AvgPool1D): the mean of each window; runs Keraflow's Pooling1D('avg'). */
export class AveragePooling1D extends KerasPooling {
  static override readonly spec = poolingSpec(1, 'avg');
  declare readonly args: ArgsOf<typeof AveragePooling1D.spec>;

  constructor(poolSize?: number | number[] | AveragePooling1DOptions, options: AveragePooling1DOptions = {}) {
    super(poolSize, options);
  }
}

registerLayer(AveragePooling1D, { aliases: ['AvgPool1D'] });

import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasPooling, poolingSpec } from './pooling.ts';

// <options of MaxPooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of MaxPooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface MaxPooling1DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: MaxPooling1DOptions says what MaxPooling1D.spec says. */
export type MaxPooling1DOptionsFollowSpec = Assert<SameType<MaxPooling1DOptions, LayerOptions & OptionsOf<typeof MaxPooling1D.spec>>>;
// </options>

/** Keras 3's MaxPooling1D (also MaxPool1D): the largest value of each window; runs Keraflow's Pooling1D('max'). */
export class MaxPooling1D extends KerasPooling {
  static override readonly spec = poolingSpec(1, 'max');
  declare readonly args: ArgsOf<typeof MaxPooling1D.spec>;

  constructor(poolSize?: number | number[] | MaxPooling1DOptions, options: MaxPooling1DOptions = {}) {
    super(poolSize, options);
  }
}

registerLayer(MaxPooling1D, { aliases: ['MaxPool1D'] });

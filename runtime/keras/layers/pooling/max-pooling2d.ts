import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasPooling, poolingSpec } from './pooling.ts';

// <options of MaxPooling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of MaxPooling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface MaxPooling2DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number, number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: MaxPooling2DOptions says what MaxPooling2D.spec says. */
export type MaxPooling2DOptionsFollowSpec = Assert<SameType<MaxPooling2DOptions, LayerOptions & OptionsOf<typeof MaxPooling2D.spec>>>;
// </options>

/** Keras 3's MaxPooling2D (also MaxPool2D): the largest value of each window; runs Keraflow's Pooling2D('max'). */
export class MaxPooling2D extends KerasPooling {
  static override readonly spec = poolingSpec(2, 'max');
  declare readonly args: ArgsOf<typeof MaxPooling2D.spec>;

  constructor(poolSize?: number | number[] | MaxPooling2DOptions, options: MaxPooling2DOptions = {}) {
    super(poolSize, options);
  }
}

registerLayer(MaxPooling2D, { aliases: ['MaxPool2D'] });

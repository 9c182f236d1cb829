import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasPooling, poolingSpec } from './pooling.ts';

// <options of MaxPooling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of MaxPooling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface MaxPooling3DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number, number, number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: MaxPooling3DOptions says what MaxPooling3D.spec says. */
export type MaxPooling3DOptionsFollowSpec = Assert<SameType<MaxPooling3DOptions, LayerOptions & OptionsOf<typeof MaxPooling3D.spec>>>;
// </options>

/** Keras 3's MaxPooling3D (also MaxPool3D): the largest value of each window; runs Keraflow's Pooling3D('max'). */
export class MaxPooling3D extends KerasPooling {
  static override readonly spec = poolingSpec(3, 'max');
  declare readonly args: ArgsOf<typeof MaxPooling3D.spec>;

  constructor(poolSize?: number | number[] | MaxPooling3DOptions, options: MaxPooling3DOptions = {}) {
    super(poolSize, options);
  }
}

registerLayer(MaxPooling3D, { aliases: ['MaxPool3D'] });

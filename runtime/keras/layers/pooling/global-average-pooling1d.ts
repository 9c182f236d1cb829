import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { globalPoolingSpec, KerasGlobalPooling } from './global-pooling.ts';

// <options of GlobalAveragePooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalAveragePooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalAveragePooling1DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalAveragePooling1DOptions says what GlobalAveragePooling1D.spec says. */
export type GlobalAveragePooling1DOptionsFollowSpec = Assert<SameType<GlobalAveragePooling1DOptions, LayerOptions & OptionsOf<typeof GlobalAveragePooling1D.spec>>>;
// </options>

/** Keras 3's GlobalAveragePooling1D (also GlobalAvgPool1D): the mean of each channel over the steps; runs Keraflow's GlobalPooling1D('avg'). */
export class GlobalAveragePooling1D extends KerasGlobalPooling {
  static override readonly spec = globalPoolingSpec(1, 'avg');
  declare readonly args: ArgsOf<typeof GlobalAveragePooling1D.spec>;

  constructor(options: GlobalAveragePooling1DOptions = {}) {
    super(options);
  }
}

registerLayer(GlobalAveragePooling1D, { aliases: ['GlobalAvgPool1D'] });

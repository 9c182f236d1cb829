import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { globalPoolingSpec, KerasGlobalPooling } from './global-pooling.ts';

// <options of GlobalMaxPooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalMaxPooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalMaxPooling1DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalMaxPooling1DOptions says what GlobalMaxPooling1D.spec says. */
export type GlobalMaxPooling1DOptionsFollowSpec = Assert<SameType<GlobalMaxPooling1DOptions, LayerOptions & OptionsOf<typeof GlobalMaxPooling1D.spec>>>;
// </options>

/** Keras 3's GlobalMaxPooling1D (also GlobalMaxPool1D): the largest value of each channel over the steps; runs Keraflow's GlobalPooling1D('max'). */
export class GlobalMaxPooling1D extends KerasGlobalPooling {
  static override readonly spec = globalPoolingSpec(1, 'max');
  declare readonly args: ArgsOf<typeof GlobalMaxPooling1D.spec>;

  constructor(options: GlobalMaxPooling1DOptions = {}) {
    super(options);
  }
}

registerLayer(GlobalMaxPooling1D, { aliases: ['GlobalMaxPool1D'] });

import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { globalPoolingSpec, KerasGlobalPooling } from './global-pooling.ts';

// <options of GlobalMaxPooling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalMaxPooling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalMaxPooling2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalMaxPooling2DOptions says what GlobalMaxPooling2D.spec says. */
export type GlobalMaxPooling2DOptionsFollowSpec = Assert<SameType<GlobalMaxPooling2DOptions, LayerOptions & OptionsOf<typeof GlobalMaxPooling2D.spec>>>;
// </options>

/** Keras 3's GlobalMaxPooling2D (also GlobalMaxPool2D): the largest value of each channel over the rows and cols; runs Keraflow's GlobalPooling2D('max'). */
export class GlobalMaxPooling2D extends KerasGlobalPooling {
  static override readonly spec = globalPoolingSpec(2, 'max');
  declare readonly args: ArgsOf<typeof GlobalMaxPooling2D.spec>;

  constructor(options: GlobalMaxPooling2DOptions = {}) {
    super(options);
  }
}

registerLayer(GlobalMaxPooling2D, { aliases: ['GlobalMaxPool2D'] });

import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { globalPoolingSpec, KerasGlobalPooling } from './global-pooling.ts';

// <options of GlobalAveragePooling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalAveragePooling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalAveragePooling2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalAveragePooling2DOptions says what GlobalAveragePooling2D.spec says. */
export type GlobalAveragePooling2DOptionsFollowSpec = Assert<SameType<GlobalAveragePooling2DOptions, LayerOptions & OptionsOf<typeof GlobalAveragePooling2D.spec>>>;
// </options>

/** Keras 3's GlobalAveragePooling2D (also GlobalAvgPool2D): the mean of each channel over the rows and cols; runs Keraflow's GlobalPooling2D('avg'). */
export class GlobalAveragePooling2D extends KerasGlobalPooling {
  static override readonly spec = globalPoolingSpec(2, 'avg');
  declare readonly args: ArgsOf<typeof GlobalAveragePooling2D.spec>;

  constructor(options: GlobalAveragePooling2DOptions = {}) {
    super(options);
  }
}

registerLayer(GlobalAveragePooling2D, { aliases: ['GlobalAvgPool2D'] });

import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { globalPoolingSpec, KerasGlobalPooling } from './global-pooling.ts';

// <options of GlobalMaxPooling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalMaxPooling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalMaxPooling3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalMaxPooling3DOptions says what GlobalMaxPooling3D.spec says. */
export type GlobalMaxPooling3DOptionsFollowSpec = Assert<SameType<GlobalMaxPooling3DOptions, LayerOptions & OptionsOf<typeof GlobalMaxPooling3D.spec>>>;
// </options>

/** Keras 3's GlobalMaxPooling3D (also GlobalMaxPool3D): the largest value of each channel over the three spatial axes; runs Keraflow's GlobalPooling3D('max'). */
export class GlobalMaxPooling3D extends KerasGlobalPooling {
  static override readonly spec = globalPoolingSpec(3, 'max');
  declare readonly args: ArgsOf<typeof GlobalMaxPooling3D.spec>;

  constructor(options: GlobalMaxPooling3DOptions = {}) {
    super(options);
  }
}

registerLayer(GlobalMaxPooling3D, { aliases: ['GlobalMaxPool3D'] });

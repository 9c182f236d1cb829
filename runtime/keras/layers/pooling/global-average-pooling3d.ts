import type { LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { globalPoolingSpec, KerasGlobalPooling } from './global-pooling.ts';

// <options of GlobalAveragePooling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalAveragePooling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalAveragePooling3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalAveragePooling3DOptions says what GlobalAveragePooling3D.spec says. */
export type GlobalAveragePooling3DOptionsFollowSpec = Assert<SameType<GlobalAveragePooling3DOptions, LayerOptions & OptionsOf<typeof GlobalAveragePooling3D.spec>>>;
// </options>

/** Keras 3's GlobalAveragePooling3D (also GlobalAvgPool3D): the mean of each channel over the three spatial axes; runs Keraflow's GlobalPooling3D('avg'). */
export class GlobalAveragePooling3D extends KerasGlobalPooling {
  static override readonly spec = globalPoolingSpec(3, 'avg');
  declare readonly args: ArgsOf<typeof GlobalAveragePooling3D.spec>;

  constructor(options: GlobalAveragePooling3DOptions = {}) {
    super(options);
  }
}

registerLayer(GlobalAveragePooling3D, { aliases: ['GlobalAvgPool3D'] });

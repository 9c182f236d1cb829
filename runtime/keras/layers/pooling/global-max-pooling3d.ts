import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { GlobalPooling3D } from '../../../layers/pooling/global-pooling3d.ts';
import type { PoolingMode } from '../../../layers/pooling/pooling-base.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { GlobalPooling, globalPoolingArgs } from './global-pooling.ts';

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
export class GlobalMaxPooling3D extends GlobalPooling {
  static override readonly spec = {
    className: 'GlobalMaxPooling3D',
    dialect: 'keras',
    doc: 'The largest value of each channel over the three spatial axes (channels last by default).',
    shape: '[depth, rows, cols, channels] -> [channels] ([1, 1, 1, channels] with keepdims)',
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: GlobalPooling3D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GlobalMaxPooling3D.spec>;
  protected get mode(): PoolingMode {
    return 'max';
  }
  protected get rank(): 1 | 2 | 3 {
    return 3;
  }

  constructor(options: GlobalMaxPooling3DOptions = {}) {
    super([], options);
  }
}

registerLayer(GlobalMaxPooling3D, { aliases: ['GlobalMaxPool3D'] });

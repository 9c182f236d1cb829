import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { GlobalPooling, globalPoolingArgs, globalPoolingKeras, type PoolingMode } from './pooling-base.ts';

// <options of GlobalPooling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalPooling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalPooling3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalPooling3DOptions says what GlobalPooling3D.spec says. */
export type GlobalPooling3DOptionsFollowSpec = Assert<SameType<GlobalPooling3DOptions, LayerOptions & OptionsOf<typeof GlobalPooling3D.spec>>>;
// </options>

/**
 * The max or mean of each channel over all three spatial axes: [depth, rows, cols,
 * channels] (channels last, the default) to [channels].
 */
export class GlobalPooling3D extends GlobalPooling {
  static override readonly spec = {
    className: 'GlobalPooling3D',
    doc: "The max or mean of each channel over the three spatial axes; input [depth, rows, cols, channels] by default (dataFormat 'channels_last').",
    shape: '[depth, rows, cols, channels] -> [channels]',
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: globalPoolingKeras(3),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GlobalPooling3D.spec>;

  constructor(mode: PoolingMode, options: GlobalPooling3DOptions = {}) {
    super(mode, options, 3);
  }
}

registerLayer(GlobalPooling3D);

import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { GlobalPooling, globalPoolingArgs, globalPoolingKeras, type PoolingMode } from './pooling-base.ts';

// <options of GlobalPooling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalPooling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalPooling2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalPooling2DOptions says what GlobalPooling2D.spec says. */
export type GlobalPooling2DOptionsFollowSpec = Assert<SameType<GlobalPooling2DOptions, LayerOptions & OptionsOf<typeof GlobalPooling2D.spec>>>;
// </options>

/**
 * The max or mean of each channel over all rows and cols: [rows, cols,
 * channels] (channels last, the default) to [channels].
 */
export class GlobalPooling2D extends GlobalPooling {
  static override readonly spec = {
    className: 'GlobalPooling2D',
    doc: "The max or mean of each channel over all rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    shape: '[rows, cols, channels] -> [channels]',
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: globalPoolingKeras(2),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GlobalPooling2D.spec>;

  constructor(mode: PoolingMode, options: GlobalPooling2DOptions = {}) {
    super(mode, options, 2);
  }
}

registerLayer(GlobalPooling2D);

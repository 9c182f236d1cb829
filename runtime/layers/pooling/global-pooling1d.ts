import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { GlobalPooling, globalPoolingArgs, globalPoolingKeras, type PoolingMode } from './pooling-base.ts';

// <options of GlobalPooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GlobalPooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface GlobalPooling1DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
  /** true: the pooled axes stay, as size 1; false: [channels]. Default: false. */
  keepdims?: boolean;
}
/** Checked by tsc: GlobalPooling1DOptions says what GlobalPooling1D.spec says. */
export type GlobalPooling1DOptionsFollowSpec = Assert<SameType<GlobalPooling1DOptions, LayerOptions & OptionsOf<typeof GlobalPooling1D.spec>>>;
// </options>

/**
 * The max or mean of each channel over all steps: [steps, channels] (channels
 * last, the default) to [channels].
 */
export class GlobalPooling1D extends GlobalPooling {
  static override readonly spec = {
    className: 'GlobalPooling1D',
    doc: "The max or mean of each channel over all steps; input [steps, channels] by default (dataFormat 'channels_last').",
    shape: '[steps, channels] -> [channels]',
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: globalPoolingKeras(1),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GlobalPooling1D.spec>;

  constructor(mode: PoolingMode, options: GlobalPooling1DOptions = {}) {
    super(mode, options, 1);
  }
}

registerLayer(GlobalPooling1D);

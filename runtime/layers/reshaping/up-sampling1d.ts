import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { UpSampling } from './spatial-reshaping.ts';

// <options of UpSampling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of UpSampling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface UpSampling1DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: UpSampling1DOptions says what UpSampling1D.spec says. */
export type UpSampling1DOptionsFollowSpec = Assert<SameType<UpSampling1DOptions, LayerOptions & OptionsOf<typeof UpSampling1D.spec>>>;
// </options>

/**
 * Nearest-neighbour up-sampling of the steps: [steps, channels] (channels
 * last, the default): each step repeated, each size multiplied by its repeat
 * count.
 */
export class UpSampling1D extends UpSampling {
  static override readonly spec = {
    className: 'UpSampling1D',
    doc: "Repeats each step of the steps; input [steps, channels] by default (dataFormat 'channels_last').",
    shape: '[steps, channels] -> [steps * repeats, channels]',
    args: [{ name: 'repeats', type: 'int', positional: true, default: 2, min: 1, doc: 'How many times each step is repeated.' }, dataFormatArg],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UpSampling1D.spec>;

  constructor(repeats?: number, options: UpSampling1DOptions = {}) {
    super(repeats, options, 1);
  }
}

registerLayer(UpSampling1D);

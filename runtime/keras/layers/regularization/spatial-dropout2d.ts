import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { dataFormatArg } from '../arguments.ts';
import { SpatialDropout, spatialDropoutMapping } from './spatial-dropout.ts';

// <options of SpatialDropout2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SpatialDropout2D, after its positional arguments; every layer also takes LayerOptions. */
export interface SpatialDropout2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: SpatialDropout2DOptions says what SpatialDropout2D.spec says. */
export type SpatialDropout2DOptionsFollowSpec = Assert<SameType<SpatialDropout2DOptions, LayerOptions & OptionsOf<typeof SpatialDropout2D.spec>>>;
// </options>

/** Keras 3's SpatialDropout2D: in training, drops whole channels of each sample, scaling the rest by 1 / (1 - rate). */
export class SpatialDropout2D extends SpatialDropout {
  static override readonly spec = {
    className: 'SpatialDropout2D',
    dialect: 'keras',
    doc: 'In training, zeroes whole channels of each sample with probability rate (scaling the others by 1 / (1 - rate)); identity otherwise.',
    shape: '[rows, cols, channels] (channels_last) or [channels, rows, cols], kept',
    args: [
      { name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of channels dropped, in [0, 1).' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: spatialDropoutMapping('SpatialDropout2D', { dataFormat: true, tfjs: false }),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout2D.spec>;
  protected readonly spatialRank = 2;

  constructor(rate: number, options: SpatialDropout2DOptions = {}) {
    super([rate], options);
  }
}

registerLayer(SpatialDropout2D);

import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { SpatialDropout2D as KeraflowSpatialDropout2D } from '../../../layers/noise/spatial-dropout2d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf } from '../arguments.ts';

// <options of SpatialDropout2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SpatialDropout2D, after its positional arguments; every layer also takes LayerOptions. */
export interface SpatialDropout2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: SpatialDropout2DOptions says what SpatialDropout2D.spec says. */
export type SpatialDropout2DOptionsFollowSpec = Assert<SameType<SpatialDropout2DOptions, LayerOptions & OptionsOf<typeof SpatialDropout2D.spec>>>;
// </options>

/** Keras 3's SpatialDropout2D: in training, drops whole channels of each sample, scaling the rest by 1 / (1 - rate); runs Keraflow's SpatialDropout2D. */
export class SpatialDropout2D extends KerasLayer {
  static override readonly spec = {
    className: 'SpatialDropout2D',
    dialect: 'keras',
    doc: 'In training, zeroes whole channels of each sample with probability rate (scaling the others by 1 / (1 - rate)); identity otherwise.',
    shape: '[rows, cols, channels] (channels_last) or [channels, rows, cols], kept',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of channels dropped, in [0, 1).' }, dataFormatArg],
    params: [],
    inputs: 'single',
    keras: KeraflowSpatialDropout2D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout2D.spec>;

  constructor(rate: number, options: SpatialDropout2DOptions = {}) {
    super([rate], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowSpatialDropout2D(this.args.rate, { dataFormat: dataFormatOf(this.args.dataFormat), ...options });
  }
}

registerLayer(SpatialDropout2D);

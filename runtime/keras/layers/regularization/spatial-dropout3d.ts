import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { SpatialDropout3D as KeraflowSpatialDropout3D } from '../../../layers/noise/spatial-dropout3d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf } from '../arguments.ts';

// <options of SpatialDropout3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SpatialDropout3D, after its positional arguments; every layer also takes LayerOptions. */
export interface SpatialDropout3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: SpatialDropout3DOptions says what SpatialDropout3D.spec says. */
export type SpatialDropout3DOptionsFollowSpec = Assert<SameType<SpatialDropout3DOptions, LayerOptions & OptionsOf<typeof SpatialDropout3D.spec>>>;
// </options>

/** Keras 3's SpatialDropout3D: in training, drops whole channels of each sample, scaling the rest by 1 / (1 - rate); runs Keraflow's SpatialDropout3D. */
export class SpatialDropout3D extends KerasLayer {
  static override readonly spec = {
    className: 'SpatialDropout3D',
    dialect: 'keras',
    doc: 'In training, zeroes whole channels of each sample with probability rate (scaling the others by 1 / (1 - rate)); identity otherwise.',
    shape: '[d1, d2, d3, channels] (channels_last) or [channels, d1, d2, d3], kept',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of channels dropped, in [0, 1).' }, dataFormatArg],
    params: [],
    inputs: 'single',
    keras: KeraflowSpatialDropout3D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout3D.spec>;

  constructor(rate: number, options: SpatialDropout3DOptions = {}) {
    super([rate], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowSpatialDropout3D(this.args.rate, { dataFormat: dataFormatOf(this.args.dataFormat), ...options });
  }
}

registerLayer(SpatialDropout3D);

import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { dataFormatArg } from '../arguments.ts';
import { SpatialDropout, spatialDropoutMapping } from './spatial-dropout.ts';

// <options of SpatialDropout3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SpatialDropout3D, after its positional arguments; every layer also takes LayerOptions. */
export interface SpatialDropout3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: SpatialDropout3DOptions says what SpatialDropout3D.spec says. */
export type SpatialDropout3DOptionsFollowSpec = Assert<SameType<SpatialDropout3DOptions, LayerOptions & OptionsOf<typeof SpatialDropout3D.spec>>>;
// </options>

/** Keras 3's SpatialDropout3D: in training, drops whole channels of each sample, scaling the rest by 1 / (1 - rate). */
export class SpatialDropout3D extends SpatialDropout {
  static override readonly spec = {
    className: 'SpatialDropout3D',
    dialect: 'keras',
    doc: 'In training, zeroes whole channels of each sample with probability rate (scaling the others by 1 / (1 - rate)); identity otherwise.',
    shape: '[d1, d2, d3, channels] (channels_last) or [channels, d1, d2, d3], kept',
    args: [
      { name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of channels dropped, in [0, 1).' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: spatialDropoutMapping('SpatialDropout3D', { dataFormat: true, tfjs: false }),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout3D.spec>;
  protected readonly spatialRank = 3;

  constructor(rate: number, options: SpatialDropout3DOptions = {}) {
    super([rate], options);
  }
}

registerLayer(SpatialDropout3D);

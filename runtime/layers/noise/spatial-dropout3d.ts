import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { registerLayer } from '../registry.ts';
import { SpatialDropout, spatialDropoutMapping } from './spatial-dropout.ts';

// <options of SpatialDropout3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SpatialDropout3D, after its positional arguments; every layer also takes LayerOptions. */
export interface SpatialDropout3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: SpatialDropout3DOptions says what SpatialDropout3D.spec says. */
export type SpatialDropout3DOptionsFollowSpec = Assert<SameType<SpatialDropout3DOptions, LayerOptions & OptionsOf<typeof SpatialDropout3D.spec>>>;
// </options>

/** Dropout of whole channels of 3-D feature maps: during training, zeroes each channel of each sample with probability dropRate, scaling the rest by 1 / (1 - dropRate). */
export class SpatialDropout3D extends SpatialDropout {
  static override readonly spec = {
    className: 'SpatialDropout3D',
    doc: 'Zeroes whole channels of each sample with probability drop_rate during training (scaling the others by 1 / (1 - drop_rate)); the identity otherwise.',
    shape: '[d1, d2, d3, channels] (channels_last) or [channels, d1, d2, d3], kept',
    args: [{ name: 'dropRate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The probability of dropping each channel, in [0, 1).' }, dataFormatArg],
    params: [],
    inputs: 'single',
    keras: spatialDropoutMapping('SpatialDropout3D', { dataFormat: true, tfjs: false }),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout3D.spec>;
  protected readonly spatialRank = 3;

  constructor(dropRate: number, options: SpatialDropout3DOptions = {}) {
    super([dropRate], options);
  }
}

registerLayer(SpatialDropout3D);

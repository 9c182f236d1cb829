import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { UpSampling } from './spatial-reshaping.ts';

// <options of UpSampling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of UpSampling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface UpSampling3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: UpSampling3DOptions says what UpSampling3D.spec says. */
export type UpSampling3DOptionsFollowSpec = Assert<SameType<UpSampling3DOptions, LayerOptions & OptionsOf<typeof UpSampling3D.spec>>>;
// </options>

/**
 * Nearest-neighbour up-sampling of the three spatial axes: [dim1, dim2, dim3,
 * channels] (channels last, the default): each step repeated, each size
 * multiplied by its repeat count.
 */
export class UpSampling3D extends UpSampling {
  static override readonly spec = {
    className: 'UpSampling3D',
    doc: "Repeats each step of the three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    shape: '[d1, d2, d3, channels] -> [d1 * repeats[0], d2 * repeats[1], d3 * repeats[2], channels]',
    args: [
      { name: 'repeats', type: 'intOrIntList', length: 3, positional: true, default: [2, 2, 2], min: 1, doc: 'How many times each step of each spatial axis is repeated, or one number for all.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UpSampling3D.spec>;

  constructor(repeats?: number | [number, number, number], options: UpSampling3DOptions = {}) {
    super(repeats, options, 3);
  }
}

registerLayer(UpSampling3D);

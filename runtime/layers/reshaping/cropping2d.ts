import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { Cropping, croppingKeras } from './cropping.ts';

// <options of Cropping2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Cropping2D, after its positional arguments; every layer also takes LayerOptions. */
export interface Cropping2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: Cropping2DOptions says what Cropping2D.spec says. */
export type Cropping2DOptionsFollowSpec = Assert<SameType<Cropping2DOptions, LayerOptions & OptionsOf<typeof Cropping2D.spec>>>;
// </options>

/** Steps cut from the start and the end of the rows and cols: [rows, cols, channels] (channels last, the default); the channels are kept. */
export class Cropping2D extends Cropping {
  static override readonly spec = {
    className: 'Cropping2D',
    doc: "Cuts steps from the start and the end of the rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    shape: '[rows, cols, channels] -> [rows - top - bottom, cols - left - right, channels]',
    args: [
      {
        name: 'crop',
        type: 'intOrIntPairs',
        length: 2,
        positional: true,
        default: 0,
        min: 0,
        doc: 'Steps cut: one number for all sides, [rows, cols] (both sides), or [[top, bottom], [left, right]].',
      },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: croppingKeras(2),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Cropping2D.spec>;

  constructor(crop?: number | [number, number] | [[number, number], [number, number]], options: Cropping2DOptions = {}) {
    super(crop, options, 2);
  }
}

registerLayer(Cropping2D);

import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Cropping2D as KeraflowCropping2D } from '../../../layers/reshaping/cropping2d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst } from '../arguments.ts';

// <options of Cropping2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Cropping2D, after its positional arguments; every layer also takes LayerOptions. */
export interface Cropping2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: Cropping2DOptions says what Cropping2D.spec says. */
export type Cropping2DOptionsFollowSpec = Assert<SameType<Cropping2DOptions, LayerOptions & OptionsOf<typeof Cropping2D.spec>>>;
// </options>

/** Keras 3's Cropping2D: steps cut from the start and the end of the rows and cols; runs Keraflow's Cropping2D. */
export class Cropping2D extends KerasLayer {
  static override readonly spec = {
    className: 'Cropping2D',
    dialect: 'keras',
    doc: KeraflowCropping2D.spec.doc,
    shape: '[rows, cols, channels] -> [rows - top - bottom, cols - left - right, channels]',
    args: [
      {
        name: 'cropping',
        type: 'intOrIntPairs',
        length: 2,
        positional: true,
        default: 0,
        min: 0,
        doc: 'Steps cut: one number for all sides, (rows, cols) (both sides), or ((top, bottom), (left, right)).',
      },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: KeraflowCropping2D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Cropping2D.spec>;

  constructor(cropping?: number | [number, number] | [[number, number], [number, number]] | Cropping2DOptions, options: Cropping2DOptions = {}) {
    super(...optionalFirst(cropping, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowCropping2D(this.args.cropping as number | [number, number] | [[number, number], [number, number]], { dataFormat: dataFormatOf(this.args.dataFormat), ...options });
  }
}

registerLayer(Cropping2D);

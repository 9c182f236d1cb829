import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { ZeroPadding2D as KeraflowZeroPadding2D } from '../../../layers/reshaping/zero-padding2d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst } from '../arguments.ts';

// <options of ZeroPadding2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ZeroPadding2D, after its positional arguments; every layer also takes LayerOptions. */
export interface ZeroPadding2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: ZeroPadding2DOptions says what ZeroPadding2D.spec says. */
export type ZeroPadding2DOptionsFollowSpec = Assert<SameType<ZeroPadding2DOptions, LayerOptions & OptionsOf<typeof ZeroPadding2D.spec>>>;
// </options>

/** Keras 3's ZeroPadding2D: zeros around the rows and cols; runs Keraflow's ZeroPadding2D. */
export class ZeroPadding2D extends KerasLayer {
  static override readonly spec = {
    className: 'ZeroPadding2D',
    dialect: 'keras',
    doc: KeraflowZeroPadding2D.spec.doc,
    shape: '[rows, cols, channels] -> [rows + top + bottom, cols + left + right, channels]',
    args: [
      { name: 'padding', type: 'intOrIntPairs', length: 2, positional: true, default: 1, min: 0, doc: 'Zeros added: one number for all sides, (rows, cols), or ((top, bottom), (left, right)).' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: KeraflowZeroPadding2D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ZeroPadding2D.spec>;

  constructor(padding?: number | [number, number] | [[number, number], [number, number]] | ZeroPadding2DOptions, options: ZeroPadding2DOptions = {}) {
    super(...optionalFirst(padding, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowZeroPadding2D(this.args.padding as number | [number, number] | [[number, number], [number, number]], { dataFormat: dataFormatOf(this.args.dataFormat), ...options });
  }
}

registerLayer(ZeroPadding2D);

import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { UpSampling2D as KeraflowUpSampling2D } from '../../../layers/reshaping/up-sampling2d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst } from '../arguments.ts';

// <options of UpSampling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of UpSampling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface UpSampling2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: UpSampling2DOptions says what UpSampling2D.spec says. */
export type UpSampling2DOptionsFollowSpec = Assert<SameType<UpSampling2DOptions, LayerOptions & OptionsOf<typeof UpSampling2D.spec>>>;
// </options>

/** Keras 3's UpSampling2D: each row and col repeated; runs Keraflow's UpSampling2D. */
export class UpSampling2D extends KerasLayer {
  static override readonly spec = {
    className: 'UpSampling2D',
    dialect: 'keras',
    doc: KeraflowUpSampling2D.spec.doc,
    shape: '[rows, cols, channels] -> [rows * size[0], cols * size[1], channels]',
    args: [
      { name: 'size', type: 'intOrIntList', length: 2, positional: true, default: 2, min: 1, doc: 'How many times each row and each col is repeated: (rows, cols), or one number for both.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: KeraflowUpSampling2D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UpSampling2D.spec>;

  constructor(size?: number | [number, number] | UpSampling2DOptions, options: UpSampling2DOptions = {}) {
    super(...optionalFirst(size, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowUpSampling2D(this.args.size as number | [number, number], { dataFormat: dataFormatOf(this.args.dataFormat), ...options });
  }
}

registerLayer(UpSampling2D);

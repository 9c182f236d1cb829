import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { ZeroPadding3D as KeraflowZeroPadding3D } from '../../../layers/reshaping/zero-padding3d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst } from '../arguments.ts';

// <options of ZeroPadding3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ZeroPadding3D, after its positional arguments; every layer also takes LayerOptions. */
export interface ZeroPadding3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: ZeroPadding3DOptions says what ZeroPadding3D.spec says. */
export type ZeroPadding3DOptionsFollowSpec = Assert<SameType<ZeroPadding3DOptions, LayerOptions & OptionsOf<typeof ZeroPadding3D.spec>>>;
// </options>

/** Keras 3's ZeroPadding3D: zeros around the three spatial axes; runs Keraflow's ZeroPadding3D. */
export class ZeroPadding3D extends KerasLayer {
  static override readonly spec = {
    className: 'ZeroPadding3D',
    dialect: 'keras',
    doc: KeraflowZeroPadding3D.spec.doc,
    shape: '[d1, d2, d3, channels] -> each spatial size plus its padding before and after, channels kept',
    args: [
      { name: 'padding', type: 'intOrIntPairs', length: 3, positional: true, default: 1, min: 0, doc: 'Zeros added: one number for all sides, one per axis, or a (before, after) pair per axis.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ZeroPadding3D.spec>;

  constructor(padding?: number | [number, number, number] | [[number, number], [number, number], [number, number]] | ZeroPadding3DOptions, options: ZeroPadding3DOptions = {}) {
    super(...optionalFirst(padding, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowZeroPadding3D(this.args.padding as number | [number, number, number] | [[number, number], [number, number], [number, number]], {
      dataFormat: dataFormatOf(this.args.dataFormat),
      ...options,
    });
  }
}

registerLayer(ZeroPadding3D);

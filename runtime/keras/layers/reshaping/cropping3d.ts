import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Cropping3D as KeraflowCropping3D } from '../../../layers/reshaping/cropping3d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst } from '../arguments.ts';

// <options of Cropping3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Cropping3D, after its positional arguments; every layer also takes LayerOptions. */
export interface Cropping3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: Cropping3DOptions says what Cropping3D.spec says. */
export type Cropping3DOptionsFollowSpec = Assert<SameType<Cropping3DOptions, LayerOptions & OptionsOf<typeof Cropping3D.spec>>>;
// </options>

/** Keras 3's Cropping3D: steps cut from the start and the end of the three spatial axes; runs Keraflow's Cropping3D. */
export class Cropping3D extends KerasLayer {
  static override readonly spec = {
    className: 'Cropping3D',
    dialect: 'keras',
    doc: KeraflowCropping3D.spec.doc,
    shape: '[d1, d2, d3, channels] -> each spatial size less its cropping at the start and the end, channels kept',
    args: [
      {
        name: 'cropping',
        type: 'intOrIntPairs',
        length: 3,
        positional: true,
        default: 1,
        min: 0,
        doc: 'Steps cut: one number for all sides, one per axis (both sides), or a (start, end) pair per axis.',
      },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: KeraflowCropping3D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Cropping3D.spec>;

  constructor(cropping?: number | [number, number, number] | [[number, number], [number, number], [number, number]] | Cropping3DOptions, options: Cropping3DOptions = {}) {
    super(...optionalFirst(cropping, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowCropping3D(this.args.cropping as number | [number, number, number] | [[number, number], [number, number], [number, number]], {
      dataFormat: dataFormatOf(this.args.dataFormat),
      ...options,
    });
  }
}

registerLayer(Cropping3D);

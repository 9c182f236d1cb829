import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { UpSampling3D as KeraflowUpSampling3D } from '../../../layers/reshaping/up-sampling3d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst } from '../arguments.ts';

// <options of UpSampling3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of UpSampling3D, after its positional arguments; every layer also takes LayerOptions. */
export interface UpSampling3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: UpSampling3DOptions says what UpSampling3D.spec says. */
export type UpSampling3DOptionsFollowSpec = Assert<SameType<UpSampling3DOptions, LayerOptions & OptionsOf<typeof UpSampling3D.spec>>>;
// </options>

/** Keras 3's UpSampling3D: each step of each spatial axis repeated; runs Keraflow's UpSampling3D. */
export class UpSampling3D extends KerasLayer {
  static override readonly spec = {
    className: 'UpSampling3D',
    dialect: 'keras',
    doc: KeraflowUpSampling3D.spec.doc,
    shape: '[d1, d2, d3, channels] -> [d1 * size[0], d2 * size[1], d3 * size[2], channels]',
    args: [
      { name: 'size', type: 'intOrIntList', length: 3, positional: true, default: 2, min: 1, doc: 'How many times each step of each spatial axis is repeated, or one number for all.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UpSampling3D.spec>;

  constructor(size?: number | [number, number, number] | UpSampling3DOptions, options: UpSampling3DOptions = {}) {
    super(...optionalFirst(size, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowUpSampling3D(this.args.size as number | [number, number, number], { dataFormat: dataFormatOf(this.args.dataFormat), ...options });
  }
}

registerLayer(UpSampling3D);

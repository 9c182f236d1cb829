import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { Cropping, croppingKeras } from './cropping.ts';

// <options of Cropping3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Cropping3D, after its positional arguments; every layer also takes LayerOptions. */
export interface Cropping3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: Cropping3DOptions says what Cropping3D.spec says. */
export type Cropping3DOptionsFollowSpec = Assert<SameType<Cropping3DOptions, LayerOptions & OptionsOf<typeof Cropping3D.spec>>>;
// </options>

/** Steps cut from the start and the end of the three spatial axes: [dim1, dim2, dim3, channels] (channels last, the default); the channels are kept. */
export class Cropping3D extends Cropping {
  static override readonly spec = {
    className: 'Cropping3D',
    doc: "Cuts steps from the start and the end of the three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    shape: '[d1, d2, d3, channels] -> each spatial size less its cropping at the start and the end, channels kept',
    args: [
      { name: 'crop', type: 'intOrIntPairs', length: 3, positional: true, default: 1, min: 0, doc: 'Steps cut: one number for all sides, one per axis (both sides), or a [start, end] pair per axis.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: croppingKeras(3),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Cropping3D.spec>;

  constructor(crop?: number | [number, number, number] | [[number, number], [number, number], [number, number]], options: Cropping3DOptions = {}) {
    super(crop, options, 3);
  }
}

registerLayer(Cropping3D);

import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { ZeroPadding } from './spatial-reshaping.ts';

// <options of ZeroPadding3D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ZeroPadding3D, after its positional arguments; every layer also takes LayerOptions. */
export interface ZeroPadding3DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: ZeroPadding3DOptions says what ZeroPadding3D.spec says. */
export type ZeroPadding3DOptionsFollowSpec = Assert<SameType<ZeroPadding3DOptions, LayerOptions & OptionsOf<typeof ZeroPadding3D.spec>>>;
// </options>

/**
 * Zeros added before and after the three spatial axes: [dim1, dim2, dim3,
 * channels] (channels last, the default); each padded size is the size plus
 * its two paddings.
 */
export class ZeroPadding3D extends ZeroPadding {
  static override readonly spec = {
    className: 'ZeroPadding3D',
    doc: "Adds zeros before and after the three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    shape: '[d1, d2, d3, channels] -> each spatial size plus its padding before and after, channels kept',
    args: [
      {
        name: 'pad',
        type: 'intOrIntPairs',
        length: 3,
        positional: true,
        default: [1, 1, 1],
        min: 0,
        doc: 'Zeros added: one number for all sides, one per axis (both sides), or a [before, after] pair per axis.',
      },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ZeroPadding3D.spec>;

  constructor(pad?: number | [number, number, number] | [[number, number], [number, number], [number, number]], options: ZeroPadding3DOptions = {}) {
    super(pad, options, 3);
  }
}

registerLayer(ZeroPadding3D);

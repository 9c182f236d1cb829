import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { ZeroPadding } from './spatial-reshaping.ts';

// <options of ZeroPadding2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ZeroPadding2D, after its positional arguments; every layer also takes LayerOptions. */
export interface ZeroPadding2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: ZeroPadding2DOptions says what ZeroPadding2D.spec says. */
export type ZeroPadding2DOptionsFollowSpec = Assert<SameType<ZeroPadding2DOptions, LayerOptions & OptionsOf<typeof ZeroPadding2D.spec>>>;
// </options>

/**
 * Zeros added before and after the rows and cols: [rows, cols, channels]
 * (channels last, the default); each padded size is the size plus its two
 * paddings.
 */
export class ZeroPadding2D extends ZeroPadding {
  static override readonly spec = {
    className: 'ZeroPadding2D',
    doc: "Adds zeros before and after the rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    shape: '[rows, cols, channels] -> [rows + top + bottom, cols + left + right, channels]',
    args: [
      {
        name: 'pad',
        type: 'intOrIntPairs',
        length: 2,
        positional: true,
        default: [1, 1],
        min: 0,
        doc: 'Zeros added: one number for all sides, [rows, cols] (both sides), or [[top, bottom], [left, right]].',
      },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: {
      className: 'ZeroPadding2D',
      config: (args, keras) => ({ padding: (keras.layer as ZeroPadding2D).padding, data_format: args.dataFormat }),
      fromKeras: { args: (config) => ({ pad: config.padding, dataFormat: config.data_format ?? 'channels_last' }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ZeroPadding2D.spec>;

  constructor(pad?: number | [number, number] | [[number, number], [number, number]], options: ZeroPadding2DOptions = {}) {
    super(pad, options, 2);
  }
}

registerLayer(ZeroPadding2D);

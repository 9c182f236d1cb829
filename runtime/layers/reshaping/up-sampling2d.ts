import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { UpSampling } from './spatial-reshaping.ts';

// <options of UpSampling2D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of UpSampling2D, after its positional arguments; every layer also takes LayerOptions. */
export interface UpSampling2DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: UpSampling2DOptions says what UpSampling2D.spec says. */
export type UpSampling2DOptionsFollowSpec = Assert<SameType<UpSampling2DOptions, LayerOptions & OptionsOf<typeof UpSampling2D.spec>>>;
// </options>

/**
 * Nearest-neighbour up-sampling of the rows and cols: [rows, cols, channels]
 * (channels last, the default): each step repeated, each size multiplied by
 * its repeat count.
 */
export class UpSampling2D extends UpSampling {
  static override readonly spec = {
    className: 'UpSampling2D',
    doc: "Repeats each step of the rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    shape: '[rows, cols, channels] -> [rows * repeats[0], cols * repeats[1], channels]',
    args: [
      { name: 'repeats', type: 'intOrIntList', length: 2, positional: true, default: [2, 2], min: 1, doc: 'How many times each row and each col is repeated: [rows, cols], or one number for both.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: {
      className: 'UpSampling2D',
      config: (args, keras) => ({ size: (keras.layer as UpSampling2D).repeats, data_format: args.dataFormat, interpolation: 'nearest' }),
      fromKeras: {
        args: (config, keras) => {
          keras.only('interpolation', 'nearest', "Keraflow's UpSampling2D repeats rows and cols (nearest)");
          return { repeats: config.size, dataFormat: config.data_format ?? 'channels_last' };
        },
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UpSampling2D.spec>;

  constructor(repeats?: number | [number, number], options: UpSampling2DOptions = {}) {
    super(repeats, options, 2);
  }
}

registerLayer(UpSampling2D);

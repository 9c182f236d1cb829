import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { UpSampling, type SpatialReshapingOptions } from './spatial-reshaping.ts';

/**
 * Nearest-neighbour up-sampling of the rows and cols: [rows, cols, channels]
 * (channels last, the default): each step repeated, each size multiplied by
 * its repeat count.
 */
export class UpSampling2D extends UpSampling {
  static override readonly spec: LayerSpec = {
    className: 'UpSampling2D',
    doc: "Repeats each step of the rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    args: [
      { name: 'repeats', type: 'intOrIntList', length: 2, positional: true, default: [2, 2], min: 1, doc: 'How many times each row and each col is repeated: [rows, cols], or one number for both.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: {
      className: 'UpSampling2D',
      config: (args, keras) => ({ size: (keras.layer as UpSampling2D).repeats, data_format: args.dataFormat, interpolation: 'nearest' }),
    },
  };

  constructor(repeats?: number | [number, number], options: SpatialReshapingOptions = {}) {
    super(repeats, options, 2);
  }
}

registerLayer(UpSampling2D);

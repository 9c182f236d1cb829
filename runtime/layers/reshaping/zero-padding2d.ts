import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { ZeroPadding, type SpatialReshapingOptions } from './spatial-reshaping.ts';

/**
 * Zeros added before and after the rows and cols: [rows, cols, channels]
 * (channels last, the default); each padded size is the size plus its two
 * paddings.
 */
export class ZeroPadding2D extends ZeroPadding {
  static override readonly spec: LayerSpec = {
    className: 'ZeroPadding2D',
    doc: "Adds zeros before and after the rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    args: [
      { name: 'pad', type: 'intOrIntPairs', length: 2, positional: true, default: [1, 1], min: 0, doc: 'Zeros added: one number for all sides, [rows, cols] (both sides), or [[top, bottom], [left, right]].' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
    keras: {
      className: 'ZeroPadding2D',
      config: (args, keras) => ({ padding: (keras.layer as ZeroPadding2D).padding, data_format: args.dataFormat }),
    },
  };

  constructor(pad?: number | [number, number] | [[number, number], [number, number]], options: SpatialReshapingOptions = {}) {
    super(pad, options, 2);
  }
}

registerLayer(ZeroPadding2D);

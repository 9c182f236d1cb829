import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { ZeroPadding, type SpatialReshapingOptions } from './spatial-reshaping.ts';

/**
 * Zeros added before and after the three spatial axes: [dim1, dim2, dim3,
 * channels] (channels last, the default); each padded size is the size plus
 * its two paddings.
 */
export class ZeroPadding3D extends ZeroPadding {
  static override readonly spec: LayerSpec = {
    className: 'ZeroPadding3D',
    doc: "Adds zeros before and after the three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    args: [
      { name: 'pad', type: 'intOrIntPairs', length: 3, positional: true, default: [1, 1, 1], min: 0, doc: 'Zeros added: one number for all sides, one per axis (both sides), or a [before, after] pair per axis.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  };

  constructor(pad?: number | [number, number, number] | [[number, number], [number, number], [number, number]], options: SpatialReshapingOptions = {}) {
    super(pad, options, 3);
  }
}

registerLayer(ZeroPadding3D);
